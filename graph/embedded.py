"""The embedded store: the graph document as one node-link JSON file, nothing to install.

Writes are atomic: the document is streamed to a temporary file in the same folder
and renamed over the old one, so a crash never leaves half a graph behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable

import networkx as nx

from graph.errors import Errors, StoreError
from graph.store import NodeLinkItem

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


def atomic_write_text(path: Path, write: "callable[[IO[str]], None]") -> None:
    """Call ``write`` on a temp file beside ``path`` and rename it into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise StoreError(Errors.E103.format(file=path, reason=err.strerror or err)) from err
    try:
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


def read_graph_file(path: Path) -> nx.MultiDiGraph:
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
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


class EmbeddedStore:
    """The default store: a node-link JSON file (``data/graph.json`` unless told otherwise)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def save(self, items: Iterable[NodeLinkItem], graph_attrs: dict[str, Any]) -> None:
        atomic_write_text(self.path, lambda out: write_node_link(out, items, graph_attrs))

    def load(self) -> nx.MultiDiGraph:
        return read_graph_file(self.path)

    def describe(self) -> str:
        return f"embedded file {self.path}"
