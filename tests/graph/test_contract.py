"""Every store answers the same: the embedded file and Neo4j (a real Bolt server), same document in, same graph out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.pipeline import extract_paths
from graph.embedded import EmbeddedStore
from graph.errors import StoreError
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
    with pytest.raises(StoreError, match="servicemap build --neo4j"):
        neo4j_store.load()


def interrupted_save(neo4j_store, doc, monkeypatch, *, at: int) -> None:
    """Save ``doc`` with the connection lost at the ``at``-th write transaction."""
    real_write_all = type(neo4j_store)._write_all
    calls = {"n": 0}

    def failing_write_all(self, statements):
        calls["n"] += 1
        if calls["n"] == at:
            raise ConnectionError("server went away")
        return real_write_all(self, statements)

    monkeypatch.setattr(type(neo4j_store), "_write_all", failing_write_all)
    with pytest.raises(ConnectionError):
        save(neo4j_store, doc)
    monkeypatch.setattr(type(neo4j_store), "_write_all", real_write_all)


def test_a_build_interrupted_half_way_is_completed_by_the_next(neo4j_store, tmp_path, monkeypatch):
    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    neo4j_store.batch_size = 4  # several transactions
    interrupted_save(neo4j_store, doc, monkeypatch, at=2)  # after a first transaction of nodes
    assert len(neo4j_store._read("MATCH (n) WHERE n:Service OR n:Concept OR n:Limit RETURN n.id AS id")) == 4
    with pytest.raises(StoreError, match="servicemap build --neo4j"):  # no half graph is taken for one
        neo4j_store.load()
    save(neo4j_store, doc)
    assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())


NOTE_B_CHANGED = NOTE_B.replace("29 seconds", "30 seconds") + "- Use Amazon SQS to decouple producers from consumers\n"


def _items(doc) -> dict[tuple, str]:
    return {(s, i["id"]) if s == "nodes" else (s, i["source"], i["target"], i["key"]): json.dumps(i, sort_keys=True)
            for s, i in doc.node_link()}


def test_both_stores_count_the_same_changes(neo4j_store, tmp_path):
    embedded = EmbeddedStore(tmp_path / "graph.json")
    docs = [document(tmp_path / "notes", notes) for notes in (
        {"a.md": NOTE_A, "b.md": NOTE_B}, {"a.md": NOTE_A, "b.md": NOTE_B_CHANGED}, {"a.md": NOTE_A},
        {"a.md": NOTE_A}, {"b.md": NOTE_B})]
    for doc in docs:
        assert save(neo4j_store, doc) == save(embedded, doc)
        assert canonical(neo4j_store.load()) == canonical(embedded.load()) == canonical(doc.to_networkx())


def test_a_changed_file_rewrites_only_what_came_from_it(store, tmp_path):
    before = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    save(store, before)
    after = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B_CHANGED})
    old, new = _items(before), _items(after)
    touched = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    assert touched and all("b.md" in old.get(k, "") + new.get(k, "") for k in touched)  # the premise
    counts = save(store, after)
    assert counts == {"nodes_written": sum(1 for k in touched if k[0] == "nodes" and k in new),
                      "edges_written": sum(1 for k in touched if k[0] == "edges" and k in new),
                      "deleted": sum(1 for k in touched if k not in new)}
    assert canonical(store.load()) == canonical(after.to_networkx())


def test_neo4j_node_created_meanwhile_is_merged_not_duplicated(neo4j_store, tmp_path, monkeypatch):
    from graph.neo4j_store import StoredState

    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    save(neo4j_store, doc)
    neo4j_store._write("MATCH (m:Meta) DETACH DELETE m")  # forget the digest: the next save syncs again
    monkeypatch.setattr(type(neo4j_store), "stored_state", lambda self: StoredState())  # read before another build wrote
    counts = save(neo4j_store, doc)
    assert counts["nodes_written"] == len(doc.nodes)  # every CREATE batch hit the constraint and was MERGEd
    ids = neo4j_store._read("MATCH (n) WHERE n:Service OR n:Concept OR n:Limit RETURN n.id AS id")
    assert len(ids) == len({r["id"] for r in ids}) == len(doc.nodes)
    edges = neo4j_store._read("MATCH (a)-[r]->(b) RETURN a.id AS s, b.id AS t, r.key AS k")
    assert len(edges) == len({(r["s"], r["t"], r["k"]) for r in edges}) == len(doc.edges)
    assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())


def test_neo4j_store_leaves_other_data_alone(neo4j_store, tmp_path):
    neo4j_store._write("CREATE (:Person {id: 'p1'})-[:KNOWS {key: 'x'}]->(:Person {id: 'p2'})")
    try:
        save(neo4j_store, document(tmp_path / "notes", {"a.md": NOTE_A}))
        doc = document(tmp_path / "notes", {"b.md": NOTE_B})
        save(neo4j_store, doc)
        assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())
        assert neo4j_store._read("MATCH (:Person)-[r:KNOWS]->(:Person) RETURN count(r) AS c") == [{"c": 1}]
    finally:
        neo4j_store._write("MATCH (n:Person) DETACH DELETE n")


def test_nodes_with_many_lines_get_them_after_their_relationships(neo4j_store, tmp_path, monkeypatch):
    import graph.neo4j_store

    monkeypatch.setattr(graph.neo4j_store, "HEAVY_LINES", 1)  # every node with two lines or more
    embedded = EmbeddedStore(tmp_path / "graph.json")
    neo4j_store.batch_size = 4
    for notes in ({"a.md": NOTE_A, "b.md": NOTE_B}, {"a.md": NOTE_A, "b.md": NOTE_B_CHANGED}, {"a.md": NOTE_A}):
        doc = document(tmp_path / "notes", notes)
        rows = graph.neo4j_store.DocumentRows.of(doc.node_link()).nodes.values()
        assert any(graph.neo4j_store._note_lines(row) > 1 for row in rows)  # the premise
        assert save(neo4j_store, doc) == save(embedded, doc)
        assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())
        assert save(neo4j_store, doc) == {"nodes_written": 0, "edges_written": 0, "deleted": 0}


def _reads_of_records(neo4j_store, monkeypatch) -> list[int]:
    """Count the syncs that read the database's records (not the manifest)."""
    calls: list[int] = []
    real = type(neo4j_store).stored_state

    def counted(self):
        calls.append(1)
        return real(self)

    monkeypatch.setattr(type(neo4j_store), "stored_state", counted)
    return calls


