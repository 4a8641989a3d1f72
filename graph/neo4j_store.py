"""The Neo4j store: the graph document in Neo4j (or a Bolt server speaking its Cypher) via the official driver.

Writes are a sync, not a reload: uniqueness constraints first, then only the nodes and
relationships whose content changed are MERGEd (``UNWIND $rows`` batches in managed write
transactions, so transient errors are retried), and whatever the new document no longer
has is deleted. A second build with no change writes nothing; a build interrupted half-way
leaves whole batches behind and the next build completes it.

``SET n += row.props`` rather than ``SET n = …``: ArcadeDB runs it three times faster, and every
row carries every property of its kind, so nothing stale survives. Properties must be primitives or lists of them, so evidence is kept as three parallel
lists (``ev_file``, ``ev_line``, ``ev_text``) and the graph's own attributes as JSON on a
``:Meta`` node. Every MATCH is labelled; the label follows from the id ("service:…").
Only Cypher that both Neo4j 5 and ArcadeDB's Bolt server run is used.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any, Iterable

import networkx as nx

from graph.errors import Errors, StoreError
from graph.store import NodeLinkItem

LABELS = {"service": "Service", "concept": "Concept", "limit": "Limit"}
BATCH = 1000
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _label(node_id: str) -> str:
    return LABELS[node_id.split(":", 1)[0]]


def node_row(item: dict[str, Any]) -> dict[str, Any]:
    """A node-link node as a Cypher row: primitive properties, evidence as parallel lists, a content hash."""
    props = {k: v for k, v in item.items() if k not in ("id", "evidence") and v is not None}
    props = {k: (json.dumps(v, sort_keys=True) if isinstance(v, dict) else v) for k, v in props.items()}
    evidence = item.get("evidence", [])
    props["ev_file"] = [e["file"] for e in evidence]
    props["ev_line"] = [e["line"] for e in evidence]
    props["ev_text"] = [e["text"] for e in evidence]
    props["h"] = _digest(props)
    return {"id": item["id"], "props": props}


def edge_row(item: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in item.items() if k not in ("source", "target", "key", "type", "evidence")}
    evidence = item.get("evidence", [])
    props["ev_file"] = [e["file"] for e in evidence]
    props["ev_line"] = [e["line"] for e in evidence]
    props["ev_text"] = [e["text"] for e in evidence]
    props["h"] = _digest(props)
    return {"source": item["source"], "target": item["target"], "key": item["key"], "type": item["type"], "props": props}


def _digest(props: dict[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(props, sort_keys=True, default=str).encode(), digest_size=12).hexdigest()


def _attrs_of(props: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    attrs = {k: v for k, v in props.items() if k not in drop and not k.startswith("ev_") and k != "h"}
    attrs["evidence"] = [{"file": f, "line": line, "text": t}
                         for f, line, t in zip(props.get("ev_file", []), props.get("ev_line", []), props.get("ev_text", []))]
    return attrs


def _batches(rows: list[dict], size: int = BATCH) -> Iterable[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


class Neo4jStore:
    """A store in Neo4j (or ArcadeDB's Bolt server): ``Neo4jStore("bolt://localhost:7687", "neo4j", "pw")``."""

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None,
                 *, batch_size: int = BATCH):
        self.uri, self.user, self.database = uri, user, database
        self.batch_size = batch_size  # rows per UNWIND transaction (1 = a statement per row, for comparison)
        self._password = password  # never logged or shown
        self._driver = None

    # -- connection --------------------------------------------------------------------------
    def describe(self) -> str:
        return f"Neo4j {self.uri}" + (f" database {self.database}" if self.database else "")

    def _connect(self):
        if self._driver is None:
            scheme = self.uri.split("://", 1)[0] if "://" in self.uri else ""
            if scheme not in BOLT_SCHEMES:
                raise StoreError(Errors.E113.format(uri=self.uri, reason=f"scheme {scheme or 'missing'!r}"))
            import neo4j  # imported here: the embedded store needs no driver
            from neo4j import exceptions as nex

            try:
                driver = neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self._password))
                driver.verify_connectivity()
                with driver.session(database=self.database) as session:
                    session.run("RETURN 1").consume()
            except nex.AuthError as err:
                raise StoreError(Errors.E111.format(uri=self.uri, user=self.user)) from err
            except nex.ServiceUnavailable as err:
                raise StoreError(Errors.E110.format(uri=self.uri)) from err
            except (nex.ClientError, nex.DatabaseError) as err:
                raise StoreError(Errors.E112.format(uri=self.uri, database=self.database or "(default)",
                                                   reason=(err.message or str(err)).split("\n")[0])) from err
            except ValueError as err:  # a malformed URI
                raise StoreError(Errors.E113.format(uri=self.uri, reason=str(err))) from err
            self._driver = driver
        return self._driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def _write(self, query: str, **params: Any) -> None:
        with self._connect().session(database=self.database) as session:
            session.execute_write(lambda tx: tx.run(query, **params).consume())

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self._connect().session(database=self.database) as session:
            return session.execute_read(lambda tx: [r.data() for r in tx.run(query, **params)])

    # -- writing -----------------------------------------------------------------------------
    def ensure_constraints(self) -> None:
        for label in (*LABELS.values(), "Meta"):
            self._write(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")

    def save(self, items: Iterable[NodeLinkItem], graph_attrs: dict[str, Any]) -> dict[str, int]:
        """Make the database hold exactly this document; returns how many rows were written and deleted."""
        nodes: dict[str, list[dict]] = defaultdict(list)
        edges: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        for section, item in items:
            if section == "nodes":
                nodes[_label(item["id"])].append(node_row(item))
            else:
                row = edge_row(item)
                edges[(row["type"], _label(row["source"]), _label(row["target"]))].append(row)
        counts = {"nodes_written": 0, "edges_written": 0, "deleted": 0}
        # The whole document's digest, stored last: equal means the database already holds it
        # (an interrupted build never stored it, so the next one completes the work).
        doc_hash = _digest({"attrs": graph_attrs, "nodes": sorted(r["props"]["h"] for rows in nodes.values() for r in rows),
                            "edges": sorted(r["props"]["h"] + r["key"] for rows in edges.values() for r in rows)})
        stored = self._read("MATCH (m:Meta {id: 'graph'}) RETURN m.h AS h")
        if stored and stored[0]["h"] == doc_hash:
            return counts
        self.ensure_constraints()
        for label, rows in nodes.items():
            old = {r["id"]: r["h"] for r in self._read(f"MATCH (n:{label}) RETURN n.id AS id, n.h AS h")}
            changed = [r for r in rows if old.get(r["id"]) != r["props"]["h"]]
            for batch in _batches(changed, self.batch_size):
                self._write(f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props", rows=batch)
            counts["nodes_written"] += len(changed)
            gone = sorted(set(old) - {r["id"] for r in rows})
            for batch in _batches([{"id": i} for i in gone], self.batch_size):
                self._write(f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) DETACH DELETE n", rows=batch)
            counts["deleted"] += len(gone)
        for label in set(LABELS.values()) - set(nodes):  # a kind the new document no longer has
            counts["deleted"] += self._read(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"]
            self._write(f"MATCH (n:{label}) DETACH DELETE n")
        old_edges = {(r["s"], r["t"], r["k"]): r["h"] for r in self._read(
            "MATCH (a)-[r]->(b) RETURN a.id AS s, b.id AS t, r.key AS k, r.h AS h")}
        new_keys = set()
        for (etype, src_label, dst_label), rows in edges.items():
            new_keys |= {(r["source"], r["target"], r["key"]) for r in rows}
            changed = [r for r in rows if old_edges.get((r["source"], r["target"], r["key"])) != r["props"]["h"]]
            query = (f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.source}}) MATCH (b:{dst_label} {{id: row.target}}) "
                     f"MERGE (a)-[r:{etype} {{key: row.key}}]->(b) SET r += row.props")
            for batch in _batches(changed, self.batch_size):
                self._write(query, rows=batch)
            counts["edges_written"] += len(changed)
        stale = [{"s": s, "t": t, "k": k} for (s, t, k) in old_edges if (s, t, k) not in new_keys]
        for row in stale:
            self._write(f"MATCH (a:{_label(row['s'])} {{id: $s}})-[r {{key: $k}}]->(b:{_label(row['t'])} {{id: $t}}) DELETE r", **row)
        counts["deleted"] += len(stale)
        self._write("MERGE (m:Meta {id: 'graph'}) SET m.attrs = $attrs, m.h = $h",
                    attrs=json.dumps(graph_attrs, sort_keys=True), h=doc_hash)
        return counts

    # -- reading -----------------------------------------------------------------------------
    def load(self) -> nx.MultiDiGraph:
        meta = self._read("MATCH (m:Meta {id: 'graph'}) RETURN m.attrs AS attrs")
        if not meta:
            raise StoreError(Errors.E114.format(where=self.describe()))
        graph = nx.MultiDiGraph(**json.loads(meta[0]["attrs"]))
        for label in LABELS.values():
            for record in self._read(f"MATCH (n:{label}) RETURN properties(n) AS p"):
                props = record["p"]
                graph.add_node(props["id"], **_attrs_of(props, ("id",)))
        for record in self._read("MATCH (a)-[r]->(b) RETURN a.id AS s, b.id AS t, type(r) AS type, properties(r) AS p"):
            attrs = _attrs_of(record["p"], ("key",))
            graph.add_edge(record["s"], record["t"], key=record["p"]["key"], type=record["type"], **attrs)
        return graph

    def clear(self) -> None:
        """Remove servicemap's nodes (the tests' clean slate)."""
        for label in (*LABELS.values(), "Meta"):
            self._write(f"MATCH (n:{label}) DETACH DELETE n")
