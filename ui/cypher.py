"""Read-only Cypher for the Cypher page: statements that write are refused before they are sent, and the
session runs in read access mode (so the server refuses whatever slips through).

Results come back as a table (every value as text) and as a graph of the nodes and relationships returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.neo4j_store import BOLT_SCHEMES, shown_uri
from ui.connection import StoreSettings

ROW_LIMIT = 1000

_WRITES = re.compile(r"(?<![.\w])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS|GRANT|DENY|REVOKE"
                     r"|ALTER|RENAME|START\s+DATABASE|STOP\s+DATABASE|TERMINATE)\b", re.IGNORECASE)
_WRITE_PROCEDURES = re.compile(r"\bCALL\s+[\w.]*(create|merge|delete|remove|set|drop|clear|refresh|load|import|write)",
                               re.IGNORECASE)
_STRINGS_AND_COMMENTS = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)


class CypherRefused(Exception):
    """A statement the page will not run, or one the server rejected; the message is for the user."""


def write_clause(query: str) -> str | None:
    """The first clause of ``query`` that would write, ignoring strings, comments and quoted names.

    >>> write_clause("MATCH (n:Service) RETURN n.name LIMIT 5") is None
    True
    >>> write_clause("MATCH (n) WHERE n.name = 'CREATE' RETURN n") is None
    True
    >>> write_clause("match (n) detach delete n")
    'detach'
    >>> write_clause("CALL apoc.create.node(['X'], {})")
    'CALL apoc.create'
    """
    bare = _STRINGS_AND_COMMENTS.sub(" ", query)
    found = _WRITES.search(bare) or _WRITE_PROCEDURES.search(bare)
    return found.group(0) if found else None


@dataclass
class CypherResult:
    columns: list[str]
    rows: list[dict[str, str]]
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    truncated: bool = False


def _node_attrs(node: Any) -> tuple[str, dict[str, Any]]:
    props = dict(node)
    node_id = str(props.get("id") or node.element_id)
    kind = props.get("kind") or next(iter(node.labels), "concept").lower()
    evidence = [{"file": f, "line": line, "text": t}
                for f, line, t in zip(props.get("ev_file", []), props.get("ev_line", []), props.get("ev_text", []))]
    return node_id, {"kind": kind, "name": props.get("name") or node_id, "evidence": evidence}


def _as_text(value: Any) -> str:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        props = dict(value)
        return f"({':'.join(sorted(value.labels))} {props.get('name') or props.get('id') or value.element_id})"
    if isinstance(value, Relationship):
        return f"[:{value.type}]"
    if isinstance(value, Path):
        return " ".join(_as_text(n) for n in value.nodes)
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value)
    return "" if value is None else str(value)


def _add_to_graph(graph: nx.MultiDiGraph, value: Any) -> None:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        node_id, attrs = _node_attrs(value)
        graph.add_node(node_id, **attrs)
    elif isinstance(value, Relationship):
        ends = []
        for end in (value.start_node, value.end_node):
            node_id, attrs = _node_attrs(end)
            if node_id not in graph:
                graph.add_node(node_id, **attrs)
            ends.append(node_id)
        props = dict(value)
        evidence = [{"file": f, "line": line, "text": t}
                    for f, line, t in zip(props.get("ev_file", []), props.get("ev_line", []), props.get("ev_text", []))]
        graph.add_edge(*ends, key=props.get("key") or value.element_id, type=value.type, evidence=evidence,
                       condition=props.get("condition", ""))
    elif isinstance(value, Path):
        for part in (*value.nodes, *value.relationships):
            _add_to_graph(graph, part)
    elif isinstance(value, list):
        for item in value:
            _add_to_graph(graph, item)


def run_read_only(settings: StoreSettings, query: str, *, limit: int = ROW_LIMIT) -> CypherResult:
    """Run ``query`` in a read transaction on the settings' Neo4j; at most ``limit`` rows are kept."""
    query = query.strip()
    if not query:
        raise CypherRefused("The query is empty; write a MATCH … RETURN statement.")
    clause = write_clause(query)
    if clause:
        raise CypherRefused(f"This page only reads: {clause.split()[0].upper()} would change the graph, "
                            "so the statement was not run; use `servicemap build --neo4j` to change it.")
    scheme = settings.neo4j_uri.split("://", 1)[0] if settings.neo4j_uri and "://" in settings.neo4j_uri else ""
    if scheme not in BOLT_SCHEMES:
        raise CypherRefused("No Neo4j to query; start the app with --neo4j URI.")
    import neo4j
    from neo4j import exceptions as nex

    where = shown_uri(settings.neo4j_uri)
    try:
        with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password)) as driver:
            with driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(lambda tx: _collect(tx.run(query), limit))
    except nex.AuthError as err:
        raise CypherRefused(f"Neo4j at {where} refused user {settings.neo4j_user!r}; check NEO4J_USER and NEO4J_PASSWORD.") from err
    except nex.ServiceUnavailable as err:
        raise CypherRefused(f"Neo4j at {where} does not answer; start the server or fix NEO4J_URI.") from err
    except nex.Neo4jError as err:
        message = (err.message or str(err)).strip().split("\n")[0]
        raise CypherRefused(f"Neo4j did not run the query: {message}") from err


def _collect(result: Any, limit: int) -> CypherResult:
    columns = list(result.keys())
    rows: list[dict[str, str]] = []
    graph = nx.MultiDiGraph()
    truncated = False
    for record in result:
        if len(rows) >= limit:
            truncated = True
            break
        rows.append({c: _as_text(record[c]) for c in columns})
        for value in record.values():
            _add_to_graph(graph, value)
    result.consume()
    return CypherResult(columns, rows, graph, truncated)


EXAMPLES = {
    "Services and what to use them for": "MATCH (s:Service)-[r:USE_WHEN]->(x) RETURN s.name AS service, r.condition AS use_when, x.name AS about LIMIT 25",
    "Limits of a service": "MATCH (s:Service {id: 'service:amazon-s3'})-[r:HAS_LIMIT]->(l:Limit) RETURN s, r, l",
    "Prerequisites": "MATCH p = (a)-[:PREREQUISITE_OF]->(b) RETURN p LIMIT 50",
    "Most connected services": "MATCH (s:Service)-[r]-() RETURN s.name AS service, count(r) AS degree ORDER BY degree DESC LIMIT 20",
}
