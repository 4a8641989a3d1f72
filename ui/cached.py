"""The query API behind st.cache_data: each answer is computed once per graph version and question.

Functions take a :class:`ui.state.GraphKey` (hashable) rather than the graph and return the queries'
``to_dict()`` forms, which st.cache_data can copy. Errors (an unknown topic, a bad question) propagate
to the page, which shows them; they are not cached.
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st

from graph.queries.compare import compare_topics
from graph.queries.prereqs import learning_path
from graph.queries.show import show_topic
from graph.queries.topics import NAMED_KINDS
from ui.export import to_graphml, to_node_link_json
from ui.render import graph_html
from ui.state import GraphKey, graph_of
from ui.view import ViewFilter, build_view


@st.cache_data(show_spinner=False, max_entries=256)
def topics(key: GraphKey) -> dict[str, str]:
    """Services then concepts, by name: id → a label unique among them (the choices of topic pickers).

    Streamlit widgets tell options apart by their labels, so a name two topics share gets the kind added
    ("Amazon S3" the service, "Amazon S3 (concept)"), and the id if that is not enough.
    """
    graph = graph_of(key)
    named = sorted((a.get("kind") != "service", (a.get("name") or n).lower(), n, a.get("name") or n, a.get("kind"))
                   for n, a in graph.nodes(data=True) if a.get("kind") in NAMED_KINDS)
    labels: dict[str, str] = {}
    taken: set[str] = set()
    for *_, node_id, name, kind in named:
        label = next(option for option in (name, f"{name} ({kind})", f"{name} ({node_id})") if option not in taken)
        labels[node_id] = label
        taken.add(label)
    return labels


@st.cache_data(show_spinner=False, max_entries=256)
def details(key: GraphKey, name: str) -> dict[str, Any]:
    return show_topic(graph_of(key), name).to_dict()


@st.cache_data(show_spinner="Drawing…", max_entries=32)
def explore_view(key: GraphKey, spec: ViewFilter, physics: bool, edge_labels: bool) -> dict[str, Any]:
    """The Explore drawing and its downloads for one set of filters."""
    graph = graph_of(key)
    view = build_view(graph, spec)
    nodes = sorted(((a.get("name") or n, n) for n, a in view.graph.nodes(data=True)), key=lambda p: p[0].lower())
    return {
        "html": graph_html(view.graph, physics=physics, highlight=view.matches, centre=view.centre,
                           edge_labels=edge_labels, details_from=graph),
        "note": view.note(), "capped": view.capped, "centre": view.centre,
        "nodes": nodes, "matches": view.matches,
        "graphml": to_graphml(view.graph), "node_link": to_node_link_json(view.graph),
    }


@st.cache_data(show_spinner="Comparing…", max_entries=64)
def comparison(key: GraphKey, names: tuple[str, ...]) -> dict[str, Any]:
    return compare_topics(graph_of(key), list(names)).to_dict()


@st.cache_data(show_spinner=False, max_entries=64)
def comparison_html(key: GraphKey, names: tuple[str, ...]) -> str:
    """The compared topics, their shared neighbours (highlighted) and the neighbours only one of them has."""
    graph = graph_of(key)
    result = comparison(key, names)
    ids = [t["id"] for t in result["topics"]]
    shared = [s["other"]["id"] for s in result["shared"]]
    only = [r["other"]["id"] for t in result["topics"] for r in t["only"]][:40]
    return graph_html(graph.subgraph([*ids, *shared, *only]), highlight=shared, height=480)


@st.cache_data(show_spinner="Finding prerequisites…", max_entries=64)
def prerequisites(key: GraphKey, topic: str, depth: int) -> dict[str, Any]:
    return learning_path(graph_of(key), topic, depth=depth).to_dict()


@st.cache_data(show_spinner=False, max_entries=64)
def prerequisites_html(key: GraphKey, topic: str, depth: int) -> str:
    """The prerequisite DAG, drawn top-down: prerequisites above what they are needed for."""
    import networkx as nx

    graph = graph_of(key)
    path = prerequisites(key, topic, depth)
    dag = nx.MultiDiGraph()
    for node_id in [path["topic"]["id"], *(s["id"] for s in path["steps"])]:
        dag.add_node(node_id, **graph.nodes[node_id])
    reasons = {(s["id"], s["before"]["id"]): s for s in path["steps"]}
    for before, after in path["edges"]:
        step = reasons.get((before, after), {})
        dag.add_edge(before, after, type="PREREQUISITE_OF", condition=step.get("reason", ""),
                     evidence=step.get("evidence", []))
    return graph_html(dag, hierarchical=True, centre=path["topic"]["id"], height=460)


@st.cache_resource(show_spinner="Preparing answers: loading the language model and embedding the notes…", max_entries=4)
def ask_index(key: GraphKey) -> Any:
    """The graph's ask index with its embeddings computed, once per graph version (the model loads once per process)."""
    from graph.queries.ask_index import AskIndex

    index = AskIndex.for_graph(graph_of(key))
    index.embeddings  # noqa: B018 (computed, or read from the embedding cache, now rather than on the first question)
    index.piece_idf  # noqa: B018 (the question's word weights, likewise)
    return index


_warming: set[GraphKey] = set()


def warm_ask(key: GraphKey) -> None:
    """Start preparing :func:`ask_index` in the background, so the first question does not wait for the model."""
    if key in _warming:
        return
    _warming.add(key)
    # Not a daemon: a process that exits while torch is still working in a daemon thread aborts (exit 134).
    threading.Thread(target=ask_index, args=(key,), name="servicemap-ask-warmup", daemon=False).start()


@st.cache_data(show_spinner="Ranking…", max_entries=128)
def answers(key: GraphKey, question: str, k: int) -> list[dict[str, Any]]:
    from graph.queries.ask import ask

    ask_index(key)  # waits for the warm-up if it is still running
    return [answer.to_dict() for answer in ask(graph_of(key), question, k=k)]
