"""Counts of a graph: nodes by kind, edges by type, files and conflicts."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx


def graph_stats(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts by node kind and edge type, plus the files read and the conflicts found.

    Examples
    --------
    >>> g = nx.MultiDiGraph(files=["a.md"], conflicts=[])
    >>> g.add_node("service:amazon-s3", kind="service")
    >>> g.add_node("limit:x", kind="limit")
    >>> _ = g.add_edge("service:amazon-s3", "limit:x", type="HAS_LIMIT")
    >>> graph_stats(g)
    {'nodes': {'limit': 1, 'service': 1}, 'edges': {'HAS_LIMIT': 1}, 'files': 1, 'conflicts': 0}
    """
    nodes = Counter(kind for _, kind in graph.nodes(data="kind"))
    edges = Counter(etype for *_, etype in graph.edges(data="type"))
    return {
        "nodes": dict(sorted(nodes.items())),
        "edges": dict(sorted(edges.items())),
        "files": len(graph.graph.get("files", ())),
        "conflicts": len(graph.graph.get("conflicts", ())),
    }
