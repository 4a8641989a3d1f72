"""Cached loaders: the graph once per store version (st.cache_resource), query results per question (st.cache_data).

Pages never load the graph themselves: they call :func:`current` for the loaded graph and its key, and the
``cached_*`` functions, which take that key (hashable) instead of the graph, so a rerun reuses every answer.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

import networkx as nx
import streamlit as st

from ui.connection import LoadedGraph, StoreSettings, graph_signature, load_graph, parse_app_args, resolve_settings


@dataclass(frozen=True)
class GraphKey:
    """Identifies one loaded version of one store: what cached query results are keyed by."""

    settings: StoreSettings
    signature: tuple
    reloads: int = 0


def _secrets() -> dict[str, Any]:
    try:
        return {"neo4j": dict(st.secrets["neo4j"])} if "neo4j" in st.secrets else {}
    except Exception:  # no secrets file, or one that does not parse: the other sources still apply
        return {}


def settings() -> StoreSettings:
    return resolve_settings(parse_app_args(sys.argv[1:]), os.environ, _secrets())


@st.cache_resource(show_spinner="Loading the graph…", max_entries=4)
def _loaded(key: GraphKey) -> LoadedGraph:
    return load_graph(key.settings)


def current_key() -> GraphKey:
    chosen = settings()
    return GraphKey(chosen, graph_signature(chosen), st.session_state.get("reloads", 0))


def current() -> tuple[LoadedGraph, GraphKey]:
    """The graph of this session's store (loaded once per version) and its cache key."""
    key = current_key()
    return _loaded(key), key


def graph_of(key: GraphKey) -> nx.MultiDiGraph:
    return _loaded(key).graph


def reload() -> None:
    """Forget the loaded graph (after a write, or to re-read Neo4j)."""
    st.session_state["reloads"] = st.session_state.get("reloads", 0) + 1
