"""Indexes computed once per graph (name keys, note lines, first mentions …), rebuilt when its node count changes.

Queries treat a loaded graph as read-only: the app and the CLI never change one in place (new notes
make a new graph). The node count is only a guard, and a cheap one — counting a MultiDiGraph's
edges walks all of them, which cost prereqs most of its time when checked on every lookup.
"""

from __future__ import annotations

import weakref
from typing import Callable, TypeVar

import networkx as nx

T = TypeVar("T")
_CACHES: "weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, tuple[int, object]]]" = \
    weakref.WeakKeyDictionary()


def per_graph(graph: nx.MultiDiGraph, name: str, build: Callable[[nx.MultiDiGraph], T]) -> T:
    """``build(graph)``, computed on first use and kept as long as the graph lives with the same node count.

    >>> g = nx.MultiDiGraph(); g.add_node("a")
    >>> per_graph(g, "n", lambda g: g.number_of_nodes()), per_graph(g, "n", lambda g: -1)
    (1, 1)
    """
    entries = _CACHES.setdefault(graph, {})
    size = graph.number_of_nodes()
    entry = entries.get(name)
    if entry is None or entry[0] != size:
        entry = entries[name] = (size, build(graph))
    return entry[1]  # type: ignore[return-value]
