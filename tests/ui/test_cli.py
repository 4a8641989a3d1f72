"""The `servicemap` command: extract, build, stats — output, errors and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ui.cli import main

SAMPLE_LINES = """# Amazon S3

- Large uploads → Multipart Upload for reliability and resume support.
  - recommended for files > 100 MB. Max 5TB
- Use Lifecycle rules for cost control.
"""


@pytest.fixture()
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "s3.md").write_text(SAMPLE_LINES, encoding="utf-8")
    return folder


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_extract_writes_node_link_json_with_evidence(notes, tmp_path):
    out = tmp_path / "g.json"
    result = invoke("extract", str(notes), "-o", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert "edges" in data and "links" not in data
    by_id = {n["id"]: n for n in data["nodes"]}
    s3 = by_id["service:amazon-s3"]
    assert s3["kind"] == "service" and s3["category"] and "S3" in s3["aliases"]
    assert all({"file", "line", "text"} <= set(ev) for n in data["nodes"] for ev in n["evidence"])
    limits = [n for n in data["nodes"] if n["kind"] == "limit"]
    assert any(n["value"] == 5 and n["unit"] == "TB" for n in limits)
    use_when = [e for e in data["edges"] if e["type"] == "USE_WHEN"]
    assert any(e["source"].startswith("concept:multipart-upload") and "large uploads" in e["condition"].lower() for e in use_when)
    has_limit = {(e["source"], e["target"]) for e in data["edges"] if e["type"] == "HAS_LIMIT"}
    assert all(any(t == n["id"] for _, t in has_limit) for n in limits)


def test_build_then_stats_json(notes, tmp_path):
    graph = tmp_path / "graph.json"
    result = invoke("build", str(notes), "--graph", str(graph))
    assert result.exit_code == 0, result.output
    assert "files read" in result.output
    stats = json.loads(invoke("stats", "--json", "--graph", str(graph)).output)
    assert set(stats) >= {"nodes", "edges"}
    assert stats["nodes"]["service"] >= 1 and stats["edges"]["HAS_LIMIT"] >= 1


def test_bad_files_are_reported_and_the_rest_still_goes_in(notes, tmp_path):
    (notes / "empty.md").write_text("")
    (notes / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    out = tmp_path / "g.json"
    result = CliRunner().invoke(main, ["extract", str(notes), str(tmp_path / "missing.md"), "-o", str(out), "--quiet"])
    assert result.exit_code == 0
    messages = result.stderr if hasattr(result, "stderr") else result.output
    assert "empty.md" in messages and "binary.txt" in messages and "missing.md" in messages
    assert json.loads(out.read_text())["nodes"]


def test_nothing_readable_exits_non_zero_with_one_line(tmp_path):
    (tmp_path / "empty.md").write_text("")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty.md"), "--graph", str(tmp_path / "g.json")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "g.json").exists()


def test_stats_without_graph_says_to_build(tmp_path):
    result = CliRunner().invoke(main, ["stats", "--graph", str(tmp_path / "none.json")])
    assert result.exit_code == 1 and "servicemap build" in result.output


def test_jobs_gives_the_same_graph(notes, tmp_path):
    shutil.copy(notes / "s3.md", notes / "s3-copy.md")
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert invoke("extract", str(notes), "-o", str(one), "-q").exit_code == 0
    assert invoke("extract", str(notes), "-o", str(two), "-q", "--jobs", "2").exit_code == 0
    assert json.loads(one.read_text()) == json.loads(two.read_text())


def test_build_and_stats_against_neo4j_match_the_embedded_store(notes, tmp_path, bolt_server, monkeypatch):
    uri, user, password, database = bolt_server
    monkeypatch.setenv("NEO4J_USER", user)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    if database:
        monkeypatch.setenv("NEO4J_DATABASE", database)
    from graph.neo4j_store import Neo4jStore

    Neo4jStore(uri, user, password, database).clear()
    graph = tmp_path / "graph.json"
    assert invoke("build", str(notes), "--graph", str(graph), "-q").exit_code == 0
    result = invoke("build", str(notes), "--neo4j", uri, "-q")
    assert result.exit_code == 0, result.output
    embedded = json.loads(invoke("stats", "--json", "--graph", str(graph)).output)
    in_neo4j = json.loads(invoke("stats", "--json", "--neo4j", uri).output)
    assert in_neo4j == embedded
    assert password not in result.output


def test_unreachable_neo4j_is_one_sentence(notes, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2-secret")
    result = CliRunner().invoke(main, ["stats", "--neo4j", "bolt://127.0.0.1:9"])
    assert result.exit_code == 1 and "does not answer" in result.output
    assert "Traceback" not in result.output and "hunter2-secret" not in result.output
