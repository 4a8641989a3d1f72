"""The Neo4j store: the graph document in Neo4j (or a Bolt server speaking its Cypher) via the official driver.

Writes are a sync, not a reload. The store knows what the database holds (ids and content
hashes of nodes and relationships: the manifest kept on the ``:Meta`` node by the last sync,
or the records themselves when there is none), :func:`plan_sync` works out the statements
that turn it into the new document, and :func:`transactions` cuts their ``UNWIND $rows`` into
managed write transactions (``execute_write``: transient errors are retried) of at most 1000
rows and about 4 MB, consecutive statements sharing one:

1. uniqueness constraints on every label's ``id``, before anything is written; the ``:Meta``
   node is marked ``syncing``;
2. nodes the database lacks are CREATEd; nodes whose content changed are MERGEd and SET
   (a node someone else created meanwhile fails the constraint, and that transaction is
   redone with MERGE: the constraint, not the read, is what keeps ids unique);
3. relationships that are new or changed are MERGEd on ``(source, target, key)`` (a
   relationship has no uniqueness constraint to fall back on, so MERGE it is); the note
   lines of nodes with more than 1000 of them are SET after them (see :func:`_lines_later`);
4. relationships, then nodes, that the new document no longer has are deleted;
5. the new manifest is stored, in parts of about 8 MB (``:Meta`` nodes ``graph/manifest/0``,
   ``…/1`` …: ArcadeDB refuses a record over 16 MiB); then the document's digest and the
   number of parts go on the ``:Meta`` node, and the mark is cleared, last.

A second build with no change reads the digest and writes nothing; a build interrupted
half-way leaves whole transactions behind and the mark, and the next build reads the records
(the manifest no longer says what they are) and completes it.
``batch_size=1`` runs the same statements one row each, each in its own transaction: the
bench's per-row loader.

Properties must be primitives or lists of them, so evidence is kept as three parallel
lists (``ev_file``, ``ev_line``, ``ev_text``; a topic's section lines as ``sl_…``) and the graph's own attributes as JSON on the
``:Meta`` node. ``SET n += row.props`` rather than ``SET n = …``: every row carries every
property of its kind, so nothing stale survives. Every MATCH is labelled; the label follows
from the id ("service:…"). Only Cypher that both Neo4j 5 and ArcadeDB's Bolt server run is used.

Where ArcadeDB (the tests' server) and Neo4j differ
---------------------------------------------------
- The agent string: Neo4j says ``Neo4j/5.26.0`` (``Neo4j/2025.01.0`` from 2025 on); ArcadeDB
  says ``Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)``. :func:`server_of_agent` reads both, and
  :func:`server_problem` refuses Neo4j before 5 (``CREATE CONSTRAINT … IF NOT EXISTS … REQUIRE``
  is Neo4j 5 syntax).
- The default database: Neo4j uses the user's home database; ArcadeDB the one named by
  ``arcadedb.bolt.defaultDatabase``. An unknown name is ``Neo.ClientError.Database.DatabaseNotFound``
  on both (ArcadeDB's message shows its data folder, so the store says it in its own words).
- Speed: ArcadeDB runs ``SET n += $map`` about three times faster than ``SET n = $map``, and
  CREATE barely faster than MERGE (Neo4j gains more, as CREATE takes no lock on the index
  entry); without the uniqueness constraint, MERGE on ArcadeDB scans (20,000 rows: 14 s vs 0.8 s).
- ``elementId()`` values look different: never parse them. ArcadeDB has no fulltext indexes,
  procedures or APOC: none is used.
- Now and then, after a load of hundreds of thousands of records, ArcadeDB fails a commit with
  ``Neo.ClientError.Transaction.TransactionNotFound`` "Error during read lock"; the same
  transaction succeeds when run again. The driver retries only transient errors, so
  :meth:`Neo4jStore._execute_write` retries this one too (every write here can run twice).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import time
from collections import defaultdict
from itertools import chain
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

import networkx as nx

from extract.document import content_digest
from graph.errors import Errors, StoreError
from graph.store import NodeLinkItem, gc_paused

LABELS = {"service": "Service", "concept": "Concept", "limit": "Limit"}
BATCH = 1000  # rows per transaction
BATCH_BYTES = 4_000_000  # about as many bytes per transaction (see transactions)
HEAVY_LINES = 1000  # a node with more note lines gets them after its relationships (see _lines_later)
WRITE_ATTEMPTS = 3  # tries of a write that ArcadeDB fails on a lock (see the module's notes)
LOCK_FAILURE = "Neo.ClientError.Transaction.TransactionNotFound"
CLEAR_BATCH = 10_000  # nodes deleted per transaction by clear()
MANIFEST_BYTES = 8_000_000  # about as many bytes per part of the manifest (see StoredState.manifest_parts)
MANIFEST_PART = "graph/manifest/"  # the id of a manifest part is this and its number
MANIFEST_LISTS = ("n_id", "n_h", "e_src", "e_dst", "e_key", "e_type", "e_h")
FORMAT = 3  # how the store lays out rows: a database written in another format is synced whatever its digest
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
MIN_NEO4J = 5
_USERINFO = re.compile(r"\b([a-z][a-z0-9+.-]*://)[^@/\s'\"]*@", re.I)
ANY_LABEL = " OR ".join(f"b:{label}" for label in LABELS.values())

EdgeKey = tuple[str, str, str]  # (source id, target id, key)


def _label(node_id: str) -> str:
    return LABELS[node_id.split(":", 1)[0]]


# -- the server --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ServerKind:
    """What a Bolt server says it is: ``product`` ("Neo4j", "ArcadeDB" or the agent's own name),
    its version, and the Neo4j version it speaks (its own, for Neo4j)."""

    product: str
    version: tuple[int, ...]
    neo4j_version: tuple[int, ...]

    def __str__(self) -> str:
        return f"{self.product} {'.'.join(map(str, self.version)) or '(no version)'}"


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def server_of_agent(agent: str) -> ServerKind:
    """Read a server's agent string.

    >>> server_of_agent("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)")
    ServerKind(product='ArcadeDB', version=(26, 10, 2), neo4j_version=(5, 26, 0))
    >>> str(server_of_agent("Neo4j/4.4.12"))
    'Neo4j 4.4.12'
    """
    agent = (agent or "").strip()
    neo4j = re.match(r"neo4j/v?([\d.]+)", agent, re.I)
    neo4j_version = _version(neo4j.group(1)) if neo4j else ()
    arcade = re.search(r"ArcadeDB[ /]v?([\d.]+)", agent, re.I)
    if arcade:
        return ServerKind("ArcadeDB", _version(arcade.group(1)), neo4j_version)
    if neo4j and agent[neo4j.end():].strip() == "":
        return ServerKind("Neo4j", neo4j_version, neo4j_version)
    product = re.split(r"[/\s]", agent, maxsplit=1)[0] or "unknown server"
    own = re.match(r"[^/\s]+/v?([\d.]+)", agent)
    return ServerKind(product, _version(own.group(1)) if own else (), neo4j_version)


def server_problem(agent: str) -> str | None:
    """Why servicemap cannot use this server, or ``None``: only a Neo4j dialect before 5 is refused.

    Calendar versions (``Neo4j/2025.01.0``) came after 5.26, so they pass.

    >>> server_problem("Neo4j/4.4.12")
    'it is Neo4j 4.4.12'
    >>> server_problem("Neo4j/5.0.0") is None, server_problem("Neo4j/2025.06.0") is None
    (True, True)
    """
    server = server_of_agent(agent)
    if server.neo4j_version and server.neo4j_version[0] < MIN_NEO4J:
        if server.product == "Neo4j":
            return f"it is {server}"
        return f"it is {server}, which speaks Neo4j {'.'.join(map(str, server.neo4j_version))}"
    return None


def shown_uri(uri: str) -> str:
    """The URI without any ``user:password@`` part, fit for messages.

    >>> shown_uri("neo4j://alice:s3cret@db.example:7687")
    'neo4j://db.example:7687'
    """
    return _USERINFO.sub(r"\1", uri)


# -- rows ----------------------------------------------------------------------------------------
#: Lists of note lines an item may carry → the prefix of the parallel lists they are stored as.
LINE_LISTS = {"evidence": "ev", "section_lines": "sl"}
LINE_PREFIXES = tuple(f"{prefix}_" for prefix in LINE_LISTS.values())


def _line_lists(item: dict[str, Any], props: dict[str, Any]) -> None:
    """Each list of {file, line, text} as three parallel lists (Neo4j properties can't hold maps)."""
    for key, prefix in LINE_LISTS.items():
        if key in item or key == "evidence":
            lines = item.get(key) or []
            props[f"{prefix}_file"] = [e["file"] for e in lines]
            props[f"{prefix}_line"] = [e["line"] for e in lines]
            props[f"{prefix}_text"] = [e["text"] for e in lines]


def node_row(item: dict[str, Any]) -> dict[str, Any]:
    """A node-link node as a Cypher row: primitive properties, note lines as parallel lists, a content hash."""
    props = {k: (json.dumps(v, sort_keys=True) if isinstance(v, dict) else v)
             for k, v in item.items() if k not in ("id", *LINE_LISTS) and v is not None}
    _line_lists(item, props)
    props["h"] = _digest(props)
    return {"id": item["id"], "props": props}


def edge_row(item: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in item.items() if k not in ("source", "target", "key", "type", *LINE_LISTS)}
    _line_lists(item, props)
    props["h"] = _digest(props)
    return {"source": item["source"], "target": item["target"], "key": item["key"], "type": item["type"], "props": props}


def _digest(props: dict[str, Any]) -> str:
    """A row's content hash. Pickle, not sorted JSON: three times faster, and the rows of one document
    are built in a fixed key order (a changed order only costs one rewrite)."""
    return hashlib.blake2b(pickle.dumps(props, protocol=5), digest_size=12).hexdigest()


def _attrs_of(props: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    attrs = {k: v for k, v in props.items() if k not in drop and not k.startswith(LINE_PREFIXES) and k != "h"}
    for key, prefix in LINE_LISTS.items():
        if key == "evidence" or f"{prefix}_file" in props:
            attrs[key] = [{"file": f, "line": line, "text": t} for f, line, t in
                          zip(props.get(f"{prefix}_file") or [], props.get(f"{prefix}_line") or [], props.get(f"{prefix}_text") or [])]
    return attrs


def document_digest(items: list[NodeLinkItem], graph_attrs: dict[str, Any]) -> str:
    """The whole document's digest, stored last: equal means the database already holds it.

    One :func:`~extract.document.content_digest` of the whole document, before any row is
    built: a build with no change stops here. Like the row hashes it follows the key order: a
    changed order costs one sync.

    >>> items = [("nodes", {"id": "concept:x", "files": ["notes/a.md"]})]
    >>> document_digest(items, {}) == document_digest(items, {"files": []})
    False
    """
    return content_digest([graph_attrs, items])


@dataclass
class DocumentRows:
    """The new document as rows: nodes by id, relationships by (source, target, key)."""

    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[EdgeKey, dict] = field(default_factory=dict)

    @classmethod
    def of(cls, items: Iterable[NodeLinkItem]) -> "DocumentRows":
        rows = cls()
        with gc_paused():
            rows._add(items)
        return rows

    def _add(self, items: Iterable[NodeLinkItem]) -> None:
        for section, item in items:
            if section == "nodes":
                self.nodes[item["id"]] = node_row(item)
            else:
                row = edge_row(item)
                self.edges[(row["source"], row["target"], row["key"])] = row



@dataclass
class StoredState:
    """What the database holds: node hashes by id, (type, hash) of relationships by (source, target, key)."""

    nodes: dict[str, str] = field(default_factory=dict)
    edges: dict[EdgeKey, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: DocumentRows) -> "StoredState":
        """The state a database is in once it holds these rows."""
        return cls({i: r["props"]["h"] for i, r in rows.nodes.items()},
                   {k: (r["type"], r["props"]["h"]) for k, r in rows.edges.items()})

    def manifest_parts(self, max_bytes: int = MANIFEST_BYTES) -> list[dict[str, list]]:
        """This state as the parallel lists the manifest keeps (see :meth:`Neo4jStore.save`), cut
        into parts of about ``max_bytes``, at least one.

        >>> state = StoredState({"service:amazon-s3": "h1", "concept:x": "h3"},
        ...                     {("service:amazon-s3", "concept:x", "k"): ("HAS", "h2")})
        >>> [len(part["n_id"]) + len(part["e_src"]) for part in state.manifest_parts(80)]
        [2, 1]
        >>> StoredState.of_manifest(state.manifest_parts(80)) == state == StoredState.of_manifest(state.manifest_parts())
        True
        """
        entries = chain(((MANIFEST_LISTS[:2], (node_id, h), len(node_id) + 32) for node_id, h in self.nodes.items()),
                        ((MANIFEST_LISTS[2:], (*ends, etype, h), sum(map(len, ends)) + 64)
                         for ends, (etype, h) in self.edges.items()))
        parts = [{key: [] for key in MANIFEST_LISTS}]
        size = 0
        for names, values, weight in entries:
            if size >= max_bytes:
                parts.append({key: [] for key in MANIFEST_LISTS})
                size = 0
            for name, value in zip(names, values):
                parts[-1][name].append(value)
            size += weight
        return parts

    @classmethod
    def of_manifest(cls, parts: list[dict[str, list]]) -> "StoredState":
        state = cls()
        for props in parts:
            state.nodes.update(zip(props["n_id"], props["n_h"]))
            state.edges.update(((s, t, k), (etype, h)) for s, t, k, etype, h in
                               zip(props["e_src"], props["e_dst"], props["e_key"], props["e_type"], props["e_h"]))
        return state


# -- the plan ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One statement over ``rows``, run in transactions; ``counts`` names the total it adds to (``None``:
    rows counted already). ``fallback`` is the statement to redo a batch with when ``query`` breaks a constraint."""

    counts: str | None  # nodes_written | edges_written | deleted
    query: str
    rows: list[dict]
    fallback: str | None = None


def _create_nodes(label: str) -> str:
    return f"UNWIND $rows AS row CREATE (n:{label} {{id: row.id}}) SET n += row.props"


def _merge_nodes(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"


def _set_nodes(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n += row.props"


def _merge_edges(etype: str, src: str, dst: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{src} {{id: row.source}}) MATCH (b:{dst} {{id: row.target}}) "
            f"MERGE (a)-[r:{etype} {{key: row.key}}]->(b) SET r += row.props")


def _delete_edges(etype: str, src: str, dst: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{src} {{id: row.source}})-[r:{etype} {{key: row.key}}]->"
            f"(b:{dst} {{id: row.target}}) DELETE r")


def _delete_nodes(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) DETACH DELETE n"


def _grouped(rows: Iterable[tuple[Any, dict]]) -> dict[Any, list[dict]]:
    groups: dict[Any, list[dict]] = defaultdict(list)
    for group, row in rows:
        groups[group].append(row)
    return dict(sorted(groups.items()))


def _lines_later(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Node rows as (rows to write before the relationships, the note lines and hashes of nodes
    with more than ``HEAVY_LINES`` of them, to write after).

    Every relationship statement that MATCHes a node reads its whole record: on ArcadeDB a node
    of 20,000 note lines takes about 10 ms a MATCH, and the topics of a large vault, each with
    hundreds of relationships, took most of its load. Written after the relationships, the
    lines are written once. The hash goes with them, so a build interrupted in between leaves a
    node whose hash differs, which the next build writes again.
    """
    first, later = [], []
    for row in rows:
        if _note_lines(row) <= HEAVY_LINES:
            first.append(row)
            continue
        props = row["props"]
        deferred = {k for k in props if k == "h" or k.startswith(LINE_PREFIXES)}
        first.append({"id": row["id"], "props": {k: v for k, v in props.items() if k not in deferred}})
        later.append({"id": row["id"], "props": {k: props[k] for k in deferred}})
    return first, later


def plan_sync(new: DocumentRows, old: StoredState) -> list[Step]:
    """The statements that turn the stored state into the new document, in the order they must run.

    >>> new = DocumentRows.of([("nodes", {"id": "service:amazon-s3", "kind": "service", "evidence": []})])
    >>> [(s.counts, len(s.rows), s.query.split()[4]) for s in plan_sync(new, StoredState())]
    [('nodes_written', 1, 'CREATE')]
    >>> plan_sync(new, StoredState(nodes={"service:amazon-s3": new.nodes["service:amazon-s3"]["props"]["h"]}))
    []
    >>> lines = [{"file": "a.md", "line": i, "text": "S3"} for i in range(HEAVY_LINES + 1)]
    >>> new = DocumentRows.of([("nodes", {"id": "service:amazon-s3", "kind": "service", "evidence": lines})])
    >>> [(s.counts, sorted(s.rows[0]["props"]), s.query.split()[4]) for s in plan_sync(new, StoredState())]
    [('nodes_written', ['kind'], 'CREATE'), (None, ['ev_file', 'ev_line', 'ev_text', 'h'], 'MATCH')]
    """
    steps: list[Step] = []
    created = _grouped((_label(i), r) for i, r in new.nodes.items() if i not in old.nodes)
    changed = _grouped((_label(i), r) for i, r in new.nodes.items() if i in old.nodes and old.nodes[i] != r["props"]["h"])
    later: list[tuple[str, dict]] = []
    for label, rows in created.items():
        first, deferred = _lines_later(rows)
        later += [(label, row) for row in deferred]
        steps.append(Step("nodes_written", _create_nodes(label), first, fallback=_merge_nodes(label)))
    for label, rows in changed.items():
        first, deferred = _lines_later(rows)
        later += [(label, row) for row in deferred]
        steps.append(Step("nodes_written", _merge_nodes(label), first))
    upserts = _grouped(((r["type"], _label(k[0]), _label(k[1])), r) for k, r in new.edges.items()
                       if old.edges.get(k, ("", ""))[1] != r["props"]["h"])
    steps += [Step("edges_written", _merge_edges(*group), rows) for group, rows in upserts.items()]
    steps += [Step(None, _set_nodes(label), rows) for label, rows in _grouped(later).items()]
    stale = _grouped(((etype, _label(k[0]), _label(k[1])), {"source": k[0], "target": k[1], "key": k[2]})
                     for k, (etype, _) in old.edges.items() if k not in new.edges)
    steps += [Step("deleted", _delete_edges(*group), rows) for group, rows in stale.items()]
    gone = _grouped((_label(i), {"id": i}) for i in old.nodes if i not in new.nodes)
    steps += [Step("deleted", _delete_nodes(label), rows) for label, rows in gone.items()]
    return steps


class Unlogged(list):
    """A parameter list whose ``repr`` is its length. The driver (neo4j 6.4) formats every RUN's
    parameters for its debug log whether or not debug logging is on: the note text of a load,
    again, as ``repr`` (5 of the 74 s of a graph a hundred times the sample's). Packed as a list.

    >>> repr({"rows": Unlogged([{"id": "service:amazon-s3"}])})
    "{'rows': <1 item(s)>}"
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} item(s)>"


#: One statement and the rows it runs over, inside a transaction.
Part = tuple[Step, list[dict]]


def _note_lines(row: dict) -> int:
    props = row.get("props") or {}
    return sum(len(props.get(f"{prefix}_file") or ()) for prefix in LINE_LISTS.values())


def _row_bytes(row: dict) -> int:
    """About how many bytes a row takes in a Bolt message: its note lines' characters, 16 bytes
    a line and 256 for the rest (a few short strings). Characters, not UTF-8 bytes: non-ASCII
    text takes up to three times as many, which ``BATCH_BYTES`` leaves room for under 16 MiB."""
    props = row.get("props") or {}
    size = 256
    for prefix in LINE_LISTS.values():
        files, texts = props.get(f"{prefix}_file") or (), props.get(f"{prefix}_text") or ()
        size += sum(map(len, files)) + sum(map(len, texts)) + 16 * len(files)
    return size


def transactions(steps: list[Step], size: int = BATCH, max_bytes: int = BATCH_BYTES) -> Iterator[list[Part]]:
    """The steps' rows cut into transactions, in order: at most ``size`` rows and about
    ``max_bytes`` each (a row with more goes alone).

    Rows, not statements, fill a transaction, so the twenty-odd small groups of relationships
    share a few commits instead of taking one each. Bytes, because ArcadeDB's Bolt server
    refuses a message over 16 MiB ("BOLT message too large", and the driver may wait for an
    answer that never comes): in a vault a hundred times the sample notes, a thousand topics
    with their note lines are 18 MB.

    >>> steps = [Step("deleted", "A", [{"id": 1}, {"id": 2}, {"id": 3}]), Step("deleted", "B", [{"id": 4}])]
    >>> [[(step.query, len(rows)) for step, rows in tx] for tx in transactions(steps, size=2)]
    [[('A', 2)], [('A', 1), ('B', 1)]]
    """
    parts: list[Part] = []
    n_rows = n_bytes = 0
    for step in steps:
        for row in step.rows:
            weight = _row_bytes(row)
            if n_rows and (n_rows == size or n_bytes + weight > max_bytes):
                yield parts
                parts, n_rows, n_bytes = [], 0, 0
            if not parts or parts[-1][0] is not step:
                parts.append((step, []))
            parts[-1][1].append(row)
            n_rows, n_bytes = n_rows + 1, n_bytes + weight
    if parts:
        yield parts


class Neo4jStore:
    """A store in Neo4j (or ArcadeDB's Bolt server): ``Neo4jStore("bolt://localhost:7687", "neo4j", "pw")``."""

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None,
                 *, batch_size: int = BATCH):
        self.uri, self.user, self.database = uri, user, database
        self.batch_size = batch_size  # rows per transaction (1 = a statement per row, for comparison)
        self.server: ServerKind | None = None  # known once connected
        self._password = password  # never logged or shown
        self._driver = None

    # -- connection --------------------------------------------------------------------------
    def describe(self) -> str:
        return f"Neo4j {shown_uri(self.uri)}" + (f" database {self.database}" if self.database else "")

    def _scrub(self, text: str) -> str:
        """A driver's message, safe to show: no password, first line only."""
        text = _USERINFO.sub(r"\1", str(text).split("\n")[0])
        return text.replace(self._password, "***") if self._password else text

    def _connect(self):
        if self._driver is None:
            self._driver = self._open()
        return self._driver

    def _open(self):
        """A driver that has reached the server, logged in, checked its version and opened the database."""
        scheme = self.uri.split("://", 1)[0] if "://" in self.uri else ""
        if scheme not in BOLT_SCHEMES:
            raise StoreError(Errors.E113.format(uri=shown_uri(self.uri), reason=f"scheme {scheme or 'missing'!r}"))
        import neo4j  # imported here: the embedded store needs no driver
        from neo4j.exceptions import ConfigurationError

        try:
            driver = neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self._password))
        except (ValueError, ConfigurationError) as err:  # a malformed URI, or one with user:password@
            raise StoreError(Errors.E113.format(uri=shown_uri(self.uri), reason=self._scrub(err))) from err
        try:
            self.server = self._check(driver)
        except BaseException:
            driver.close()
            raise
        return driver

    def _check(self, driver) -> ServerKind:
        """The server, once it has answered as one servicemap can use; else a :class:`StoreError` saying what to fix."""
        from neo4j import exceptions as nex

        uri, database = shown_uri(self.uri), self.database or "(default)"
        try:
            driver.verify_connectivity()
            agent = driver.get_server_info().agent
            problem = server_problem(agent)
            if problem:
                raise StoreError(Errors.E116.format(uri=uri, problem=problem))
            with driver.session(database=self.database) as session:
                session.run("RETURN 1").consume()
        except nex.AuthError as err:
            raise StoreError(Errors.E111.format(uri=uri, user=self.user)) from err
        except nex.ServiceUnavailable as err:
            raise StoreError(Errors.E110.format(uri=uri)) from err
        except (nex.ClientError, nex.DatabaseError) as err:
            if getattr(err, "code", "") == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreError(Errors.E112.format(uri=uri, database=database)) from err
            raise StoreError(Errors.E115.format(uri=uri, database=database, reason=self._scrub(err.message or err))) from err
        except ValueError as err:  # a malformed address the driver only notices when it connects
            raise StoreError(Errors.E113.format(uri=uri, reason=self._scrub(err))) from err
        return server_of_agent(agent)

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def _execute_write(self, work: Callable[[Any], Any]) -> Any:
        """``work`` in a managed write transaction, tried again when ArcadeDB fails its commit on a lock
        (see the module's notes); other errors, and that one a third time, go to the caller."""
        from neo4j.exceptions import ClientError

        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self._connect().session(database=self.database) as session:
                    return session.execute_write(work)
            except ClientError as error:
                if error.code != LOCK_FAILURE or attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.5 * (attempt + 1))

    def _write(self, query: str, **params: Any) -> None:
        """One statement in one managed write transaction."""
        self._execute_write(lambda tx: tx.run(query, **params).consume())

    def _write_parts(self, parts: list[Part]) -> None:
        """Each part's statement over its rows, in one managed write transaction: all of it or none.

        A transaction that breaks a uniqueness constraint (a node someone else created meanwhile)
        is redone with the parts' fallback statements."""
        from neo4j.exceptions import ConstraintError

        try:
            self._write_all([(step.query, rows) for step, rows in parts])
        except ConstraintError:
            if not any(step.fallback for step, _ in parts):
                raise
            self._write_all([(step.fallback or step.query, rows) for step, rows in parts])

    def _write_all(self, statements: list[tuple[str, list[dict]]]) -> None:
        self._execute_write(lambda tx: [tx.run(query, rows=Unlogged(rows)).consume() for query, rows in statements])

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        with self._connect().session(database=self.database) as session:
            # Records as they come: every query here returns primitives, lists and maps, which
            # Record.data() would copy value by value (a second of a 600,000-entry manifest)
            return session.execute_read(lambda tx: [dict(zip(r.keys(), r)) for r in tx.run(query, **params)])

    # -- writing -----------------------------------------------------------------------------
    def ensure_constraints(self) -> None:
        for label in (*LABELS.values(), "Meta"):
            self._write(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")

    def _holds_nodes(self) -> bool:
        """Whether any of servicemap's nodes is stored: one query, so that a first build skips
        :meth:`stored_state`'s six reads."""
        any_label = " OR ".join(f"EXISTS {{ MATCH (:{label}) }}" for label in LABELS.values())
        return self._read(f"RETURN {any_label} AS held")[0]["held"]

    def stored_state(self) -> StoredState:
        """Ids and content hashes of servicemap's nodes and of the relationships between them."""
        state = StoredState()
        for label in LABELS.values():
            state.nodes.update((r["id"], r["h"]) for r in self._read(f"MATCH (n:{label}) RETURN n.id AS id, n.h AS h"))
            for r in self._read(f"MATCH (a:{label})-[r]->(b) WHERE ({ANY_LABEL}) AND r.key IS NOT NULL "
                                "RETURN a.id AS s, b.id AS t, r.key AS k, type(r) AS type, r.h AS h"):
                state.edges[(r["s"], r["t"], r["k"])] = (r["type"], r["h"])
        return state

    def save(self, items: Iterable[NodeLinkItem], graph_attrs: dict[str, Any],
             digest: str | None = None) -> dict[str, int]:
        """Make the database hold exactly this document; returns how many nodes and relationships
        were written and how many were deleted (a relationship that goes with its node counts too).

        ``digest`` is the document's own (:meth:`extract.resolve.GraphDoc.digest`), when the caller
        has one: a build with no change then compares it and stops, without turning the document
        into items (without one, :func:`document_digest` hashes the items).

        The ``:Meta`` node keeps the digest, and its manifest (``:Meta`` nodes of about 8 MB each)
        the ids and hashes of everything written, so a sync reads a few nodes instead of every
        record (a relationship read loads its endpoints' whole records: 30 s in a vault a hundred
        times the sample notes, 35 s for a graph a hundred times the sample's). A sync marks
        the node ``syncing`` before its first write and clears it with its last: a build
        interrupted in between leaves the mark, and the next one reads the database itself.
        """
        if digest is None:
            with gc_paused():
                items = list(items)
            digest = document_digest(items, graph_attrs)
        doc_hash = f"{FORMAT}:{digest}"
        counts = {"nodes_written": 0, "edges_written": 0, "deleted": 0}
        meta = self._meta()
        if meta and meta["h"] == doc_hash and not meta["syncing"]:
            return counts
        with gc_paused():  # millions of strings, lists and tuples: collections would walk them again and again
            return self._sync(items, graph_attrs, doc_hash, meta, counts)

    def _sync(self, items: Iterable[NodeLinkItem], graph_attrs: dict[str, Any], doc_hash: str,
              meta: dict[str, Any] | None, counts: dict[str, int]) -> dict[str, int]:
        new = DocumentRows.of(items)
        self.ensure_constraints()
        old = self._old_state(meta)
        self._write("MERGE (m:Meta {id: 'graph'}) SET m.syncing = true")
        for parts in transactions(plan_sync(new, old), self.batch_size):
            self._write_parts(parts)
            for step, rows in parts:
                if step.counts:
                    counts[step.counts] += len(rows)
        parts = self._write_manifest(StoredState.of(new).manifest_parts(MANIFEST_BYTES))
        # (+= of nulls: a manifest kept on this node by format 2 goes)
        self._write("MERGE (m:Meta {id: 'graph'}) SET m += $format_2, m.attrs = $attrs, m.h = $h, m.format = $format, "
                    "m.manifest_parts = $parts, m.syncing = false", format_2=dict.fromkeys(MANIFEST_LISTS),
                    attrs=json.dumps(graph_attrs, sort_keys=True), h=doc_hash, format=FORMAT, parts=parts)
        return counts

    def _write_manifest(self, parts: list[dict[str, list]]) -> int:
        """The manifest's parts, each in a transaction of its own, and no others; returns how many.
        While the mark is set, a part left over or half written is never read."""
        for number, part in enumerate(parts):
            self._write("MERGE (p:Meta {id: $id}) SET p += $part", id=f"{MANIFEST_PART}{number}",
                        part={key: Unlogged(values) for key, values in part.items()})
        self._write("MATCH (p:Meta) WHERE p.id STARTS WITH $prefix AND NOT p.id IN $ids DELETE p", prefix=MANIFEST_PART,
                    ids=[f"{MANIFEST_PART}{number}" for number in range(len(parts))])
        return len(parts)

    def _meta(self) -> dict[str, Any] | None:
        """The ``:Meta`` node's digest, whether a sync is under way on it and how many parts its manifest has
        (``None``: none that this format can use)."""
        rows = self._read("MATCH (m:Meta {id: 'graph'}) RETURN m.h AS h, coalesce(m.syncing, false) AS syncing, "
                          "CASE WHEN m.format = $format THEN m.manifest_parts END AS parts", format=FORMAT)
        return rows[0] if rows else None

    def _old_state(self, meta: dict[str, Any] | None) -> StoredState:
        """What the database holds: the manifest when the last sync finished, the database's own
        records when not (or when servicemap's nodes were written without one, or a part is missing),
        nothing on a first build."""
        if meta and meta["parts"] is not None and not meta["syncing"]:
            lists = ", ".join(f"p.{key} AS {key}" for key in MANIFEST_LISTS)
            parts = self._read(f"MATCH (p:Meta) WHERE p.id STARTS WITH $prefix RETURN {lists}", prefix=MANIFEST_PART)
            if len(parts) == meta["parts"]:
                return StoredState.of_manifest(parts)
        if meta or self._holds_nodes():
            return self.stored_state()
        return StoredState()

    # -- reading -----------------------------------------------------------------------------
    def load(self) -> nx.MultiDiGraph:
        meta = self._read("MATCH (m:Meta {id: 'graph'}) RETURN m.attrs AS attrs")
        if not meta or meta[0]["attrs"] is None:  # none, or a first build that didn't finish
            raise StoreError(Errors.E114.format(where=self.describe()))
        graph = nx.MultiDiGraph(**json.loads(meta[0]["attrs"]))
        for label in LABELS.values():
            for record in self._read(f"MATCH (n:{label}) RETURN properties(n) AS p"):
                props = record["p"]
                graph.add_node(props["id"], **_attrs_of(props, ("id",)))
        for label in LABELS.values():
            for record in self._read(f"MATCH (a:{label})-[r]->(b) WHERE ({ANY_LABEL}) AND r.key IS NOT NULL "
                                     "RETURN a.id AS s, b.id AS t, type(r) AS type, properties(r) AS p"):
                attrs = _attrs_of(record["p"], ("key",))
                graph.add_edge(record["s"], record["t"], key=record["p"]["key"], type=record["type"], **attrs)
        return graph

    def clear(self) -> None:
        """Remove servicemap's nodes (the tests' clean slate), ``CLEAR_BATCH`` at a time, so that no
        transaction holds a whole large graph (ArcadeDB failed one deleting 300,000 nodes)."""
        for label in (*LABELS.values(), "Meta"):
            while self._write_counted(f"MATCH (n:{label}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS gone",
                                      limit=CLEAR_BATCH):
                pass

    def _write_counted(self, query: str, **params: Any) -> int:
        """One statement returning a count, in one managed write transaction."""
        return self._execute_write(lambda tx: tx.run(query, **params).single(strict=True)[0])
