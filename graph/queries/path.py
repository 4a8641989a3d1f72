"""`servicemap path A B`: the shortest chains of relations between two topics, each hop with its evidence.

Edges count in either direction (a relation connects two topics whichever way it reads), and limit
nodes are never passed through (each belongs to one topic). Among equally short paths, those whose
hops the notes state most often come first.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.queries.cache import per_graph
from graph.queries.topics import TopicRef, evidence_of, resolve_topic, topic_ref

_CANDIDATES = 50  # equally short paths looked at before ranking
RELATION_PHRASES = {"PART_OF": "is part of", "INTEGRATES_WITH": "integrates with", "PREREQUISITE_OF": "comes before",
                    "COMPARED_WITH": "is compared with", "HAS_LIMIT": "has the limit"}


@dataclass(frozen=True)
class Hop:
    source: TopicRef
    target: TopicRef
    type: str
    forward: bool  # True when the relation reads source → target
    condition: str | None
    evidence: list[dict[str, Any]]

    @property
    def sentence(self) -> str:
        """The hop as the notes would say it: "use A when … (B)", "A is part of B"."""
        a, b = (self.source, self.target) if self.forward else (self.target, self.source)
        if self.type == "USE_WHEN":
            about = "" if a.id == b.id else f" ({b.name})"
            return f"use {a.name} when {self.condition or '…'}{about}"
        return f"{a.name} {RELATION_PHRASES.get(self.type, self.type)} {b.name}"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source.to_dict(), "target": self.target.to_dict(), "type": self.type,
                "forward": self.forward, "condition": self.condition, "sentence": self.sentence, "evidence": self.evidence}


@dataclass(frozen=True)
class TopicPath:
    hops: tuple[Hop, ...]

    @property
    def topics(self) -> list[TopicRef]:
        return [self.hops[0].source, *(h.target for h in self.hops)] if self.hops else []

    def to_dict(self) -> dict[str, Any]:
        return {"length": len(self.hops), "topics": [t.to_dict() for t in self.topics], "hops": [h.to_dict() for h in self.hops]}


def _hop(graph: nx.MultiDiGraph, u: str, v: str) -> Hop:
    """The best-evidenced edge between u and v, in whichever direction it runs."""
    edges = [(True, a) for a in (graph.get_edge_data(u, v) or {}).values()]
    edges += [(False, a) for a in (graph.get_edge_data(v, u) or {}).values()]
    forward, attrs = max(edges, key=lambda e: (len(e[1].get("evidence") or ()), e[0], e[1].get("type", "")))
    return Hop(topic_ref(graph, u), topic_ref(graph, v), attrs.get("type", ""), forward, attrs.get("condition"),
               evidence_of(attrs, 3))


def topic_links(graph: nx.MultiDiGraph) -> nx.Graph:
    """Services and concepts, joined where any relation joins them (either way): the graph paths run in."""
    links = nx.Graph()
    links.add_nodes_from(n for n, kind in graph.nodes(data="kind") if kind != "limit")
    links.add_edges_from((s, t) for s, t in graph.edges() if s != t and s in links and t in links)
    return links


def find_paths(graph: nx.MultiDiGraph, a: str, b: str, *, limit: int = 3) -> list[TopicPath]:
    """Up to ``limit`` shortest paths from topic ``a`` to topic ``b``; ``[]`` when none joins them.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in ("service:s3", "service:lambda", "service:sqs"):
    ...     g.add_node(n, kind="service", name=n.split(":")[1].upper())
    >>> ev = [{"file": "n.md", "line": 7, "text": "S3 event => Lambda"}]
    >>> _ = g.add_edge("service:s3", "service:lambda", type="INTEGRATES_WITH", evidence=ev)
    >>> _ = g.add_edge("service:sqs", "service:lambda", type="INTEGRATES_WITH", evidence=[])
    >>> [h.sentence for h in find_paths(g, "s3", "sqs")[0].hops]
    ['S3 integrates with LAMBDA', 'SQS integrates with LAMBDA']
    """
    source, target = resolve_topic(graph, a), resolve_topic(graph, b)
    if source == target:
        return []
    topics = per_graph(graph, "topic_links", topic_links)
    if source not in topics or target not in topics:  # a limit: it joins only its subject
        return []
    try:
        candidates = list(itertools.islice(nx.all_shortest_paths(topics, source, target), _CANDIDATES))
    except nx.NetworkXNoPath:
        return []
    paths = [TopicPath(tuple(_hop(graph, u, v) for u, v in zip(nodes, nodes[1:]))) for nodes in candidates]
    paths.sort(key=lambda p: (-min(len(h.evidence) for h in p.hops), [h.target.id for h in p.hops]))
    return paths[:limit]
