"""Explore: the graph drawn with pyvis, filtered, grown from one topic, with each node's details and evidence."""

from __future__ import annotations

import streamlit as st

from extract.document import EDGE_TYPES
from graph.embedded import NODE_KINDS
from graph.queries.topics import UnknownTopic
from ui import cached, panels
from ui.text import md
from ui.view import DEFAULT_CAP, ViewFilter, categories_of

loaded, key = panels.page_start("Explore")
graph = loaded.graph

with st.sidebar:
    st.subheader("Filters")
    names = cached.topics(key)
    linked = st.query_params.get("topic")  # ?topic=service:amazon-s3 opens the page on that topic
    topic = st.selectbox("Start from a topic", list(names), format_func=names.get,
                         index=list(names).index(linked) if linked in names else None,
                         placeholder="the whole graph", key="explore_topic")
    depth = st.slider("Depth", 1, 4, 1, disabled=topic is None, key="explore_depth")
    search = st.text_input("Text search", st.query_params.get("search", ""), key="explore_search",
                           help="Names, aliases and note text; hits are outlined in red.")
    kinds = st.multiselect("Node kinds", NODE_KINDS, default=list(NODE_KINDS), key="explore_kinds")
    types = st.multiselect("Relation types", EDGE_TYPES, default=list(EDGE_TYPES), key="explore_types")
    categories = st.multiselect("Service categories", categories_of(graph), placeholder="every category",
                                key="explore_categories")
    min_degree = st.slider("Minimum degree", 0, 10, 0, key="explore_min_degree")
    linked_cap = st.query_params.get("cap", "")
    cap = st.number_input("Draw at most (nodes)", 10, 10000, int(linked_cap) if linked_cap.isdigit() else DEFAULT_CAP,
                          step=50, key="explore_cap")
    physics = st.toggle("Physics", value=True, key="explore_physics", help="Off: a fixed layout, no simulation.")
    edge_labels = st.toggle("Edge labels", value=True, key="explore_edge_labels")

spec = ViewFilter(kinds=tuple(kinds) or NODE_KINDS, types=tuple(types) or EDGE_TYPES, categories=tuple(categories),
                  min_degree=int(min_degree), search=search, topic=topic or "", depth=int(depth), cap=int(cap))
try:
    view = cached.explore_view(key, spec, physics, edge_labels)
except (UnknownTopic, ValueError) as err:
    st.error(md(str(err)))
    st.stop()

(st.info if view["capped"] else st.caption)(md(view["note"]))
if not view["nodes"]:
    st.warning("Nothing matches these filters.")
    st.stop()
panels.draw(view["html"], title="graph view")

left, middle, right = st.columns(3)
# on_click="ignore": a download does not rerun the page (which would draw the graph again).
left.download_button("Download view (HTML)", view["html"], "servicemap-view.html", "text/html", key="dl_html",
                     on_click="ignore")
middle.download_button("Download data (GraphML)", view["graphml"], "servicemap-view.graphml", "application/xml",
                       key="dl_graphml", on_click="ignore")
right.download_button("Download data (node-link JSON)", view["node_link"], "servicemap-view.json", "application/json",
                      key="dl_json", on_click="ignore")

st.divider()
labels = dict((node_id, name) for name, node_id in view["nodes"])
preferred = view["centre"] or (view["matches"][0] if view["matches"] else None)
chosen = st.selectbox("Details of", [node_id for _, node_id in view["nodes"]], format_func=lambda n: f"{labels[n]} ({n})",
                      index=None if preferred is None else [n for _, n in view["nodes"]].index(preferred),
                      placeholder="pick a node of this view", key=f"explore_details:{preferred}")
if chosen:
    panels.topic_details(cached.details(key, chosen))
