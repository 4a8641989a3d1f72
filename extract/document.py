"""The graph document: nodes and edges with evidence, as networkx node-link JSON.

This is the one format between the extractor and every store. A document is a
``networkx.MultiDiGraph`` whose node and edge attributes follow the schema below;
:func:`to_node_link` / :func:`from_node_link` convert it to and from the JSON that
``servicemap extract`` writes (edges under ``"edges"``).

Node attributes: ``kind`` (service | concept | limit), ``name``, ``aliases`` (list),
``evidence`` (list of ``{"file", "line", "text"}``); services add ``category``;
limits add ``value``, ``unit``, ``text``, ``bound`` (what the number bounds),
``qualifier`` (max | min | default | exact) and ``conflicts`` (ids of limits that
disagree with this one). Edge attributes: ``type`` and ``evidence``; USE_WHEN edges add
``condition``. Edge keys are ``TYPE`` or ``TYPE:condition-slug`` so one fact is one edge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable

import networkx as nx

NODE_KINDS = ("service", "concept", "limit")
EDGE_TYPES = (
    "USE_WHEN",
    "HAS_LIMIT",
    "PREREQUISITE_OF",
    "PART_OF",
    "INTEGRATES_WITH",
    "COMPARED_WITH",
)
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: file, 1-based line in the original file, and that line's text."""

    file: str
    line: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "text": self.text}


def slugify(text: str) -> str:
    """A stable, readable id fragment: ``"Amazon S3"`` → ``"amazon-s3"``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("@", "-at-").replace("&", "-and-").replace("+", "-plus-")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def node_id(kind: str, name: str) -> str:
    return f"{kind}:{slugify(name)}"


def edge_key(edge_type: str, condition: str = "") -> str:
    return f"{edge_type}:{slugify(condition)[:80]}" if condition else edge_type


def new_graph() -> nx.MultiDiGraph:
    return nx.MultiDiGraph(schema=SCHEMA_VERSION)


def add_evidence(attrs: dict[str, Any], evidence: Iterable[Evidence | dict[str, Any]]) -> None:
    """Append evidence to a node or edge attribute dict, once per (file, line)."""
    items = attrs.setdefault("evidence", [])
    seen = {(e["file"], e["line"]) for e in items}
    for ev in evidence:
        d = ev.as_dict() if isinstance(ev, Evidence) else dict(ev)
        if (d["file"], d["line"]) not in seen:
            seen.add((d["file"], d["line"]))
            items.append(d)


def evidence_files(attrs: dict[str, Any]) -> set[str]:
    return {e["file"] for e in attrs.get("evidence", ())}


def to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The JSON-ready node-link form, edges under ``"edges"``, sorted for stable diffs."""
    data = nx.node_link_data(graph, edges="edges")
    data["nodes"].sort(key=lambda n: n["id"])
    data["edges"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
    return data


def from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    if not isinstance(graph, nx.MultiDiGraph):  # pragma: no cover - node_link_graph honours the flags
        graph = nx.MultiDiGraph(graph)
    return graph


def validate_node_link(data: Any) -> str | None:
    """Why ``data`` is not a graph document, or ``None`` if it is one."""
    if not isinstance(data, dict):
        return "top level is not an object"
    if not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        return "no 'nodes' and 'edges' lists"
    for node in data["nodes"]:
        if not isinstance(node, dict) or "id" not in node or node.get("kind") not in NODE_KINDS:
            return f"node {str(node)[:60]!r} has no id or an unknown kind"
    ids = {n["id"] for n in data["nodes"]}
    for edge in data["edges"]:
        if not isinstance(edge, dict) or edge.get("source") not in ids or edge.get("target") not in ids:
            return f"edge {str(edge)[:60]!r} points at a node that is not in the file"
        if "type" not in edge:
            return f"edge {str(edge)[:60]!r} has no type"
    return None
