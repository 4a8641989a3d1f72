"""Notes: upload note files (or paste one), see what was extracted with its source lines, add them to the graph."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from graph.errors import StoreError
from ui import panels, state
from ui.ingest import ALLOWED_SUFFIXES, Upload, add_to_graph, preview_rows, stage
from ui.text import md

loaded, key = panels.page_start("Notes")
added = st.session_state.pop("notes_added", None)  # said after the rerun that refreshed the status line above
if added:
    st.session_state["notes_pasted_text"] = ""  # what was added is not offered again
    st.success(md(added))


@st.cache_resource(show_spinner="Loading the extractor…")
def extractor():
    """The spaCy pipeline (blank English plus servicemap's components), built once per process."""
    from extract.nlp import build_nlp

    return build_nlp()


def notes_folder() -> Path:
    """Where added notes are kept: the notes folder beside the graph file (data/notes for data/graph.json)."""
    return Path(state.settings().graph_path).parent / "notes"


# A new key after each addition empties the uploader, so the same files are not offered again.
files = st.file_uploader("Note files", type=[s.lstrip(".") for s in ALLOWED_SUFFIXES], accept_multiple_files=True,
                         key=f"notes_files:{st.session_state.get('notes_added_count', 0)}")
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
    st.session_state["notes_added_count"] = st.session_state.get("notes_added_count", 0) + 1
    names = ", ".join(staged.files.get(f, f) for f in staged.accepted)
    st.session_state["notes_added"] = (f"Added {names}: the graph now has {merged.number_of_nodes():,} nodes "
                                       f"(was {before[0]:,}) and {merged.number_of_edges():,} edges (was {before[1]:,}); "
                                       f"saved to {loaded.where}.")
    st.rerun()  # the status line and every page now read the new graph
