"""The interface every graph store implements (the embedded file now, Neo4j next)."""

from __future__ import annotations

from typing import Any, Iterable, Protocol

import networkx as nx

#: One item of a graph document in node-link form: ("nodes", {...}) or ("edges", {...}).
NodeLinkItem = tuple[str, dict[str, Any]]


class GraphStore(Protocol):
    def save(self, items: Iterable[NodeLinkItem], graph_attrs: dict[str, Any]) -> None:
        """Replace the stored graph with this document."""

    def load(self) -> nx.MultiDiGraph:
        """The stored graph; raises :class:`graph.errors.StoreError` when there is none."""

    def describe(self) -> str:
        """Where the graph lives, fit to show a user (never credentials)."""
