"""A topic's neighbourhood: every node within ``depth`` hops, whichever way the edges point."""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from graph.errors import Errors
from graph.queries.topics import resolve_topic


def neighbourhood(graph: nx.MultiDiGraph, name: str, *, depth: int = 1, kinds: Collection[str] | None = None,
                  types: Collection[str] | None = None, limit: int | None = None) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops of the topic ``name`` (a view of ``graph``, nearest nodes first).

    ``kinds`` keeps only those node kinds, ``types`` only those edge types; ``limit`` caps the node count,
    dropping the farthest (and, at one distance, the least connected) first. The topic itself always stays.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in ("service:a", "service:b", "concept:c", "limit:d"):
    ...     g.add_node(n, kind=n.split(":")[0], name=n[-1])
    >>> _ = g.add_edge("service:a", "concept:c", type="PART_OF")
    >>> _ = g.add_edge("concept:c", "service:b", type="INTEGRATES_WITH")
    >>> _ = g.add_edge("service:a", "limit:d", type="HAS_LIMIT")
    >>> sorted(neighbourhood(g, "service:a"))
    ['concept:c', 'limit:d', 'service:a']
    >>> sorted(neighbourhood(g, "service:a", depth=2, kinds=["service", "concept"]))
    ['concept:c', 'service:a', 'service:b']
    """
    if depth < 0:
        raise ValueError(Errors.E127.format(what="depth", least=0, value=depth))
    centre = resolve_topic(graph, name)
    distance = {centre: 0}
    frontier = [centre]
    for hop in range(1, depth + 1):
        following = []
        for node in frontier:
            for _, other, attrs in (*graph.out_edges(node, data=True), *((t, s, a) for s, t, a in graph.in_edges(node, data=True))):
                if other in distance or (types and attrs.get("type") not in types):
                    continue
                if kinds and graph.nodes[other].get("kind") not in kinds:
                    continue
                distance[other] = hop
                following.append(other)
        frontier = following
    nodes = list(distance)
    if limit is not None and len(nodes) > limit:
        nodes.sort(key=lambda n: (distance[n], -graph.degree(n), n))
        nodes = nodes[:max(limit, 1)]
    view = graph.subgraph(nodes)
    if types:
        return nx.subgraph_view(view, filter_edge=lambda s, t, k: graph.edges[s, t, k].get("type") in types)
    return view
