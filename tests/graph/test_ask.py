"""Tests of graph/queries/ask.py: ranking situations told in other words against the notes."""

from __future__ import annotations

# Paraphrases for development until tests/eval/queries/ask.jsonl exists (used by tests/eval/ask_eval.py):
# (question, expected names). Written to share few words with the notes' lines.
DEV_QUESTIONS = [
    ("my DynamoDB table got corrupted this morning, how do I roll it back to yesterday?", ["Point-in-Time Recovery"]),
    ("I need to find the faces of known people in photos", ["Amazon Rekognition"]),
    ("send order confirmations and newsletters to customers by mail", ["Amazon SES"]),
    ("putting a 20 GB video file into a bucket", ["Multipart Upload"]),
    ("my lambda functions are slow on the first request after being idle", ["Provisioned Concurrency"]),
    ("copy the objects that were already in the bucket before I turned on replication", ["S3 Batch Replication Feature"]),
    ("deliberately break things to check that my app survives outages", ["AWS Fault Injection Service"]),
    ("an address that doesn't change when I stop and start my server", ["Elastic IP"]),
    ("send requests to different backends depending on the URL path", ["Application Load Balancer"]),
    ("a file share that many linux machines mount at the same time", ["Amazon EFS"]),
    ("run aws commands from the browser without installing anything", ["AWS CloudShell"]),
    ("find out why two instances cannot talk to each other on the network", ["VPC Flow Logs"]),
    ("stop CloudFormation from replacing my database when I change the template", ["Stack Policy"]),
    ("let employees sign in with their existing corporate directory accounts without copying them", ["AD Connector"]),
    ("read latency of microseconds for a DynamoDB heavy app", ["Amazon DynamoDB Accelerator", "DAX"]),
]

import threading
from pathlib import Path

import networkx as nx
import pytest

from graph.errors import Errors
from graph.queries.ask import Answer, ask
from graph.queries.ask_index import AskIndex, _stemmer, build_documents

SAMPLE_NOTES = Path(__file__).resolve().parents[2] / "data" / "notes"


@pytest.fixture(autouse=True)
def no_embedding_cache(monkeypatch):
    """Small graphs are embedded afresh; nothing is written under the home folder."""
    monkeypatch.setenv("SERVICEMAP_CACHE_DIR", "")


def line(text: str, number: int) -> dict:
    return {"file": "notes.md", "line": number, "text": text}


def add_topic(graph: nx.MultiDiGraph, node: str, name: str, *, definition: str | None = None,
              evidence: list[dict] | None = None, aliases: list[str] | None = None) -> None:
    graph.add_node(node, kind=node.split(":")[0], name=name, aliases=aliases or [], definition=definition,
                   evidence=evidence or [])


def add_use_when(graph: nx.MultiDiGraph, use: str, target: str, condition: str, evidence: dict) -> None:
    graph.add_edge(use, target, type="USE_WHEN", condition=condition, evidence=[evidence])


@pytest.fixture()
def notes_graph() -> nx.MultiDiGraph:
    """Five topics with one USE_WHEN condition each, worded the way study notes are."""
    graph = nx.MultiDiGraph()
    add_topic(graph, "service:amazon-dynamodb", "Amazon DynamoDB", aliases=["DynamoDB", "DDB"])
    add_topic(graph, "service:amazon-rds", "Amazon RDS", aliases=["RDS"])
    add_topic(graph, "service:amazon-ses", "Amazon SES", aliases=["SES"])
    add_topic(graph, "concept:point-in-time-recovery", "Point-in-Time Recovery", aliases=["PITR"])
    add_topic(graph, "concept:multipart-upload", "Multipart Upload")
    add_topic(graph, "concept:read-replica", "Read Replica", definition="asynchronous copy of the database that serves reads",
              evidence=[line("Read Replica: asynchronous copy of the database that serves reads", 40)])
    graph.add_node("limit:multipart-upload:size", kind="limit", name="5 GB", evidence=[line("required above 5 GB", 21)])
    add_use_when(graph, "concept:point-in-time-recovery", "service:amazon-dynamodb", "restore to state 24 hours ago",
                 line("“Need to restore to state 24 hours ago” → PITR.", 10))
    add_use_when(graph, "concept:multipart-upload", "concept:multipart-upload", "files > 100 MB",
                 line("Multipart Upload: files > 100 MB", 20))
    add_use_when(graph, "service:amazon-ses", "service:amazon-ses", "transactional, marketing and bulk emails",
                 line("SES: transactional, marketing and bulk emails", 30))
    graph.add_edge("concept:point-in-time-recovery", "service:amazon-dynamodb", type="PART_OF", evidence=[])
    graph.add_edge("concept:read-replica", "service:amazon-rds", type="PART_OF", evidence=[])
    graph.add_edge("concept:multipart-upload", "limit:multipart-upload:size", type="HAS_LIMIT", evidence=[])
    return graph


