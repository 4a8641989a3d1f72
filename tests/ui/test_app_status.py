"""The status line, store settings (arguments, environment, secrets) and the fallback from Neo4j to the file."""

from __future__ import annotations

import socket

import pytest

from tests.ui.app_graphs import all_text, open_page, use_graph
from ui.connection import StoreSettings, load_graph, parse_app_args, resolve_settings


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("page", ["explore", "compare", "prerequisites", "ask", "cypher", "notes"])
def test_every_page_has_the_status_line(graph_file, page):
    at = open_page(page)
    assert not at.exception
    status = at.caption[0].value
    assert str(graph_file).replace("_", "\\_").replace("-", "\\-").replace(".", "\\.") in status
    assert "12 nodes" in status and "14 edges" in status and "1 conflicts between notes" in status and "built " in status


def test_unreachable_neo4j_falls_back_to_the_file_and_says_why_without_the_password(graph_file, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2-secret")
    at = open_page("explore")
    assert not at.exception
    warning = all_text(at)
    assert "Neo4j could not be used, so this is the embedded file" in warning and "does not answer" in warning
    assert "hunter2-secret" not in warning
    assert "embedded file" in at.caption[0].value


def test_a_missing_graph_file_is_one_sentence(tmp_path, monkeypatch):
    use_graph(monkeypatch, tmp_path / "nothing.json")
    at = open_page("explore")
    assert not at.exception
    assert "no graph here yet; run `servicemap build` first" in all_text(at)


def test_settings_precedence_arguments_then_environment_then_secrets():
    secrets = {"neo4j": {"uri": "bolt://secret:7687", "user": "s", "password": "spw", "database": "sdb"}}
    assert resolve_settings({}, {}, secrets) == StoreSettings("data/graph.json", "bolt://secret:7687", "s", "spw", "sdb")
    env = {"NEO4J_URI": "bolt://env:7687", "NEO4J_PASSWORD": "epw", "SERVICEMAP_GRAPH": "g.json"}
    assert resolve_settings({}, env, secrets) == StoreSettings("g.json", "bolt://env:7687", "s", "epw", "sdb")
    args = parse_app_args(["--neo4j", "bolt://arg:7687", "--graph", "a.json"])
    assert resolve_settings(args, env, secrets).neo4j_uri == "bolt://arg:7687"
    assert resolve_settings(args, env, secrets).graph_path == "a.json"
    assert "spw" not in repr(resolve_settings({}, {}, secrets))


def test_credentials_in_the_uri_are_never_shown(graph_file):
    settings = StoreSettings(str(graph_file), f"bolt://alice:pw123@127.0.0.1:{_closed_port()}", "alice", "pw123")
    loaded = load_graph(settings)
    assert loaded.fallback_error and "pw123" not in loaded.fallback_error
    assert "pw123" not in loaded.where


def test_secrets_file_is_read(graph_file):
    from streamlit.testing.v1 import AppTest

    from tests.ui.app_graphs import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["neo4j"] = {"uri": f"bolt://127.0.0.1:{_closed_port()}", "user": "u", "password": "from-secrets-pw"}
    at.run()
    assert not at.exception
    text = all_text(at)
    assert "does not answer" in text and "from-secrets-pw" not in text
