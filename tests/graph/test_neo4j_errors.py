"""Connection problems are one clear sentence naming what to fix, and the password never shows."""

from __future__ import annotations

import logging
import socket

import pytest

import graph.neo4j_store as neo4j_store_module
from graph.errors import StoreError
from graph.neo4j_store import Neo4jStore, server_of_agent, server_problem

SECRET = "s3cret-pw-7781"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _error_of(store: Neo4jStore) -> str:
    with pytest.raises(StoreError) as err:
        store.load()
    store.close()
    message = str(err.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_unreachable_server():
    message = _error_of(Neo4jStore(f"bolt://127.0.0.1:{_closed_port()}", "neo4j", SECRET))
    assert "does not answer" in message and "NEO4J_URI" in message and SECRET not in message


def test_wrong_password(bolt_server):
    uri, user, _, database = bolt_server
    message = _error_of(Neo4jStore(uri, user, "wrong-password-123", database))
    assert "refused user" in message and "NEO4J_PASSWORD" in message and "wrong-password-123" not in message


def test_unknown_database(bolt_server):
    uri, user, password, _ = bolt_server
    message = _error_of(Neo4jStore(uri, user, password, "no-such-database-42"))
    assert "has no database 'no-such-database-42'" in message and "NEO4J_DATABASE" in message
    assert password not in message and "/databases/" not in message  # not ArcadeDB's data folder


def test_not_a_bolt_address():
    message = _error_of(Neo4jStore("http://localhost:7474", "neo4j", "pw"))
    assert "not a Neo4j address" in message and "bolt://host:7687" in message


def test_password_in_the_address_is_not_shown(bolt_server):
    uri, user, password, database = bolt_server
    with_secret = uri.replace("://", f"://{user}:{SECRET}@")
    store = Neo4jStore(with_secret, user, password, database)
    message = _error_of(store)
    assert "not a Neo4j address" in message and SECRET not in message and password not in message
    assert SECRET not in store.describe()


@pytest.mark.parametrize("agent, product, version, speaks", [
    ("Neo4j/5.26.0", "Neo4j", (5, 26, 0), (5, 26, 0)),
    ("Neo4j/4.4.12", "Neo4j", (4, 4, 12), (4, 4, 12)),
    ("Neo4j/2025.06.0", "Neo4j", (2025, 6, 0), (2025, 6, 0)),
    ("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)", "ArcadeDB", (26, 10, 2), (5, 26, 0)),
    ("Memgraph/2.11.0", "Memgraph", (2, 11, 0), ()),
    ("", "unknown server", (), ()),
])
def test_server_of_agent(agent, product, version, speaks):
    assert server_of_agent(agent) == neo4j_store_module.ServerKind(product, version, speaks)


@pytest.mark.parametrize("agent, too_old", [
    ("Neo4j/3.5.35", True),
    ("Neo4j/4.4.12", True),
    ("Neo4j/4.4.12 compatible (ArcadeDB 24.1.1)", True),
    ("Neo4j/5.0.0", False),
    ("Neo4j/5.26.0", False),
    ("Neo4j/2025.06.0", False),
    ("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)", False),
    ("Memgraph/2.11.0", False),  # not a Neo4j dialect we know to be too old: let its Cypher answer
])
def test_server_problem(agent, too_old):
    problem = server_problem(agent)
    assert (problem is not None) == too_old
    if too_old:
        assert problem.startswith("it is ") and server_of_agent(agent).product in problem


def test_the_test_server_is_recognised(neo4j_store):
    neo4j_store._connect()
    assert neo4j_store.server is not None
    assert neo4j_store.server.product in ("ArcadeDB", "Neo4j") and neo4j_store.server.neo4j_version >= (5,)


def test_server_too_old_is_refused_before_anything_is_written(bolt_server, monkeypatch):
    uri, user, password, database = bolt_server
    monkeypatch.setattr(neo4j_store_module, "MIN_NEO4J", 99)  # the real server's own agent, judged too old
    store = Neo4jStore(uri, user, password, database)
    with pytest.raises(StoreError) as err:
        store.save(iter([]), {})
    message = str(err.value)
    assert "too old" in message and "Neo4j 5 or later" in message and "\n" not in message
    assert store._driver is None  # closed, not kept half-open


def test_password_never_in_errors_or_driver_logs(bolt_server, caplog):
    uri, user, password, database = bolt_server
    caplog.set_level(logging.DEBUG, logger="neo4j")
    messages = [
        _error_of(Neo4jStore(uri, user, SECRET, database)),  # wrong password
        _error_of(Neo4jStore(uri, user, password, "no-such-database-42")),
        _error_of(Neo4jStore(f"bolt://127.0.0.1:{_closed_port()}", user, SECRET)),
    ]
    store = Neo4jStore(uri, user, password, database)
    store.save(iter([("nodes", {"id": "service:amazon-s3", "kind": "service", "name": "Amazon S3", "evidence": []})]),
               {"files": []})
    assert store.load().number_of_nodes() == 1
    store.clear()
    store.close()
    logged = [record.getMessage() for record in caplog.records]
    assert len(logged) > 20, "the driver logged nothing: the check below would prove nothing"
    for text in messages + logged:
        assert SECRET not in text and password not in text


def test_the_drivers_debug_log_does_not_carry_the_note_text_of_a_load(bolt_server, caplog):
    """The driver formats every statement's parameters for its debug log; rows go as ``Unlogged``
    lists, so a load's note text is neither logged nor formatted."""
    uri, user, password, database = bolt_server
    caplog.set_level(logging.DEBUG, logger="neo4j")
    line = {"file": "a.md", "line": 1, "text": "NOTE-TEXT-7731 multipart upload above 100 MB"}
    store = Neo4jStore(uri, user, password, database)
    store.clear()
    store.save(iter([("nodes", {"id": "concept:multipart-upload", "kind": "concept", "name": "Multipart Upload",
                                "evidence": [line]})]), {"files": ["a.md"]})
    assert store.load().nodes["concept:multipart-upload"]["evidence"] == [line]
    store.clear()
    store.close()
    logged = [record.getMessage() for record in caplog.records]
    assert any("C: RUN" in text for text in logged), "the driver logged no statement: the check below would prove nothing"
    assert not any("NOTE-TEXT-7731" in text for text in logged)


def test_a_commit_arcadedb_fails_on_a_lock_is_tried_again(bolt_server, monkeypatch):
    """ArcadeDB now and then fails a commit with TransactionNotFound "Error during read lock" after
    a large load; the store runs the transaction again, and gives up on any other error at once."""
    import neo4j
    from neo4j.exceptions import ClientError, Neo4jError

    uri, user, password, database = bolt_server
    store = Neo4jStore(uri, user, password, database)
    store.clear()
    failures = {"left": 1, "code": neo4j_store_module.LOCK_FAILURE}
    real = neo4j.Session.execute_write

    def flaky_execute_write(self, work, *args, **kwargs):
        if failures["left"]:
            failures["left"] -= 1
            raise Neo4jError._hydrate_neo4j(code=failures["code"], message="Error during read lock")  # as the driver builds it
        return real(self, work, *args, **kwargs)

    monkeypatch.setattr(neo4j.Session, "execute_write", flaky_execute_write)
    monkeypatch.setattr(neo4j_store_module.time, "sleep", lambda seconds: None)
    store.save(iter([("nodes", {"id": "service:amazon-s3", "kind": "service", "name": "Amazon S3", "evidence": []})]),
               {"files": []})
    assert store.load().number_of_nodes() == 1
    failures.update(left=1, code="Neo.ClientError.Statement.SyntaxError")
    with pytest.raises(ClientError):
        store.clear()
    store.clear()
    store.close()
