"""The embedded store: the graph document as one node-link JSON file, nothing to install.

Writes are atomic: the document is written to a temporary file in the same folder and
renamed over the old one, so a crash never leaves half a graph behind. The new file gets
the old one's permissions, or a new file's (``0666`` less the umask), not ``mkstemp``'s 0600.
A save compares the document with the file's and reports what changed, as the Neo4j store
does; when nothing did, the file is left as it is.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable

import networkx as nx

from graph.errors import Errors, StoreError
from graph.store import NodeLinkItem, gc_paused

NODE_KINDS = ("service", "concept", "limit")


def write_node_link(out: IO[str], items: Iterable[NodeLinkItem], graph_attrs: dict[str, Any]) -> None:
    """Stream a node-link document (networkx's format, edges under ``"edges"``) item by item."""
    out.write('{"directed": true, "multigraph": true, "graph": ')
    out.write(json.dumps(graph_attrs, ensure_ascii=False))
    section = None
    first = True
    for name, item in items:
        if name != section:
            if section == "nodes" and name == "edges":
                out.write("\n],\n")
            elif section is None and name == "edges":
                out.write(',\n"nodes": [],\n')
            elif section is None:
                out.write(",\n")
            out.write(f'"{name}": [\n')
            section, first = name, True
        if not first:
            out.write(",\n")
        out.write(json.dumps(item, ensure_ascii=False))
        first = False
    if section is None:
        out.write(',\n"nodes": [],\n"edges": []}\n')
    elif section == "nodes":
        out.write('\n],\n"edges": []}\n')
    else:
        out.write("\n]}\n")


def new_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: 0666 less the process's umask."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: read the umask by setting it (and put it straight back)
    os.umask(mask)
    return 0o666 & ~mask


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return new_file_mode()


def atomic_write_text(path: Path, write: "callable[[IO[str]], None]") -> None:
    """Call ``write`` on a temp file beside ``path`` and rename it into place.

    The file keeps the permissions it had, or gets a new file's (not ``mkstemp``'s 0600).
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise StoreError(Errors.E103.format(file=path, reason=err.strerror or err)) from err
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise StoreError(Errors.E103.format(file=path, reason=err.strerror or err)) from err
        raise


def validate(data: Any) -> str | None:
    """Why ``data`` is not a graph document, or ``None``."""
    if not isinstance(data, dict):
        return "the top level is not an object"
    if not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        return "it has no 'nodes' and 'edges' lists"
    ids = set()
    for node in data["nodes"]:
        if not isinstance(node, dict) or "id" not in node or node.get("kind") not in NODE_KINDS:
            return f"node {str(node)[:60]!r} has no id or an unknown kind"
        ids.add(node["id"])
    for edge in data["edges"]:
        if not isinstance(edge, dict) or edge.get("source") not in ids or edge.get("target") not in ids or "type" not in edge:
            return f"edge {str(edge)[:60]!r} has no type or points at a missing node"
    return None


def read_node_link_data(path: Path) -> dict[str, Any]:
    """The parsed, validated node-link document in ``path``; a :class:`StoreError` if there is none."""
    path = Path(path)
    if not path.exists():
        raise StoreError(Errors.E101.format(file=path))
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise StoreError(Errors.E102.format(file=path, reason=str(err).split("\n")[0])) from err
    reason = validate(data)
    if reason:
        raise StoreError(Errors.E102.format(file=path, reason=reason))
    return data


def read_graph_file(path: Path) -> nx.MultiDiGraph:
    data = read_node_link_data(path)
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def _item_key(section: str, item: dict[str, Any]) -> tuple:
    return (section, item["id"]) if section == "nodes" else (section, item["source"], item["target"], item["key"])


def document_changes(old_keys: set[tuple] | None, old_lines: set[str], new: dict[tuple, str]) -> dict[str, int]:
    """What a save changes, counted as the Neo4j store counts it: nodes and edges new or different
    (``*_written``), and nodes and edges gone (``deleted``). An item is unchanged when its JSON is
    one of ``old_lines``, the old file's lines without their trailing comma (this store writes an
    item a line, so no line is parsed and dumped again); ``old_keys`` is ``None`` when there is no file.

    >>> document_changes({("nodes", "a"), ("nodes", "b")}, {'{"id": "a"}', '{"id": "b"}'},
    ...                  {("nodes", "a"): '{"id": "a"}', ("edges", "a", "c", "K"): '{"source": "a"}'})
    {'nodes_written': 0, 'edges_written': 1, 'deleted': 1}
    """
    old_keys = old_keys or set()
    counts = {"nodes_written": 0, "edges_written": 0, "deleted": sum(1 for key in old_keys if key not in new)}
    for key, text in new.items():
        if text not in old_lines:
            counts[f"{key[0]}_written"] += 1
    return counts


class EmbeddedStore:
    """The default store: a node-link JSON file (``data/graph.json`` unless told otherwise)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def save(self, items: Iterable[NodeLinkItem], graph_attrs: dict[str, Any],
             digest: str | None = None) -> dict[str, int]:
        """Make the file hold exactly this document; returns how many nodes and edges were written
        and deleted, and leaves the file untouched when nothing changed. ``digest`` is not used:
        the file holds the document itself, and is compared with it line by line."""
        attrs = json.dumps(graph_attrs, ensure_ascii=False)
        new: dict[tuple, str] = {}
        with gc_paused():
            for section, item in items:
                new[_item_key(section, item)] = json.dumps(item, ensure_ascii=False)
        old_attrs, old_keys, old_lines = self._stored()
        counts = document_changes(old_keys, old_lines, new)
        if old_keys is not None and old_attrs == attrs and not any(counts.values()):
            return counts
        atomic_write_text(self.path, lambda out: _write_serialized(out, attrs, new))
        return counts

    def _stored(self) -> tuple[str | None, set[tuple] | None, set[str]]:
        """The file's graph attributes, item keys and item lines (``None``, ``None``, empty when
        there is no readable graph: everything then counts as written)."""
        try:
            data = read_node_link_data(self.path)
            with self.path.open(encoding="utf-8") as fh:
                lines = {line.rstrip().rstrip(",") for line in fh}
        except (StoreError, OSError, UnicodeDecodeError):
            return None, None, set()
        keys = {_item_key(section, item) for section in ("nodes", "edges") for item in data[section]}
        return json.dumps(data.get("graph", {}), ensure_ascii=False), keys, lines

    def load(self) -> nx.MultiDiGraph:
        return read_graph_file(self.path)

    def describe(self) -> str:
        return f"embedded file {self.path}"


def _write_serialized(out: IO[str], attrs: str, items: dict[tuple, str]) -> None:
    """Write a node-link document from items already serialized, nodes first (as ``write_node_link``)."""
    out.write('{"directed": true, "multigraph": true, "graph": ')
    out.write(attrs)
    for section in ("nodes", "edges"):
        out.write(f',\n"{section}": [\n')
        out.write(",\n".join(text for key, text in items.items() if key[0] == section))
        out.write("\n]" if any(key[0] == section for key in items) else "]")
    out.write("}\n")
