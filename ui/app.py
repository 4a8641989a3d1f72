"""The servicemap explorer: `streamlit run ui/app.py -- [--graph PATH | --neo4j URI]` (or `servicemap app`).

One module per page under ui/views/; every page is a thin view over graph.queries, with the graph loaded
once (ui.state) and answers cached (ui.cached). Each page starts with ui.panels.page_start: its title and the status line (which store, counts, conflicts).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).parent / "views"  # not "pages/": Streamlit would run that folder as a legacy multipage app

# An emoji icon: Streamlit draws it as an inline SVG, where a ":material/…:" icon is fetched from fonts.gstatic.com.
st.set_page_config(page_title="servicemap", page_icon="🗺️", layout="wide")
navigation = st.navigation([
    st.Page(PAGES / "explore.py", title="Explore", icon=":material/hub:", default=True, url_path="explore"),
    st.Page(PAGES / "compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page(PAGES / "prerequisites.py", title="Prerequisites", icon=":material/stairs:", url_path="prerequisites"),
    st.Page(PAGES / "ask.py", title="Ask", icon=":material/chat:", url_path="ask"),
    st.Page(PAGES / "cypher.py", title="Cypher", icon=":material/terminal:", url_path="cypher"),
    st.Page(PAGES / "notes.py", title="Notes", icon=":material/note_add:", url_path="notes"),
])
navigation.run()
