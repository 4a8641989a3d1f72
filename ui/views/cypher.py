"""Cypher: read-only queries against Neo4j (table and graph); on the embedded store, how to connect and the built-in queries."""

from __future__ import annotations

import streamlit as st

from ui import panels, state
from ui.cypher import EXAMPLES, CypherRefused, run_read_only
from ui.render import graph_html
from ui.text import md

loaded, key = panels.page_start("Cypher")

if not loaded.is_neo4j:
    st.info("Cypher needs Neo4j; this app is reading the embedded file. To connect:")
    st.code("# load the notes into Neo4j once, then serve the app from it\n"
            "# (NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE from the environment)\n"
            "servicemap build --neo4j bolt://localhost:7687\n"
            "servicemap app --neo4j bolt://localhost:7687\n"
            "# or in .streamlit/secrets.toml:\n"
            "# [neo4j]\n# uri = \"bolt://localhost:7687\"\n# user = \"neo4j\"\n# password = \"…\"\n# database = \"neo4j\"",
            language="bash")
    st.markdown("**The built-in queries work on the embedded store:**")
    st.page_link("views/explore.py", label="Explore — the graph, a topic's neighbourhood, details and evidence")
    st.page_link("views/compare.py", label="Compare — two or more topics side by side")
    st.page_link("views/prerequisites.py", label="Prerequisites — a learning path")
    st.page_link("views/ask.py", label="Ask — which service fits a situation")
    st.stop()

example = st.selectbox("Examples", list(EXAMPLES), index=None, placeholder="start from an example", key="cypher_example")
query = st.text_area("Read-only Cypher", EXAMPLES[example] if example else "", height=120,
                     key=f"cypher_query:{example}")
if not st.button("Run", key="cypher_run") and not st.session_state.get("cypher_ran") == query:
    st.caption("Statements run in a read transaction; CREATE, MERGE, SET, DELETE and the like are refused.")
    st.stop()
st.session_state["cypher_ran"] = query
try:
    result = run_read_only(state.settings(), query)
except CypherRefused as err:
    st.error(md(str(err)))
    st.stop()
st.caption(f"{len(result.rows)} rows" + (" (the first ones only)" if result.truncated else ""))
st.dataframe(result.rows, hide_index=True, width="stretch", key="cypher_table")
if result.graph.number_of_nodes():
    panels.draw(graph_html(result.graph, height=460), height=460, title="query result graph")