@pytest.mark.parametrize("method", ["fused", "embedding"])
def test_a_paraphrase_sharing_no_words_finds_the_condition(notes_graph, method):
    answers = ask(notes_graph, "my table got corrupted this morning, can I roll it back to yesterday?", method=method)
    assert answers[0].id == "concept:point-in-time-recovery"
    assert answers[0].condition == "restore to state 24 hours ago"


def test_answers_carry_the_note_lines_behind_the_condition(notes_graph):
    (answer,) = ask(notes_graph, "send password reset mails to our customers", k=1)
    assert answer.name == "Amazon SES"
    assert answer.evidence == ({"file": "notes.md", "line": 30, "text": "SES: transactional, marketing and bulk emails"},)
    assert set(answer.to_dict()) == {"id", "name", "kind", "score", "condition", "evidence"}
    assert answer.to_dict()["evidence"] == [dict(answer.evidence[0])]


def test_a_definition_answers_when_there_is_no_condition(notes_graph):
    answers = ask(notes_graph, "scale out database reads with a copy", k=2)
    assert answers[0].id == "concept:read-replica"
    # the definition, alone or as the line that gives it
    assert answers[0].condition.endswith("asynchronous copy of the database that serves reads")
    assert answers[0].evidence[0]["line"] == 40


def test_k_is_respected_and_answers_are_best_first(notes_graph):
    answers = ask(notes_graph, "upload a huge video file", k=2)
    assert len(answers) == 2
    assert answers[0].name == "Multipart Upload"
    assert answers[0].score >= answers[1].score


def test_only_services_and_concepts_are_answers(notes_graph):
    kinds = {a.kind for a in ask(notes_graph, "required above 5 GB", k=10)}
    assert kinds <= {"service", "concept"}


def twin_features(services: dict[str, list[str]], name: str, condition: str) -> nx.MultiDiGraph:
    """Two services (node id → aliases) with a feature each, ``concept:twin-0`` and ``-1``, that the notes
    describe in the same words: only what the question says of the services can tell them apart."""
    graph = nx.MultiDiGraph()
    for i, (service, aliases) in enumerate(services.items()):
        add_topic(graph, service, aliases[0], aliases=aliases)
        node = f"concept:twin-{i}"
        add_topic(graph, node, name)
        add_use_when(graph, node, node, condition, line(f"{name}: {condition}", 1))
        graph.add_edge(node, service, type="PART_OF", evidence=[])
    return graph


def test_a_named_service_favours_its_own_features():
    graph = twin_features({"service:amazon-dynamodb": ["DynamoDB"], "service:amazon-rds": ["RDS"]},
                          "Restore", "go back to an earlier point in time")
    assert ask(graph, "roll my DynamoDB table back to yesterday", k=1)[0].id == "concept:twin-0"
    assert ask(graph, "roll my RDS database back to yesterday", k=1)[0].id == "concept:twin-1"


def test_an_everyday_word_favours_the_features_of_the_service_it_hints_at():
    """"my functions" hints at Lambda (its node's ``hints``), "my tables" at nothing: a tie between two
    features goes to Lambda's only when the question uses the word, in the singular or plural."""
    graph = twin_features({"service:amazon-rds": ["RDS"], "service:aws-lambda": ["Lambda"]},
                          "Warm Pool", "keep capacity ready before traffic arrives")
    graph.nodes["service:aws-lambda"]["hints"] = ["function"]
    assert ask(graph, "my functions are slow on the first request", k=1)[0].id == "concept:twin-1"
    assert ask(graph, "my function is slow on the first request", k=1)[0].id == "concept:twin-1"
    assert ask(graph, "my tables are slow on the first request", k=1)[0].id == "concept:twin-0"  # node order


