"""Connection problems are one clear sentence, and the password never shows."""

from __future__ import annotations

import socket

import pytest

from graph.errors import StoreError
from graph.neo4j_store import Neo4jStore


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server():
    store = Neo4jStore(f"bolt://127.0.0.1:{_closed_port()}", "neo4j", "s3cret-pw")
    with pytest.raises(StoreError) as err:
        store.load()
    message = str(err.value)
    assert "does not answer" in message and "s3cret-pw" not in message and "\n" not in message


def test_wrong_password(bolt_server):
    uri, user, _, database = bolt_server
    store = Neo4jStore(uri, user, "wrong-password-123", database)
    with pytest.raises(StoreError) as err:
        store.load()
    assert "refused user" in str(err.value) and "wrong-password-123" not in str(err.value)


def test_not_a_bolt_address():
    with pytest.raises(StoreError, match="not a Neo4j address"):
        Neo4jStore("http://localhost:7474", "neo4j", "pw").load()
