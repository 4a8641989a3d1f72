"""The current view as files to download: GraphML (for Gephi, yEd, Cytoscape) and node-link JSON."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from extract.document import to_node_link


def _graphml_value(value: Any) -> Any:
    """GraphML holds scalars only: lists and dicts (aliases, evidence) become JSON text."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False)


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML text of ``graph``; list and dict attributes as JSON strings.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("service:s3", kind="service", name="S3", aliases=["Simple Storage"], evidence=[])
    >>> "Simple Storage" in to_graphml(g)
    True
    """
    plain = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        plain.add_node(node, **{k: _graphml_value(v) for k, v in attrs.items()})
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key, **{k: _graphml_value(v) for k, v in attrs.items()})
    out = io.BytesIO()
    nx.write_graphml(plain, out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def to_node_link_json(graph: nx.MultiDiGraph) -> str:
    """The node-link JSON servicemap itself writes (edges under ``"edges"``), without graph-wide attributes."""
    data = to_node_link(nx.MultiDiGraph(graph))
    data["graph"] = {}
    return json.dumps(data, ensure_ascii=False, indent=1)