def test_an_everyday_word_alias_names_its_service_only_when_written_with_a_capital():
    """"our backup software" is about backups, not AWS Backup: the lexicon marks "Backup" ambiguous
    (the node's ``ambiguous``), so it names the service only as "Backup" or "AWS Backup"."""
    graph = nx.MultiDiGraph()
    add_topic(graph, "service:aws-backup", "AWS Backup", aliases=["Backup"])
    add_topic(graph, "service:aws-config", "AWS Config", aliases=["Config"])
    add_topic(graph, "service:amazon-ec2-auto-scaling", "Amazon EC2 Auto Scaling", aliases=["Auto Scaling"])
    add_topic(graph, "service:amazon-dynamodb", "Amazon DynamoDB", aliases=["Dynamo"])
    add_topic(graph, "service:aws-savings-plans", "AWS Savings Plans", aliases=["SavingsPlans"])
    for node, alias in [("aws-backup", "Backup"), ("amazon-ec2-auto-scaling", "Auto Scaling"), ("amazon-dynamodb", "Dynamo"),
                        ("aws-savings-plans", "SavingsPlans")]:
        graph.nodes[f"service:{node}"]["ambiguous"] = [alias]
    add_use_when(graph, "service:aws-backup", "service:aws-backup", "central backup plans", line("AWS Backup: plans", 1))
    index = AskIndex(graph)
    assert index.services_named("keep our backup software as it is") == set()
    assert index.without_service_names("keep our backup software") == "keep our backup software"
    assert index.services_named("a Backup vault") == index.services_named("an AWS Backup vault") == {"service:aws-backup"}
    assert index.without_service_names("an AWS Backup vault") == "an vault"
    # an alias the lexicon does not mark names its service in any case
    assert index.services_named("the config rules") == {"service:aws-config"}
    # nor does a phrase the lexicon marks: in a question it means the service
    assert index.services_named("my auto scaling group") == {"service:amazon-ec2-auto-scaling"}
    # nor a short form of the name ("dynamo" for DynamoDB), nor two words joined ("SavingsPlans")
    assert index.services_named("my dynamo table") == {"service:amazon-dynamodb"}
    assert index.services_named("are savingsplans cheaper") == {"service:aws-savings-plans"}


def test_a_topic_the_lexicon_knows_wins_a_tie_with_a_phrase_from_the_notes():
    """Of two topics whose notes say the same, the lexicon's (it has a category) ranks above a phrase the
    extractor took from the notes, whichever comes first in the graph."""
    for order in ([0, 1], [1, 0]):
        graph = nx.MultiDiGraph()
        # one name for both, so that only the category tells them apart
        topics = [("concept:replica-phrase", "Replica", None), ("concept:replica", "Replica", "database")]
        for position in order:
            node, name, category = topics[position]
            add_topic(graph, node, name)
            if category:
                graph.nodes[node]["category"] = category
            add_use_when(graph, node, node, "offload reporting reads from the primary", line(f"{name}: offload reads", 1))
        answers = ask(graph, "keep heavy reports from slowing the main database", k=2)
        assert [a.id for a in answers] == ["concept:replica", "concept:replica-phrase"]
        assert answers[0].score > answers[1].score


def test_a_question_asking_for_a_service_favours_services():
    """A service and a feature whose notes say the same: "Which service …" puts the service first; a question
    that does not ask for one leaves them in node order."""
    graph = nx.MultiDiGraph()
    for node in ("concept:log-insights", "service:aws-audit"):
        name = "Trail"  # one name for both, so that only what the question asks for tells them apart
        add_topic(graph, node, name)
        add_use_when(graph, node, node, "record who changed what in the account", line(f"{name}: who changed what", 1))
    assert ask(graph, "Which service shows who deleted the firewall rule?", k=1)[0].id == "service:aws-audit"
    assert ask(graph, "Is there a managed service that shows who deleted the firewall rule?", k=1)[0].id == "service:aws-audit"
    assert ask(graph, "Who deleted the firewall rule?", k=1)[0].id == "concept:log-insights"


