"""The question commands: --json for scripts, tables for people, exit status 2 for an unknown topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.graph.study_notes import NOTES, write_notes
from ui.cli import main

MARKUP_NOTE = {"odd.md": "# Amazon SQS\n- Use SQS when [bold red]markup[/] must print as written.\n"}


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    folder = write_notes(tmp_path_factory.mktemp("notes"), {**NOTES, **MARKUP_NOTE})
    graph = folder.parent / "graph.json"
    result = CliRunner().invoke(main, ["build", str(folder), "--graph", str(graph), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return graph


def invoke(graph_file: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--graph", str(graph_file)], catch_exceptions=False)


def as_json(graph_file: Path, *args: str):
    result = invoke(graph_file, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # progress (model loading) may go to stderr


def test_show_json_has_facts_with_evidence(graph_file):
    details = as_json(graph_file, "show", "sqs")
    assert details["id"] == "service:amazon-sqs" and details["kind"] == "service"
    assert "max message size: 256 KB" in [limit["label"] for limit in details["limits"]]
    assert all(limit["evidence"][0]["file"].endswith("messaging.md") for limit in details["limits"])


def test_show_prints_a_readable_view(graph_file):
    result = invoke(graph_file, "show", "Simple Queue Service")
    assert result.exit_code == 0
    assert "Amazon SQS" in result.output and "max message size: 256 KB" in result.output
    assert "messaging.md:" in result.output  # evidence as file:line


def test_note_text_is_never_read_as_markup(graph_file):
    result = invoke(graph_file, "show", "sqs")
    assert "[bold red]markup[/]" in result.output


def test_unknown_topic_exits_2_with_suggestions(graph_file):
    result = invoke(graph_file, "show", "S4")
    assert result.exit_code == 2
    assert "no topic named 'S4' — did you mean" in result.output and "Amazon S3" in result.output
    assert "Traceback" not in result.output


def test_search_json_lists_names_first(graph_file):
    hits = as_json(graph_file, "search", "queue")
    assert hits[0]["name"] == "Amazon SQS" and hits[0]["matched"] in ("name", "alias")


def test_path_json_and_no_path(graph_file):
    paths = as_json(graph_file, "path", "S3", "Lambda")
    assert paths[0]["topics"][0]["id"] == "service:amazon-s3" and paths[0]["topics"][-1]["id"] == "service:aws-lambda"
    assert all(hop["evidence"] for hop in paths[0]["hops"])


def test_compare_accepts_a_vs_b_and_aligns_limits(graph_file):
    result = as_json(graph_file, "compare", "SQS vs SNS")
    assert [t["name"] for t in result["topics"]] == ["Amazon SQS", "Amazon SNS"]
    assert any(row["bound"] == "message size" and len(row["cells"]) == 2 for row in result["limits"])
    table = invoke(graph_file, "compare", "SQS", "SNS")
    assert table.exit_code == 0 and "limits, aligned by what they bound" in table.output


def test_prereqs_json_is_ordered_with_reasons(graph_file):
    path = as_json(graph_file, "prereqs", "S3 Object Lock", "--depth", "2")
    assert path["steps"][0]["name"] == "S3 Versioning" and path["steps"][0]["reason"].startswith("explicit")
    assert all(step["id"] != path["topic"]["id"] for step in path["steps"])


def test_ask_json_shape(graph_file):
    result = as_json(graph_file, "ask", "fan one message out to lots of subscribers", "-k", "3")
    assert 1 <= len(result["answers"]) <= 3
    assert set(result["answers"][0]) >= {"name", "kind", "score", "condition", "evidence"}


def test_missing_graph_is_one_sentence(tmp_path):
    result = CliRunner().invoke(main, ["show", "sqs", "--graph", str(tmp_path / "none.json")])
    assert result.exit_code == 1 and "run `servicemap build` first" in result.output
