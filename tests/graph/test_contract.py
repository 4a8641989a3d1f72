"""Every store answers the same: the embedded file and Neo4j (a real Bolt server), same document in, same graph out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.pipeline import extract_paths
from graph.embedded import EmbeddedStore
from graph.queries.stats import graph_stats

NOTE_A = """# Amazon S3
- Large uploads → Multipart Upload for reliability. Max 5TB
- S3 Object Lock requires versioning.
"""
NOTE_B = """# AWS Lambda
- Use Provisioned Concurrency for cold-start-free performance.
- REST API timeout = 29 seconds
- SQS vs SNS
"""


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, tmp_path):
    if request.param == "embedded":
        yield EmbeddedStore(tmp_path / "graph.json")
    else:
        yield request.getfixturevalue("neo4j_store")


def document(folder: Path, notes: dict[str, str]):
    folder.mkdir(exist_ok=True)
    for path in folder.iterdir():
        path.unlink()
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
    return extract_paths([folder]).doc


def canonical(graph) -> dict:
    """A store-independent form of a graph, for comparing stores."""
    nodes = {n: dict(sorted(a.items())) for n, a in graph.nodes(data=True)}
    edges = sorted((s, t, k, json.dumps(a, sort_keys=True)) for s, t, k, a in graph.edges(keys=True, data=True))
    return {"graph": dict(sorted(graph.graph.items())), "nodes": nodes, "edges": edges}


def save(store, doc):
    return store.save(doc.node_link(), doc.graph_attrs())


def test_store_gives_back_the_document(store, tmp_path):
    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    save(store, doc)
    graph = store.load()
    assert canonical(graph) == canonical(doc.to_networkx())
    stats = graph_stats(graph)
    assert stats["nodes"]["service"] >= 3 and stats["edges"]["USE_WHEN"] >= 2 and stats["edges"]["HAS_LIMIT"] >= 2


def test_both_stores_answer_the_same(neo4j_store, tmp_path):
    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    embedded = EmbeddedStore(tmp_path / "graph.json")
    save(embedded, doc)
    save(neo4j_store, doc)
    assert canonical(neo4j_store.load()) == canonical(embedded.load())
    assert graph_stats(neo4j_store.load()) == graph_stats(embedded.load())


def test_a_deleted_file_takes_its_facts_with_it(store, tmp_path):
    save(store, document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B}))
    smaller = document(tmp_path / "notes", {"a.md": NOTE_A})
    save(store, smaller)
    graph = store.load()
    assert canonical(graph) == canonical(smaller.to_networkx())
    assert not any("Provisioned Concurrency" == a.get("name") for _, a in graph.nodes(data=True))
    assert all(ev["file"].endswith("a.md") for _, a in graph.nodes(data=True) for ev in a["evidence"])


def test_second_neo4j_build_writes_nothing(neo4j_store, tmp_path):
    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    first = save(neo4j_store, doc)
    assert first["nodes_written"] > 0 and first["edges_written"] > 0
    again = save(neo4j_store, doc)
    assert again == {"nodes_written": 0, "edges_written": 0, "deleted": 0}


def test_node_ids_are_unique_in_neo4j(neo4j_store, tmp_path):
    from neo4j.exceptions import ConstraintError

    save(neo4j_store, document(tmp_path / "notes", {"a.md": NOTE_A}))
    with pytest.raises(ConstraintError):
        neo4j_store._write("CREATE (n:Service {id: 'service:amazon-s3'})")


def test_empty_neo4j_says_to_build(neo4j_store):
    from graph.errors import StoreError

    with pytest.raises(StoreError, match="servicemap build --neo4j"):
        neo4j_store.load()


def test_a_build_interrupted_half_way_is_completed_by_the_next(neo4j_store, tmp_path, monkeypatch):
    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    real_write = type(neo4j_store)._write
    calls = {"n": 0}

    def failing_write(self, query, **params):
        calls["n"] += 1
        if calls["n"] == 6:  # after the constraints and a first batch of nodes
            raise ConnectionError("server went away")
        return real_write(self, query, **params)

    monkeypatch.setattr(type(neo4j_store), "_write", failing_write)
    with pytest.raises(ConnectionError):
        save(neo4j_store, doc)
    monkeypatch.setattr(type(neo4j_store), "_write", real_write)
    save(neo4j_store, doc)
    assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())