def test_a_note_line_answers_for_two_topics_at_most(notes_graph):
    """A line that three topics share (a heading's, a phrase's and a section's) answers for the better two."""
    for node, name in (("concept:large-object", "Large Object"), ("concept:big-file", "Big File")):
        add_topic(notes_graph, node, name)
        add_use_when(notes_graph, node, node, "files > 100 MB", line("Multipart Upload: files > 100 MB", 20))
    sharing = {"concept:multipart-upload", "concept:large-object", "concept:big-file"}
    answers = ask(notes_graph, "upload a huge video file", k=4)
    assert len(answers) == 4
    assert len({a.id for a in answers} & sharing) == 2
    assert [a.condition for a in answers].count("files > 100 MB") == 2
    assert answers[0].id in sharing  # the shared line still answers first


@pytest.mark.parametrize("question", ["", "   \n\t"])
def test_an_empty_question_is_a_clear_error(notes_graph, question):
    with pytest.raises(ValueError, match="the question is empty"):
        ask(notes_graph, question)


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_k_below_one_is_an_error(notes_graph, k):
    with pytest.raises(ValueError, match="k must be"):
        ask(notes_graph, "upload a file", k=k)


def test_an_unknown_method_is_an_error(notes_graph):
    with pytest.raises(ValueError, match="no ranking method 'magic'"):
        ask(notes_graph, "upload a file", method="magic")


def test_a_graph_without_conditions_or_definitions_answers_nothing():
    graph = nx.MultiDiGraph()
    add_topic(graph, "service:amazon-s3", "Amazon S3")
    add_topic(graph, "concept:bucket", "Bucket")
    graph.add_edge("concept:bucket", "service:amazon-s3", type="PART_OF", evidence=[])
    assert ask(graph, "where do I keep my files?") == []
    assert ask(nx.MultiDiGraph(), "anything") == []


def test_a_one_word_section_line_is_no_document():
    """"Lambda" alone under a heading is a list cell: it answers no situation, the line beside it does."""
    graph = nx.MultiDiGraph()
    add_topic(graph, "concept:destinations", "Destinations")
    graph.nodes["concept:destinations"]["section_lines"] = [line("Lambda", 3), line("Send results of async calls", 4)]
    documents = build_documents(graph)
    assert [d.display for d in documents] == ["Send results of async calls"]


def test_a_line_naming_a_feature_after_its_service_is_a_document_of_the_feature():
    """"DynamoDB – GSI (Global Secondary Index) — …" names GSI as DynamoDB's: it tells what GSI is for."""
    graph = nx.MultiDiGraph()
    add_topic(graph, "service:amazon-dynamodb", "Amazon DynamoDB", aliases=["DynamoDB"])
    add_topic(graph, "concept:gsi", "GSI", aliases=["Global Secondary Index"])
    graph.nodes["concept:gsi"]["part_of"] = "service:amazon-dynamodb"
    named = line("DynamoDB – GSI (Global Secondary Index) — query on non-key attributes", 7)
    graph.nodes["concept:gsi"]["evidence"] = [named, line("Indexes: GSI and LSI on the table", 8)]
    assert [d.display for d in build_documents(graph) if d.node == "concept:gsi"] == [named["text"]]


def test_bm25_matches_words_by_their_stems():
    """"How do I invalidate …" finds "Invalidation: removes cached items", which shares no word with it as written."""
    graph = nx.MultiDiGraph()
    add_topic(graph, "concept:invalidation", "Invalidation", definition="removes cached items before TTL expires")
    add_topic(graph, "concept:ttl", "TTL", definition="how long an object stays at the edge")
    index = AskIndex(graph, cache_dir=None)
    scores = index.bm25_scores("how do I invalidate the old copy?")
    assert scores[0] > 0 and scores[1] == 0


