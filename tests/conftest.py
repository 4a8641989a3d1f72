"""Shared fixtures: a real Bolt server for the store tests — ArcadeDB, or Neo4j when NEO4J_URI is set.

ArcadeDB starts once per test session on a free loopback port and is stopped at the end,
also when tests fail (see tests/bolt_server.py).
"""

from __future__ import annotations

import os

import pytest

from tests.bolt_server import arcadedb_server


@pytest.fixture(scope="session")
def bolt_server():
    """(uri, user, password, database) of a running Bolt server."""
    if os.environ.get("NEO4J_URI"):
        yield (os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
               os.environ.get("NEO4J_DATABASE") or None)
        return
    with arcadedb_server() as server:
        yield server


@pytest.fixture()
def neo4j_store(bolt_server):
    from graph.neo4j_store import Neo4jStore

    uri, user, password, database = bolt_server
    store = Neo4jStore(uri, user, password, database)
    store.clear()
    yield store
    store.close()
