"""The questions the graph answers, on a graph extracted from small real notes (tests/graph/study_notes.py)
and, for the properties every answer must have, on the sample notes the product ships."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from extract.pipeline import extract_paths
from graph.queries.compare import bound_key, compare_topics
from graph.queries.neighbourhood import neighbourhood
from graph.queries.path import find_paths
from graph.queries.prereqs import learning_path
from graph.queries.search import search_topics
from graph.queries.show import show_topic
from graph.queries.topics import UnknownTopic, resolve_topic
from tests.graph.study_notes import NOTES, write_notes

SAMPLE_NOTES = Path(__file__).resolve().parents[2] / "data" / "notes"


@pytest.fixture(scope="module")
def notes_dir(tmp_path_factory) -> Path:
    return write_notes(tmp_path_factory.mktemp("notes"))


@pytest.fixture(scope="module")
def graph(notes_dir) -> nx.MultiDiGraph:
    return extract_paths([notes_dir]).doc.to_networkx()


@pytest.fixture(scope="module")
def sample_graph() -> nx.MultiDiGraph:
    return extract_paths([SAMPLE_NOTES]).doc.to_networkx()


def assert_evidence_is_real(evidence: list[dict]) -> None:
    """Every evidence item points at a line of a note whose text it quotes."""
    assert evidence
    for e in evidence:
        name = Path(e["file"]).name
        assert e["text"].strip() in NOTES[name].splitlines()[e["line"] - 1], e


# -- names ------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("sqs", "service:amazon-sqs"), ("Simple Queue", "service:amazon-sqs"), ("AMAZON SNS", "service:amazon-sns"),
    ("Lamda", "service:aws-lambda"), ("multipart uploads", "concept:multipart-upload"),
    ("service:amazon-efs", "service:amazon-efs"),
])
def test_names_resolve_through_case_aliases_plurals_and_typos(graph, typed, expected):
    assert resolve_topic(graph, typed) == expected


def test_an_unknown_name_suggests_the_closest_topics(graph):
    with pytest.raises(UnknownTopic) as caught:
        resolve_topic(graph, "S4")
    assert "Amazon S3" in caught.value.suggestions
    assert str(caught.value).startswith("no topic named 'S4' — did you mean")


def test_a_different_short_word_is_not_taken_for_a_typo(graph):
    with pytest.raises(UnknownTopic):
        resolve_topic(graph, "SQS Standard")  # not "S3 Standard", not SQS: the notes have no such topic


# -- show -------------------------------------------------------------------------------------

def test_show_lists_limits_use_when_and_relations_with_evidence(graph):
    details = show_topic(graph, "sqs")
    assert details.topic.kind == "service" and "SQS" in details.aliases
    assert {f.label for f in details.limits} >= {"max message size: 256 KB", "max retention: 14 days"}
    assert [u.condition for u in details.use_when] == ["decouple producers and consumers"]
    assert {r.other.name for r in details.neighbours["COMPARED_WITH"]} >= {"Amazon SNS"}
    for fact in (*details.limits, *details.use_when):
        assert_evidence_is_real(fact.evidence)
    assert details.to_dict()["limits"][0]["evidence"][0]["file"].endswith("messaging.md")


def test_a_line_of_a_topics_section_that_names_nothing_is_kept_as_its_section_line(graph):
    details = show_topic(graph, "EFS")
    assert "Pay only for what you store, no provisioning." not in [e["text"] for e in details.evidence]
    assert [e["text"] for e in details.section_lines] == ["Pay only for what you store, no provisioning."]
    assert_evidence_is_real(details.section_lines)
    efs = compare_topics(graph, ["EBS", "EFS"]).columns[1]
    assert "Pay only for what you store, no provisioning." in [e["text"] for e in efs.notes]


def test_show_of_a_limit_names_its_subject(graph):
    details = show_topic(graph, "limit:amazon-s3:object-size:max:5-tb")
    assert [r.other.id for r in details.neighbours["HAS_LIMIT"]] == ["service:amazon-s3"]


# -- search -----------------------------------------------------------------------------------

def test_search_ranks_names_before_note_text(graph):
    hits = search_topics(graph, "queue")
    assert hits[0].topic.id == "service:amazon-sqs" and hits[0].matched == "alias"
    by_note = search_topics(graph, "fan out")
    assert by_note and all(h.matched == "note" for h in by_note)
    assert by_note[0].topic.id in ("service:amazon-sns", "service:amazon-sqs")
    assert all("fan" in e["text"].lower() for h in by_note for e in h.evidence)


def test_search_needs_text(graph):
    with pytest.raises(ValueError):
        search_topics(graph, "  ?! ")


# -- path -------------------------------------------------------------------------------------

def test_path_explains_each_hop_with_a_note_line(graph):
    paths = find_paths(graph, "S3", "Lambda")
    assert paths and len(paths[0].hops) == 2
    assert [t.id for t in paths[0].topics] == ["service:amazon-s3", "concept:s3-event-notifications", "service:aws-lambda"]
    for hop in paths[0].hops:
        assert_evidence_is_real(hop.evidence)
    assert paths[0].hops[0].sentence == "S3 Event Notifications is part of Amazon S3"


def test_path_never_runs_through_a_limit(graph):
    # SQS and SNS share no node but a limit of the same value would be a shortcut if limits were passable
    for path in find_paths(graph, "SQS", "Lambda", limit=10):
        assert all(t.kind != "limit" for t in path.topics)


def test_no_path_is_an_empty_answer(graph):
    isolated = graph.copy()
    isolated.add_node("concept:island", kind="concept", name="Island", aliases=[], evidence=[])
    assert find_paths(isolated, "Island", "S3") == []


# -- compare ----------------------------------------------------------------------------------

def test_compare_aligns_limits_and_finds_the_notes_own_comparison(graph):
    result = compare_topics(graph, ["SQS", "SNS"])
    assert [c.topic.id for c in result.columns] == ["service:amazon-sqs", "service:amazon-sns"]
    size = next(r for r in result.limits if r.bound == "message size")
    assert {t: [f.text for f in fs] for t, fs in size.cells.items()} == {
        "service:amazon-sqs": ["256 KB"], "service:amazon-sns": ["256 KB"]}
    assert "SQS vs SNS: pull vs push." in [e["text"] for e in result.from_notes]
    assert "S3 Event Notifications" in [s.other.name for s in result.shared]
    sqs, sns = result.columns
    assert [u.condition for u in sqs.use_when] == ["decouple producers and consumers"]
    assert [u.condition for u in sns.use_when] == ["one message must fan out to many subscribers"]
    assert all("SNS" not in e["text"] for e in sqs.notes)  # its own lines name no other topic


def test_compare_works_for_three_topics_and_needs_two(graph):
    result = compare_topics(graph, ["EBS", "EFS", "S3"])
    assert len(result.columns) == 3
    with pytest.raises(ValueError):
        compare_topics(graph, ["SQS", "Amazon SQS"])


def test_compare_shows_a_line_that_opens_with_the_topics_name_before_its_many_section_lines():
    g = nx.MultiDiGraph()
    line = lambda n, text: {"file": "n.md", "line": n, "text": text}  # noqa: E731
    g.add_node("concept:sg", kind="concept", name="Security Groups", aliases=["SG"],
               evidence=[line(1, "Security Groups"), line(90, "Security Groups = STATEFUL (return traffic allowed)")],
               section_lines=[line(n, f"Rule field {n} - ex = TCP") for n in range(2, 40)])
    g.add_node("concept:nacl", kind="concept", name="NACL", aliases=[], evidence=[line(91, "NACL = STATELESS")])
    sg = compare_topics(g, ["Security Groups", "NACL"]).columns[0]
    texts = [e["text"] for e in sg.notes]
    assert texts[0] == "Security Groups = STATEFUL (return traffic allowed)"
    assert texts[1] == "Rule field 2 - ex = TCP"  # then its sections' lines


def test_a_line_of_one_topics_section_that_names_the_other_is_one_of_the_notes_comparisons():
    g = nx.MultiDiGraph()
    line = lambda n, text: {"file": "n.md", "line": n, "text": text}  # noqa: E731
    g.add_node("concept:edge", kind="concept", name="Lambda@Edge", aliases=[], evidence=[line(1, "Lambda@Edge")],
               section_lines=[line(2, "Limited runtimes, higher latency than CloudFront Functions"), line(3, "Runs in regions")])
    g.add_node("concept:cff", kind="concept", name="CloudFront Functions", aliases=[], evidence=[line(9, "CloudFront Functions")])
    result = compare_topics(g, ["Lambda@Edge", "CloudFront Functions"])
    assert [e["text"] for e in result.from_notes] == ["Limited runtimes, higher latency than CloudFront Functions"]
    assert [e["text"] for e in result.columns[0].notes] == ["Runs in regions", "Lambda@Edge"]


def test_bound_key_folds_qualifiers_and_plurals():
    assert bound_key("Max messages size") == bound_key("message size") == "message size"


# -- prerequisites ------------------------------------------------------------------------------

def test_learning_path_puts_the_explicit_prerequisite_first(graph):
    path = learning_path(graph, "S3 Object Lock")
    assert [(s.topic.name, s.reason.split(",")[0]) for s in path.steps][:2] == [("S3 Versioning", "explicit"),
                                                                               ("Amazon S3", "part of")]
    assert_evidence_is_real(path.steps[0].evidence)
    assert all(0 < s.confidence <= 1 for s in path.steps)


def test_a_concept_of_the_same_service_its_lines_name_and_the_courses_teach_first_is_a_step():
    """"Aliases: pointers to versions" names Lambda Version without "Lambda"; a line listing two other
    topics ("Aliases, Layers and Versions") makes no step, and a topic taught later is none either."""
    g = nx.MultiDiGraph()
    line = lambda n, text: {"file": "n.md", "line": n, "text": text}  # noqa: E731
    g.add_node("service:lambda", kind="service", name="AWS Lambda", aliases=["Lambda"], evidence=[line(1, "Lambda")])
    for key, name, evidence in [
            ("version", "Lambda Version", [line(5, "Versions: immutable snapshots")]),
            ("alias", "Lambda Alias", [line(9, "Aliases: pointers to versions, traffic splitting"),
                                       line(10, "Aliases, Layers and Versions")]),
            ("layer", "Lambda Layer", [line(20, "Layers: share code"), line(21, "Layers hold what aliases point at")])]:
        g.add_node(f"concept:{key}", kind="concept", name=name, aliases=[], category="compute", evidence=evidence)
        g.add_edge(f"concept:{key}", "service:lambda", type="PART_OF", evidence=evidence[:1])
    steps = {s.topic.name: s for s in learning_path(g, "Lambda Alias", depth=1).steps}
    assert steps["Lambda Version"].reason == "named in its notes, taught earlier"
    assert steps["Lambda Version"].evidence == [line(9, "Aliases: pointers to versions, traffic splitting")]
    assert "Lambda Layer" not in steps  # only on the list line, and taught later
    assert "Lambda Alias" in {s.topic.name for s in learning_path(g, "Lambda Layer", depth=1).steps}
    assert "Lambda Alias" not in {s.topic.name for s in learning_path(g, "Lambda Version", depth=1).steps}


def test_learning_paths_on_the_sample_notes_are_acyclic_nearest_first_and_exclude_the_topic(sample_graph):
    topics = [n for n, a in sample_graph.nodes(data=True) if a["kind"] in ("service", "concept")
              and sample_graph.degree(n) >= 8]
    assert len(topics) > 50
    for topic in topics:
        path = learning_path(sample_graph, topic, depth=3)
        ids = [s.topic.id for s in path.steps]
        assert topic not in ids and len(ids) == len(set(ids))
        dag = nx.DiGraph(list(path.edges))
        assert nx.is_directed_acyclic_graph(dag)
        position = {n: i for i, n in enumerate(ids)}
        for prerequisite, dependent in path.edges:  # a step comes after every step that needs it
            if dependent != topic:
                assert position[prerequisite] > position[dependent]


# -- neighbourhood -----------------------------------------------------------------------------

def test_neighbourhood_grows_by_depth_and_filters(graph):
    one = neighbourhood(graph, "SQS")
    assert "limit:amazon-sqs:retention:max:14-days" in one and "service:aws-lambda" not in one
    two = neighbourhood(graph, "SQS", depth=2, kinds=["service", "concept"])
    assert "service:aws-lambda" in two and not any(a["kind"] == "limit" for _, a in two.nodes(data=True))
    capped = neighbourhood(graph, "S3", depth=3, limit=3)
    assert len(capped) == 3 and "service:amazon-s3" in capped
    only_use_when = neighbourhood(graph, "SNS", types=["USE_WHEN"])
    assert {a["type"] for *_, a in only_use_when.edges(data=True)} == {"USE_WHEN"}