def test_each_thread_stems_with_its_own_stemmer():
    """PyStemmer's stemmers are not safe to share, and Streamlit answers each session on a thread of its own."""
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(_stemmer())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 2 and seen[0] is not seen[1] and _stemmer() is _stemmer()


def test_bm25_answers_nothing_when_no_word_is_shared(notes_graph):
    assert ask(notes_graph, "zebra quartz", method="bm25") == []
    assert ask(notes_graph, "bulk emails", method="bm25")[0].name == "Amazon SES"


def test_the_index_is_built_once_per_graph_and_rebuilt_after_a_change(notes_graph):
    first = AskIndex.for_graph(notes_graph)
    assert AskIndex.for_graph(notes_graph) is first
    add_topic(notes_graph, "concept:new", "New Topic", definition="something new")
    assert AskIndex.for_graph(notes_graph) is not first


def in_reverse_order(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with its nodes and edges in reverse order, as another store may give them."""
    reordered = nx.MultiDiGraph()
    reordered.add_nodes_from(reversed(list(graph.nodes(data=True))))
    reordered.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    return reordered


def test_a_topics_profile_is_the_same_whatever_order_the_store_gives_its_edges(notes_graph):
    add_use_when(notes_graph, "service:amazon-ses", "service:amazon-ses", "send newsletters", line("SES: newsletters", 31))
    profiles = dict(zip(AskIndex(notes_graph).nodes, AskIndex(notes_graph).profiles))
    reordered = in_reverse_order(notes_graph)
    assert dict(zip(AskIndex(reordered).nodes, AskIndex(reordered).profiles)) == profiles
    assert profiles["service:amazon-ses"] == "Amazon SES: transactional, marketing and bulk emails; send newsletters"


def test_the_embedding_cache_serves_the_same_graph_whatever_order_the_store_gives_its_nodes(notes_graph, tmp_path,
                                                                                            monkeypatch):
    # Neo4j gives nodes in its own order; the profiles (one per node) once made the cache miss, and a first
    # question on a graph loaded from Neo4j embedded every text again (60 s on the sample).
    from graph.queries import embedding

    first = AskIndex(notes_graph, cache_dir=tmp_path)
    vectors = dict(zip(first.profiles, first.profile_embeddings))
    again = AskIndex(in_reverse_order(notes_graph), cache_dir=tmp_path)
    assert again.nodes != first.nodes

    def no_encoding(texts):
        raise AssertionError(f"encoded {len(texts)} texts again")

    monkeypatch.setattr(embedding, "encode", no_encoding)
    assert all((vectors[p] == v).all() for p, v in zip(again.profiles, again.profile_embeddings))
    assert again.texts == first.texts and (again.embeddings == first.embeddings).all()


def test_a_topics_score_blends_its_best_document_with_its_profile(notes_graph, monkeypatch):
    import numpy as np

    import graph.queries.ask as ask_module
    from graph.queries import embedding

    question = "keep a copy of my data that can serve reads"  # names no service: no boost
    index = AskIndex.for_graph(notes_graph)
    monkeypatch.setattr(ask_module, "PROFILE_WEIGHT", 1.0)
    answers = ask(notes_graph, question, k=6)
    vector = index.situation_vector(question)
    expected = {node: float(vector @ topic) for node, topic in zip(index.nodes, index.topic_vectors)}
    assert answers and all(np.isclose(a.score, expected[a.id], atol=1e-5) for a in answers)
    monkeypatch.setattr(ask_module, "PROFILE_WEIGHT", 0.0)
    best_documents = {a.id: a.score for a in ask(notes_graph, question, k=6)}
    assert any(not np.isclose(best_documents[a.id], a.score, atol=1e-3) for a in answers if a.id in best_documents)


def test_a_topics_vector_blends_its_profile_with_the_mean_of_all_its_documents(notes_graph, monkeypatch):
    import numpy as np

    from graph.queries import ask_index, embedding

    def unit(vector):
        return vector / np.linalg.norm(vector)

    index = AskIndex(notes_graph)
    documents = {}
    for document in index.documents:
        documents.setdefault(document.node, []).append(document.display)
    centroid = {node: unit(embedding.encode(texts).sum(axis=0)) for node, texts in documents.items()}
    profile = dict(zip(index.nodes, embedding.encode(index.profiles)))
    share = ask_index.CENTROID_SHARE
    assert 0 < share < 1
    assert any(len(texts) > 1 for texts in documents.values())  # else the mean would be the one document
    for node, vector in zip(index.nodes, index.topic_vectors):
        assert np.allclose(vector, unit(share * centroid[node] + (1 - share) * profile[node]), atol=1e-5), node
    # the store's node order changes nothing
    reordered = AskIndex(in_reverse_order(notes_graph))
    assert reordered.nodes != index.nodes
    by_node = dict(zip(index.nodes, index.topic_vectors))
    assert all(np.allclose(by_node[node], v, atol=1e-6) for node, v in zip(reordered.nodes, reordered.topic_vectors))


def test_a_question_is_the_mean_of_its_words_weighted_by_rarity_without_stop_words(notes_graph):
    import numpy as np

    from graph.queries import embedding
    from graph.queries.ask_index import piece_weights

    index = AskIndex(notes_graph)
    question = "how do I restore my table?"
    tokens, ids, vectors = embedding.piece_vectors(question)
    weights = piece_weights(tokens, index.piece_idf[ids])
    assert [t for t, w in zip(tokens, weights) if w > 0] == ["restore", "table"]
    expected = weights @ vectors
    assert np.allclose(index.situation_vector(question), expected / np.linalg.norm(expected), atol=1e-6)
    assert not np.allclose(index.situation_vector(question), embedding.encode([question])[0], atol=1e-2)
    # a question of stop words only is the model's own sentence vector
    assert np.allclose(index.situation_vector("how do I?"), embedding.encode(["how do I?"])[0], atol=1e-6)


def test_a_word_piece_weighs_less_the_more_texts_use_it():
    from graph.queries import embedding

    graph = nx.MultiDiGraph()
    for number, condition in enumerate(["cheap storage for logs", "cheap compute for batch jobs", "archive kept for years"]):
        add_topic(graph, f"concept:c{number}", f"C{number}")
        add_use_when(graph, f"concept:c{number}", f"concept:c{number}", condition, line(condition, number))
    index = AskIndex(graph)
    cls, cheap, archive, zebra, _ = embedding.pieces(["cheap archive zebra"])[0]
    assert index.piece_idf[cls] == 0  # in every text
    assert 0 < index.piece_idf[cheap] < index.piece_idf[archive] < index.piece_idf[zebra] == index.piece_idf.max()


def test_answer_is_frozen():
    answer = Answer("concept:x", "X", "concept", 0.5, "when y", ())
    with pytest.raises(AttributeError):
        answer.score = 1.0  # type: ignore[misc]


def test_error_messages_say_what_to_do():
    assert "describe the situation" in Errors.E120


@pytest.mark.slow
def test_the_sample_notes_answer_with_their_own_lines(sample_graph):
    answers = ask(sample_graph, "my DynamoDB table got corrupted this morning, how do I roll it back to yesterday?", k=3)
    assert len(answers) == 3
    assert all(a.kind in {"service", "concept"} for a in answers)
    assert all(a.evidence and a.evidence[0]["file"].startswith("data/notes/") for a in answers)


@pytest.mark.slow
def test_the_issue_example_finds_point_in_time_recovery(sample_graph):
    # Missed while the question was embedded as the plain mean of its pieces: "my", "this", "how", "?"
    # pulled it towards lines that merely mention a table.
    answers = ask(sample_graph, "my DynamoDB table got corrupted this morning, how do I roll it back to yesterday?", k=3)
    assert "Point-in-Time Recovery" in [a.name for a in answers]


@pytest.fixture()
def sample_graph(monkeypatch):
    from extract.pipeline import extract_paths

    # The user's embedding cache, as `servicemap ask` uses it: embedding every note line takes a while.
    monkeypatch.delenv("SERVICEMAP_CACHE_DIR")
    return extract_paths([SAMPLE_NOTES]).doc.to_networkx()