def test_neo4j_sync_reads_the_manifest_not_the_records(neo4j_store, tmp_path, monkeypatch):
    reads = _reads_of_records(neo4j_store, monkeypatch)
    embedded = EmbeddedStore(tmp_path / "graph.json")
    for notes in ({"a.md": NOTE_A, "b.md": NOTE_B}, {"a.md": NOTE_A, "b.md": NOTE_B_CHANGED}, {"b.md": NOTE_B}):
        doc = document(tmp_path / "notes", notes)
        assert save(neo4j_store, doc) == save(embedded, doc)
        assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())
    assert reads == []


def _manifest_parts(neo4j_store) -> int:
    return neo4j_store._read("MATCH (p:Meta) WHERE p.id STARTS WITH 'graph/manifest/' RETURN count(p) AS n")[0]["n"]


def test_neo4j_manifest_in_many_parts_is_read_whole(neo4j_store, tmp_path, monkeypatch):
    """A manifest over ``MANIFEST_BYTES`` goes in parts (ArcadeDB refuses a record over 16 MiB);
    a smaller one after it leaves no part behind."""
    import graph.neo4j_store

    monkeypatch.setattr(graph.neo4j_store, "MANIFEST_BYTES", 200)
    reads = _reads_of_records(neo4j_store, monkeypatch)
    save(neo4j_store, document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B}))
    many = _manifest_parts(neo4j_store)
    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B_CHANGED})
    embedded = EmbeddedStore(tmp_path / "graph.json")
    save(embedded, document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B}))
    assert save(neo4j_store, doc) == save(embedded, doc)
    assert reads == [] and many > 3
    assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())
    monkeypatch.setattr(graph.neo4j_store, "MANIFEST_BYTES", 8_000_000)
    save(neo4j_store, document(tmp_path / "notes", {"a.md": NOTE_A}))
    assert _manifest_parts(neo4j_store) == 1 and reads == []


def test_neo4j_manifest_with_a_part_missing_reads_the_records(neo4j_store, tmp_path, monkeypatch):
    import graph.neo4j_store

    monkeypatch.setattr(graph.neo4j_store, "MANIFEST_BYTES", 200)
    reads = _reads_of_records(neo4j_store, monkeypatch)
    save(neo4j_store, document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B}))
    neo4j_store._write("MATCH (p:Meta {id: 'graph/manifest/1'}) DELETE p")
    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B_CHANGED})
    save(neo4j_store, doc)
    assert reads == [1]
    assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())


