"""Indexes computed once per graph (name keys, note lines, first mentions …) and rebuilt when it changes size."""

from __future__ import annotations

import weakref
from typing import Callable, TypeVar

import networkx as nx

T = TypeVar("T")
_CACHES: "weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, tuple[tuple[int, int], object]]]" = \
    weakref.WeakKeyDictionary()


def per_graph(graph: nx.MultiDiGraph, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
    """``build(graph)``, computed on first use and kept as long as the graph lives with the same size.

    >>> g = nx.MultiDiGraph(); g.add_node("a")
    >>> per_graph(g, "n", lambda g: g.number_of_nodes()), per_graph(g, "n", lambda g: -1)
    (1, 1)
    """
    entries = _CACHES.setdefault(graph, {})
    size = (graph.number_of_nodes(), graph.number_of_edges())
    entry = entries.get(name)
    if entry is None or entry[0] != size:
        entry = entries[name] = (size, build(graph))
    return entry[1]  # type: ignore[return-value]
