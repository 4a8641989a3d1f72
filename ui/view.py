"""What the Explore page draws: the graph (or one topic's neighbourhood) through the user's filters, capped.

Pure functions over the graph; the neighbourhood and the text search are the query API's
(``graph.queries.neighbourhood`` and ``graph.queries.search``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.queries.neighbourhood import neighbourhood
from graph.queries.search import search_topics

DEFAULT_CAP = 300  # nodes drawn at once: vis-network stays interactive and stabilises in about a second


@dataclass(frozen=True)
class ViewFilter:
    kinds: tuple[str, ...] = ()  # empty: every kind
    types: tuple[str, ...] = ()  # empty: every relation type
    categories: tuple[str, ...] = ()  # empty: every service category (other kinds are not affected)
    min_degree: int = 0
    search: str = ""
    topic: str = ""
    depth: int = 1
    cap: int = DEFAULT_CAP


@dataclass
class View:
    graph: nx.MultiDiGraph
    total: int  # nodes that passed the filters, before the cap
    centre: str | None = None
    matches: list[str] = field(default_factory=list)  # search hits (highlighted)

    @property
    def capped(self) -> bool:
        return self.graph.number_of_nodes() < self.total

    def note(self) -> str:
        shown = self.graph.number_of_nodes()
        if not self.capped:
            return f"{shown:,} nodes, {self.graph.number_of_edges():,} edges"
        how = "nearest to the topic" if self.centre else "most connected"
        if self.matches:
            how = f"the search hits first, then {how}"
        return (f"showing {shown:,} of {self.total:,} nodes ({how}) so the drawing stays responsive; "
                f"raise the cap or narrow the filters to see others")


def categories_of(graph: nx.MultiDiGraph) -> list[str]:
    return sorted({c for _, c in graph.nodes(data="category") if c})


def build_view(graph: nx.MultiDiGraph, spec: ViewFilter) -> View:
    """Apply ``spec``: start topic and depth, kinds, relation types, categories, search, minimum degree, cap.

    Raises ``graph.queries.topics.UnknownTopic`` for a start topic the graph does not know.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in ("service:a", "service:b", "concept:c"):
    ...     g.add_node(n, kind=n.split(":")[0], name=n[-1], category="storage" if n == "service:a" else "compute")
    >>> _ = g.add_edge("service:a", "concept:c", type="PART_OF")
    >>> sorted(build_view(g, ViewFilter(kinds=("service",))).graph)
    ['service:a', 'service:b']
    >>> sorted(build_view(g, ViewFilter(min_degree=1)).graph)
    ['concept:c', 'service:a']
    >>> v = build_view(g, ViewFilter(cap=1)); (list(v.graph), v.total, v.capped)
    (['service:a'], 3, True)
    """
    centre = None
    base: nx.MultiDiGraph = graph
    if spec.topic.strip():
        base = neighbourhood(graph, spec.topic, depth=spec.depth)
        from graph.queries.topics import resolve_topic

        centre = resolve_topic(graph, spec.topic)
    keep = [n for n, attrs in base.nodes(data=True) if _node_passes(n, attrs, spec, centre)]
    sub = base.subgraph(keep)
    view = nx.MultiDiGraph()
    view.add_nodes_from(sub.nodes(data=True))
    view.add_edges_from((s, t, k, d) for s, t, k, d in sub.edges(keys=True, data=True)
                        if not spec.types or d.get("type") in spec.types)
    matches: list[str] = []
    if spec.search.strip():
        matches = [h.topic.id for h in search_topics(graph, spec.search, limit=50) if h.topic.id in view]
        around = set(matches)
        for node in matches:
            around.update(nx.all_neighbors(view, node))
        view = view.subgraph(around)
    if spec.min_degree > 0:
        view = view.subgraph([n for n in view if view.degree(n) >= spec.min_degree or n == centre])
    total = view.number_of_nodes()
    if total > spec.cap:
        view = view.subgraph(_most_important(view, spec.cap, centre, matches))
    return View(nx.MultiDiGraph(view), total, centre, matches)


def _node_passes(node: str, attrs: dict, spec: ViewFilter, centre: str | None) -> bool:
    if node == centre:
        return True
    if spec.kinds and attrs.get("kind") not in spec.kinds:
        return False
    if spec.categories and attrs.get("kind") == "service" and attrs.get("category") not in spec.categories:
        return False
    return True


def _most_important(view: nx.MultiDiGraph, cap: int, centre: str | None, matches: list[str]) -> list[str]:
    """The ``cap`` nodes to draw: the centre and search hits first, then nearest (to the centre) and best connected."""
    distance = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), centre) if centre else {}
    pinned = [n for n in ([centre] if centre else []) + matches if n in view]
    rest = sorted((n for n in view if n not in set(pinned)),
                  key=lambda n: (distance.get(n, 99), -view.degree(n), view.nodes[n].get("kind") != "service", n))
    return (pinned + rest)[:max(cap, 1)]