def test_neo4j_build_interrupted_then_the_old_document_again(neo4j_store, tmp_path, monkeypatch):
    """The stored digest is the old document's while a sync is under way: building the old document
    again must not take the database, half rewritten, for it."""
    old = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    save(neo4j_store, old)
    new = document(tmp_path / "notes", {"b.md": NOTE_B_CHANGED})
    neo4j_store.batch_size = 2
    interrupted_save(neo4j_store, new, monkeypatch, at=3)
    assert canonical(neo4j_store.load()) != canonical(old.to_networkx())  # the premise: half rewritten
    reads = _reads_of_records(neo4j_store, monkeypatch)
    assert save(neo4j_store, old) != {"nodes_written": 0, "edges_written": 0, "deleted": 0}
    assert reads == [1]  # the manifest was the old document's, not what the database held
    assert canonical(neo4j_store.load()) == canonical(old.to_networkx())


def test_neo4j_second_build_with_the_documents_digest_writes_nothing(neo4j_store, tmp_path):
    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    assert neo4j_store.save(doc.node_link(), doc.graph_attrs(), digest=doc.digest())["nodes_written"] > 0

    def unread():
        raise AssertionError("the items were read although the digest matched")
        yield

    assert neo4j_store.save(unread(), doc.graph_attrs(), digest=doc.digest()) == {
        "nodes_written": 0, "edges_written": 0, "deleted": 0}
    changed = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B_CHANGED})
    assert changed.digest() != doc.digest()
    assert neo4j_store.save(changed.node_link(), changed.graph_attrs(), digest=changed.digest())["nodes_written"] > 0
    assert canonical(neo4j_store.load()) == canonical(changed.to_networkx())


def test_the_bench_graph_many_times_over_is_a_whole_graph(store, tmp_path):
    """The loader bench's synthetic graph (the sample copied side by side): every copy's ids and
    references are its own, and a store gives it back whole."""
    from tests.bench.make_corpus import scale_doc

    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    big = scale_doc([doc] * 3)
    assert len(big.nodes) == 3 * len(doc.nodes) and len(big.edges) == 3 * len(doc.edges)
    for src, dst, _ in big.edges:
        assert src in big.nodes and dst in big.nodes and src.rpartition("~")[2] == dst.rpartition("~")[2]
    for attrs in big.nodes.values():
        refs = attrs.get("conflicts", []) + ([attrs["part_of"]] if attrs.get("part_of") else [])
        assert all(ref in big.nodes for ref in refs)
    assert len({attrs["name"] for attrs in big.nodes.values()}) == len(big.nodes)
    save(store, big)
    assert canonical(store.load()) == canonical(big.to_networkx())


def test_neo4j_clear_removes_more_nodes_than_one_transaction_deletes(neo4j_store, monkeypatch):
    import graph.neo4j_store as neo4j_store_module

    monkeypatch.setattr(neo4j_store_module, "CLEAR_BATCH", 3)
    items = [("nodes", {"id": f"concept:c{i}", "kind": "concept", "name": f"C{i}", "evidence": []}) for i in range(8)]
    neo4j_store.save(iter(items), {"files": []})
    assert neo4j_store.load().number_of_nodes() == 8
    neo4j_store.clear()
    assert neo4j_store._read("MATCH (n:Concept) RETURN count(n) AS c")[0]["c"] == 0
    assert not neo4j_store._read("MATCH (m:Meta) RETURN m.id AS id")


def test_neo4j_database_of_format_2_syncs_from_its_records_and_drops_its_old_manifest(neo4j_store, tmp_path, monkeypatch):
    """Format 2 kept the manifest's lists on the ``graph`` node itself; the first sync after it reads
    the records (whatever that manifest says) and removes those lists."""
    from graph.neo4j_store import FORMAT, MANIFEST_LISTS

    doc = document(tmp_path / "notes", {"a.md": NOTE_A, "b.md": NOTE_B})
    save(neo4j_store, doc)
    neo4j_store._write("MATCH (m:Meta {id: 'graph'}) SET m.format = 2, m.h = '2:' + m.h, m.manifest_parts = null, "
                       "m.n_id = ['x'], m.n_h = ['h'], m.e_src = [], m.e_dst = [], m.e_key = [], m.e_type = [], m.e_h = []")
    reads = _reads_of_records(neo4j_store, monkeypatch)
    save(neo4j_store, doc)
    props = neo4j_store._read("MATCH (m:Meta {id: 'graph'}) RETURN properties(m) AS p")[0]["p"]
    assert reads == [1] and props["format"] == FORMAT and not set(MANIFEST_LISTS) & set(props)
    assert canonical(neo4j_store.load()) == canonical(doc.to_networkx())
