"""Ask: a situation in the user's own words → the services and concepts that answer it, with the note lines behind them."""

from __future__ import annotations

import streamlit as st

from ui import cached, panels
from ui.text import md

loaded, key = panels.page_start("Ask")
cached.warm_ask(key)  # the model loads while the question is typed
with st.form("ask_form"):
    question = st.text_area("Describe the situation", st.query_params.get("q", ""), key="ask_question",
                            placeholder="e.g. my table got corrupted, how do I roll it back to yesterday?")
    k = st.slider("Answers", 1, 15, 5, key="ask_k")
    st.form_submit_button("Ask")
if not question.strip():
    st.info("Describe a situation and press Ask.")
    st.stop()
try:
    found = cached.answers(key, question.strip(), int(k))
except ValueError as err:
    st.error(md(str(err)))
    st.stop()
if not found:
    st.warning("Nothing in the notes answers that; try other words.")
    st.stop()
for rank, answer in enumerate(found, 1):
    with st.container(border=True):
        st.markdown(f"**{rank}. {md(answer['name'])}** · {md(answer['kind'])} · score {answer['score']:.3f}")
        st.text("Matched: " + answer["condition"])
        panels.evidence_table(answer["evidence"], key=f"ask_evidence_{rank}")
