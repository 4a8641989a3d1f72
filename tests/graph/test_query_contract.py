"""Every query gives the same answer on every store: the embedded file and Neo4j (a real Bolt server).

The queries run on the graph a store loads, so the contract is that both stores give back a graph on
which each question — show, search, path, compare, prereqs, neighbourhood, stats, ask — is answered
identically, ties and order included.
"""

from __future__ import annotations

import pytest

from extract.pipeline import extract_paths
from graph.embedded import EmbeddedStore
from graph.queries.compare import compare_topics
from graph.queries.neighbourhood import neighbourhood
from graph.queries.path import find_paths
from graph.queries.prereqs import learning_path
from graph.queries.search import search_topics
from graph.queries.show import show_topic
from graph.queries.stats import graph_stats
from tests.graph.study_notes import write_notes

QUESTIONS = {
    "show": lambda g: [show_topic(g, n).to_dict() for n in ("SQS", "sns", "Amazon S3", "multipart upload", "EBS")],
    "search": lambda g: [[h.to_dict() for h in search_topics(g, q)] for q in ("queue", "fan out", "storage", "lamda")],
    "path": lambda g: [[p.to_dict() for p in find_paths(g, a, b)] for a, b in (("S3", "Lambda"), ("SQS", "EFS"), ("EBS", "EFS"))],
    "compare": lambda g: [compare_topics(g, names).to_dict() for names in (("SQS", "SNS"), ("EBS", "EFS", "S3"))],
    "prereqs": lambda g: [learning_path(g, t, depth=3).to_dict() for t in ("S3 Object Lock", "Multipart Upload", "Lambda")],
    "neighbourhood": lambda g: [sorted(neighbourhood(g, n, depth=2).edges(keys=True)) for n in ("SQS", "S3")],
    "stats": graph_stats,
}


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    return extract_paths([write_notes(tmp_path_factory.mktemp("notes"))]).doc


@pytest.fixture()
def both_graphs(document, neo4j_store, tmp_path):
    embedded = EmbeddedStore(tmp_path / "graph.json")
    for store in (embedded, neo4j_store):
        store.save(document.node_link(), document.graph_attrs())
    return embedded.load(), neo4j_store.load()


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_every_query_answers_the_same_on_both_stores(both_graphs, question):
    from_file, from_neo4j = both_graphs
    answer = QUESTIONS[question](from_file)
    assert answer, f"{question} gave an empty answer: the comparison would prove nothing"
    assert QUESTIONS[question](from_neo4j) == answer


def test_ask_answers_the_same_on_both_stores(both_graphs):
    from graph.queries.ask import ask

    from_file, from_neo4j = both_graphs
    questions = ("my producers and consumers must not depend on each other", "push one message to many subscribers")
    answers = [[a.to_dict() for a in ask(from_file, q, k=3)] for q in questions]
    assert all(answers)
    assert [[a.to_dict() for a in ask(from_neo4j, q, k=3)] for q in questions] == answers
