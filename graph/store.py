"""The interface every graph store implements: the embedded file and Neo4j."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Protocol

import networkx as nx

#: One item of a graph document in node-link form: ("nodes", {...}) or ("edges", {...}).
NodeLinkItem = tuple[str, dict[str, Any]]


class GraphStore(Protocol):
    def save(self, items: Iterable[NodeLinkItem], graph_attrs: dict[str, Any],
             digest: str | None = None) -> dict[str, int]:
        """Make the store hold exactly this document, writing only what changed.

        Returns the counts ``{"nodes_written", "edges_written", "deleted"}``: nodes and edges
        new or different, and nodes and edges gone; all zero when nothing changed. ``digest``,
        when given, is the document's own digest (equal documents, equal digests): a store may
        compare it with the one it stored to skip an unchanged document without reading ``items``.
        """

    def load(self) -> nx.MultiDiGraph:
        """The stored graph; raises :class:`graph.errors.StoreError` when there is none."""

    def describe(self) -> str:
        """Where the graph lives, fit to show a user (never credentials)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Turn a whole document into rows or JSON lines without the cyclic collector.

    A few thousand small dicts and lists set off full collections that walk the whole
    document, a quarter of a second every other build; nothing built there is cyclic.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
