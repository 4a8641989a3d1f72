"""Pieces every page shows: the status line, evidence tables, a topic's details, a pyvis drawing.

Note text goes only into st.text, st.dataframe or (escaped with :func:`ui.text.md`) markdown.
"""

from __future__ import annotations

from typing import Any, Iterable

import streamlit as st

from graph.errors import StoreError
from graph.queries.stats import graph_stats
from ui import state
from ui.connection import LoadedGraph
from ui.state import GraphKey
from ui.text import evidence_rows, md, where

GRAPH_HEIGHT = 640


def page_start(title: str) -> tuple[LoadedGraph, GraphKey]:
    """The page's title and status line; the loaded graph and its cache key (stops the page if there is no graph)."""
    st.title(title)
    try:
        loaded, key = state.current()
    except StoreError as err:
        st.error(md(str(err)))
        st.stop()
    status_line(loaded)
    return loaded, key


def status_line(loaded: LoadedGraph) -> None:
    """Which store, counts, when built, conflicts between notes; and why Neo4j was not used, if it wasn't."""
    stats = graph_stats(loaded.graph)
    nodes = sum(stats["nodes"].values())
    edges = sum(stats["edges"].values())
    conflicts = loaded.graph.graph.get("conflicts") or []
    st.caption(md(f"{loaded.where} · {nodes:,} nodes · {edges:,} edges · {stats['files']} files · {loaded.built}"
                  f" · {len(conflicts)} conflicts between notes"))
    if loaded.fallback_error:
        st.warning(md(f"Neo4j could not be used, so this is the embedded file: {loaded.fallback_error}"))
    if conflicts:
        with st.expander(f"{len(conflicts)} conflicts between notes"):
            st.dataframe(conflict_rows(loaded.graph, conflicts), hide_index=True, width="stretch")


def conflict_rows(graph, conflicts: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """One row per conflict: the subject, what is bounded, and the values the notes give (with where)."""
    rows = []
    for conflict in conflicts:
        values = []
        for limit_id in conflict.get("limits", ()):
            attrs = graph.nodes[limit_id] if limit_id in graph else {}
            values.append(f"{attrs.get('text') or limit_id} ({where(attrs.get('evidence') or (), 2)})")
        subject = conflict.get("subject", "")
        rows.append({"subject": graph.nodes[subject].get("name", subject) if subject in graph else subject,
                     "bound": f"{conflict.get('qualifier', '')} {conflict.get('bound', '')}".strip(),
                     "values": " vs ".join(values)})
    return rows


def evidence_table(evidence: Iterable[dict[str, Any]], *, key: str | None = None, text_first: bool = False) -> None:
    """Note lines as a table: file:line and the text (``text_first`` for narrow columns, where the text matters most)."""
    rows = evidence_rows(evidence)
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key=key, column_order=("text", "where") if text_first else None,
                     column_config={"where": st.column_config.TextColumn("file:line", width="medium"),
                                    "text": st.column_config.TextColumn("note text", width="large")})
    else:
        st.caption("no note lines")


def topic_details(details: dict[str, Any]) -> None:
    """A topic as ``show_topic(...).to_dict()`` gives it: aliases, definition, limits, USE_WHEN, conflicts, evidence."""
    st.subheader(md(details["name"]))
    st.caption(md(" · ".join(x for x in (details["kind"], details.get("category") or "", details["id"]) if x)))
    if details.get("aliases"):
        st.text("Aliases: " + ", ".join(details["aliases"]))
    if details.get("definition"):
        st.text("Definition: " + details["definition"]["text"])
    if details.get("limits"):
        st.markdown("**Limits**")
        st.dataframe([{"limit": f["label"], "conflicts with": ", ".join(f.get("conflicts") or ()),
                       "where": where(f["evidence"]),
                       "note text": f["evidence"][0]["text"] if f["evidence"] else ""} for f in details["limits"]],
                     hide_index=True, width="stretch")
    use_when = [*details.get("use_when", ()), *details.get("used_with", ())]
    if use_when:
        st.markdown("**USE_WHEN**")
        st.dataframe([{"use": f["topic"]["name"] if f["direction"] == "out" else f["other"]["name"],
                       "when": f["condition"], "about": f["other"]["name"] if f["direction"] == "out" else f["topic"]["name"],
                       "where": where(f["evidence"]),
                       "note text": f["evidence"][0]["text"] if f["evidence"] else ""} for f in use_when],
                     hide_index=True, width="stretch")
    if details.get("conflicts"):
        st.markdown("**Conflicts between notes**")
        limits = {f.get("id"): f for f in details.get("limits") or ()}

        def value(limit_id: str) -> str:  # "5 TB (aws.md:6)" rather than the limit's id
            limit = limits.get(limit_id)
            return f"{limit.get('text') or limit['label']} ({where(limit['evidence'], 2)})" if limit else limit_id

        st.dataframe([{"bound": f"{c.get('qualifier', '')} {c.get('bound', '')}".strip(),
                       "values": " vs ".join(value(i) for i in c.get("limits", ()))} for c in details["conflicts"]],
                     hide_index=True, width="stretch")
    relations = [(etype, r) for etype, rs in (details.get("neighbours") or {}).items() for r in rs]
    if relations:
        st.markdown("**Related**")
        st.dataframe([{"relation": etype, "direction": r["direction"], "topic": r["other"]["name"],
                       "where": where(r["evidence"])} for etype, r in relations],
                     hide_index=True, width="stretch")
    if details.get("section_lines"):
        st.markdown(f"**Its sections also say** ({len(details['section_lines'])} note lines)")
        evidence_table(details["section_lines"])
    st.markdown(f"**Evidence** ({len(details.get('evidence') or ())} note lines)")
    evidence_table(details.get("evidence") or ())


def draw(html_page: str, *, height: int = GRAPH_HEIGHT, title: str = "graph") -> None:
    """Show a page from :func:`ui.render.graph_html` in an iframe (legend and details panel included)."""
    extra = 130  # the legend above the canvas and the note-lines panel below it
    if hasattr(st, "iframe"):
        st.iframe(html_page, height=height + extra, alt=title)
    else:  # Streamlit before st.iframe
        import streamlit.components.v1 as components

        components.html(html_page, height=height + extra, scrolling=True)
