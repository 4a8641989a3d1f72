"""Prerequisites: a topic's learning path, in order with reasons, and the prerequisite DAG drawn top-down."""

from __future__ import annotations

import streamlit as st

from graph.queries.topics import UnknownTopic
from ui import cached, panels
from ui.text import md, where

loaded, key = panels.page_start("Prerequisites")
left, right = st.columns([3, 1])
topics = cached.topics(key)
linked = st.query_params.get("topic")  # ?topic=concept:object-lock
topic = left.selectbox("Topic", list(topics), format_func=topics.get,
                       index=list(topics).index(linked) if linked in topics else None, placeholder="what do you want to learn?",
                       key="prereq_topic")
depth = right.slider("Depth", 1, 4, 2, key="prereq_depth")
if not topic:
    st.info("Pick a topic to see what to learn before it.")
    st.stop()
try:
    path = cached.prerequisites(key, topic, depth)
except (UnknownTopic, ValueError) as err:
    st.error(md(str(err)))
    st.stop()

if not path["steps"]:
    st.info(md(f"The notes name nothing to learn before {path['topic']['name']}."))
    st.stop()
st.markdown(md(f"Learn these before {path['topic']['name']}; read from the bottom up for a study order."))
st.dataframe([{"#": i, "learn": s["name"], "kind": s["kind"], "before": s["before"]["name"], "reason": s["reason"],
               "confidence": s["confidence"],
               "where": where(s["evidence"], 2),
               "note text": s["evidence"][0]["text"] if s["evidence"] else ""}
              for i, s in enumerate(path["steps"], 1)], hide_index=True, width="stretch", key="prereq_steps")
st.markdown("### The prerequisite DAG (prerequisites above what they are needed for)")
panels.draw(cached.prerequisites_html(key, topic, depth), height=460, title="prerequisite graph")
