"""Notes: upload note files (or paste one), see what was extracted with its source lines, add them to the graph."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from graph.errors import StoreError
from ui import panels, state
from ui.ingest import ALLOWED_SUFFIXES, Upload, add_to_graph, preview_rows, stage
from ui.text import md

loaded, key = panels.page_start("Notes")


@st.cache_resource(show_spinner="Loading the extractor…")
def extractor():
    """The spaCy pipeline (blank English plus servicemap's components), built once per process."""
    from extract.nlp import build_nlp

    return build_nlp()


def notes_folder() -> Path:
    """Where added notes are kept: the notes folder beside the graph file (data/notes for data/graph.json)."""
    return Path(state.settings().graph_path).parent / "notes"


files = st.file_uploader("Note files", type=[s.lstrip(".") for s in ALLOWED_SUFFIXES], accept_multiple_files=True,
                         key="notes_files")
with st.expander("…or paste a note"):
    pasted_name = st.text_input("File name", "pasted-note.md", key="notes_pasted_name")
    pasted = st.text_area("Note text", key="notes_pasted_text", height=160)
uploads = [Upload(f.name, f.getvalue()) for f in files or ()]
if pasted.strip():
    uploads.append(Upload(pasted_name or "pasted-note.md", pasted.encode("utf-8")))
if not uploads:
    st.info(md(f"Add .md, .txt, .csv or .tsv notes; they are extracted first, and added to the graph only when you say so "
               f"(copied into {notes_folder()})."))
    st.stop()

fingerprint = tuple((u.name, hash(u.data)) for u in uploads)
if st.session_state.get("notes_staged_for") != fingerprint:
    with st.spinner("Extracting…"):
        st.session_state["notes_staged"] = stage(uploads, nlp=extractor())
    st.session_state["notes_staged_for"] = fingerprint
staged = st.session_state["notes_staged"]

for message in staged.rejected:
    st.error(md(f"Not added — {message}"))
for message in staged.warnings:
    st.caption(md(f"warning: {message}"))
if not staged.accepted:
    st.stop()

rows = preview_rows(staged)
st.markdown(md(f"Found {staged.graph.number_of_nodes()} topics and limits and {staged.graph.number_of_edges()} relations "
               f"in {len(staged.accepted)} file(s):"))
st.dataframe(rows, hide_index=True, width="stretch", key="notes_preview")
if st.button("Add to the graph", type="primary", key="notes_add"):
    before = (loaded.graph.number_of_nodes(), loaded.graph.number_of_edges())
    try:
        with st.spinner("Re-extracting with the graph's notes and saving…"):
            merged = add_to_graph(loaded.store, loaded.graph, staged, notes_folder(), nlp=extractor())
    except StoreError as err:
        st.error(md(str(err)))
        st.stop()
    st.session_state.pop("notes_staged_for", None)
    state.reload()
    st.success(md(f"Added: the graph now has {merged.number_of_nodes():,} nodes (was {before[0]:,}) and "
                  f"{merged.number_of_edges():,} edges (was {before[1]:,}); saved to {loaded.where}."))
