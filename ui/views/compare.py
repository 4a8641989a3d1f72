"""Compare: two or more topics side by side (as `servicemap compare`), and a small graph where shared neighbours stand out."""

from __future__ import annotations

import streamlit as st

from graph.queries.topics import UnknownTopic
from ui import cached, panels
from ui.text import md, where

loaded, key = panels.page_start("Compare")
topics = cached.topics(key)
linked = [t for t in st.query_params.get("topics", "").split(",") if t in topics]  # ?topics=id,id
chosen = st.multiselect("Topics to compare (two or more)", list(topics), default=linked[:4], format_func=topics.get,
                        max_selections=4, key="compare_topics",
                        placeholder="e.g. Amazon SQS and Amazon SNS")
if len(chosen) < 2:
    st.info("Pick two or more topics.")
    st.stop()
try:
    result = cached.comparison(key, tuple(chosen))
except (UnknownTopic, ValueError) as err:
    st.error(md(str(err)))
    st.stop()


names = {t["id"]: t["name"] for t in result["topics"]}
for column, topic in zip(st.columns(len(result["topics"])), result["topics"]):
    with column:
        st.subheader(md(topic["name"]))
        st.caption(md(f"{topic['kind']} · {topic['id']}"))
        if topic["definition"]:
            st.text("Definition: " + topic["definition"]["text"])
        st.markdown("**Use when**")
        st.dataframe([{"when": f["condition"], "where": where(f["evidence"])} for f in topic["use_when"]] or [{"when": "—", "where": ""}],
                     hide_index=True, width="stretch")
        st.markdown("**Only this one relates to**")
        only = list(dict.fromkeys((r["type"], r["other"]["name"]) for r in topic["only"]))  # one row per relation and topic
        st.dataframe([{"relation": t, "topic": n} for t, n in only] or [{"relation": "—", "topic": ""}],
                     hide_index=True, width="stretch")
        st.markdown("**Its own note lines**")
        panels.evidence_table(topic["notes"], text_first=True)

st.markdown("### Limits, aligned by what they bound")
if result["limits"]:
    st.dataframe([{"bound": row["bound"], **{names[t]: "; ".join(f"{f['label']} ({where(f['evidence'])})" for f in row["cells"].get(t, []))
                                             for t in names}} for row in result["limits"]], hide_index=True, width="stretch")
else:
    st.caption("no limits in the notes for these topics")

st.markdown("### Shared neighbours")
if result["shared"]:
    st.dataframe([{"neighbour": s["other"]["name"], **{names[t]: ", ".join(sorted({r["type"] for r in s["relations"].get(t, [])}))
                                                       for t in names}} for s in result["shared"]], hide_index=True, width="stretch")
else:
    st.caption("no neighbours in common")

st.markdown("### What the notes themselves say when comparing them")
panels.evidence_table(result["from_notes"])

st.markdown("### Both in the graph (shared neighbours outlined in red)")
panels.draw(cached.comparison_html(key, tuple(chosen)), height=480, title="comparison graph")
