"""The embedded store: streaming node-link JSON, atomic writes, clear errors on bad files."""

from __future__ import annotations

import json
import os
import stat

import networkx as nx
import pytest

from graph.embedded import EmbeddedStore, validate, write_node_link
from graph.errors import StoreError
from graph.queries.stats import graph_stats

NODES = [
    ("nodes", {"id": "service:amazon-s3", "kind": "service", "name": "Amazon S3", "aliases": ["S3"],
               "category": "storage", "evidence": [{"file": "a.md", "line": 3, "text": "S3 max 5TB"}]}),
    ("nodes", {"id": "limit:s3:max", "kind": "limit", "name": "max: 5 TB", "aliases": [], "value": 5.0,
               "unit": "TB", "text": "5TB", "evidence": [{"file": "a.md", "line": 3, "text": "S3 max 5TB"}]}),
]
EDGES = [("edges", {"source": "service:amazon-s3", "target": "limit:s3:max", "key": "HAS_LIMIT",
                    "type": "HAS_LIMIT", "evidence": [{"file": "a.md", "line": 3, "text": "S3 max 5TB"}]})]


def test_round_trip_keeps_attributes_and_evidence(tmp_path):
    store = EmbeddedStore(tmp_path / "g.json")
    store.save(iter(NODES + EDGES), {"files": ["a.md"], "conflicts": []})
    graph = store.load()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.nodes["service:amazon-s3"]["aliases"] == ["S3"]
    (_, _, attrs), = graph.edges(data=True)
    assert attrs["type"] == "HAS_LIMIT" and attrs["evidence"][0]["line"] == 3
    assert graph_stats(graph) == {"nodes": {"limit": 1, "service": 1}, "edges": {"HAS_LIMIT": 1}, "files": 1, "conflicts": 0}


def test_written_json_is_networkx_node_link_with_edges_key(tmp_path):
    path = tmp_path / "g.json"
    EmbeddedStore(path).save(iter(NODES + EDGES), {"files": []})
    data = json.loads(path.read_text())
    assert set(data) >= {"directed", "multigraph", "graph", "nodes", "edges"}
    assert validate(data) is None
    again = nx.node_link_graph(data, edges="edges")
    assert again.number_of_edges() == 1


@pytest.mark.parametrize("items", [[], NODES])
def test_empty_sections_still_make_valid_json(tmp_path, items):
    path = tmp_path / "g.json"
    with path.open("w") as out:
        write_node_link(out, iter(items), {})
    data = json.loads(path.read_text())
    assert len(data["nodes"]) == len(items) and data["edges"] == []


def test_failed_write_leaves_the_old_graph_and_no_temp_file(tmp_path):
    path = tmp_path / "g.json"
    store = EmbeddedStore(path)
    store.save(iter(NODES + EDGES), {})
    before = path.read_text()

    def exploding():
        yield NODES[0]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        store.save(exploding(), {})
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_missing_file_says_to_build(tmp_path):
    with pytest.raises(StoreError, match="servicemap build"):
        EmbeddedStore(tmp_path / "none.json").load()


@pytest.mark.parametrize("content, reason", [
    ("{not json", "Expecting"),
    ("[1, 2]", "top level"),
    ('{"nodes": [{"id": "x", "kind": "planet"}], "edges": []}', "unknown kind"),
    ('{"nodes": [], "edges": [{"source": "a", "target": "b", "type": "X"}]}', "missing node"),
])
def test_broken_file_names_file_and_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(StoreError) as info:
        EmbeddedStore(path).load()
    assert str(path) in str(info.value) and reason in str(info.value)


def test_unwritable_folder_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="could not write"):
        EmbeddedStore(blocker / "g.json").save(iter(NODES), {})


def test_save_reports_what_changed_and_skips_an_unchanged_document(tmp_path):
    path = tmp_path / "g.json"
    store = EmbeddedStore(path)
    assert store.save(iter(NODES + EDGES), {"files": ["a.md"]}) == {"nodes_written": 2, "edges_written": 1, "deleted": 0}
    before = path.stat().st_mtime_ns, path.stat().st_ino
    assert store.save(iter(NODES + EDGES), {"files": ["a.md"]}) == {"nodes_written": 0, "edges_written": 0, "deleted": 0}
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before  # not rewritten
    renamed = ("nodes", {**NODES[0][1], "name": "Amazon Simple Storage Service"})
    assert store.save(iter([renamed, NODES[1]] + EDGES), {"files": ["a.md"]}) == \
        {"nodes_written": 1, "edges_written": 0, "deleted": 0}
    assert store.load().nodes["service:amazon-s3"]["name"] == "Amazon Simple Storage Service"
    assert store.save(iter([renamed]), {"files": ["a.md"]}) == {"nodes_written": 0, "edges_written": 0, "deleted": 2}
    assert store.load().number_of_nodes() == 1 and store.load().number_of_edges() == 0


def test_changed_graph_attributes_alone_are_written(tmp_path):
    store = EmbeddedStore(tmp_path / "g.json")
    store.save(iter(NODES), {"files": ["a.md"]})
    assert store.save(iter(NODES), {"files": ["a.md", "empty.md"]}) == {"nodes_written": 0, "edges_written": 0, "deleted": 0}
    assert store.load().graph["files"] == ["a.md", "empty.md"]


def test_a_broken_file_is_replaced_and_everything_counts_as_written(tmp_path):
    path = tmp_path / "g.json"
    path.write_text("{not json")
    assert EmbeddedStore(path).save(iter(NODES + EDGES), {}) == {"nodes_written": 2, "edges_written": 1, "deleted": 0}
    assert validate(json.loads(path.read_text())) is None


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_graph_file_gets_the_permissions_of_any_new_file(tmp_path, umask):
    old = os.umask(umask)
    try:
        EmbeddedStore(tmp_path / "g.json").save(iter(NODES), {})
        (tmp_path / "plain.txt").write_text("x")
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "g.json").stat().st_mode)
    assert mode == 0o666 & ~umask == stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode)


def test_a_rewritten_graph_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "g.json"
    store = EmbeddedStore(path)
    store.save(iter(NODES), {})
    path.chmod(0o640)
    store.save(iter(NODES + EDGES), {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
