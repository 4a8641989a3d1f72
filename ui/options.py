"""What every command shares: where the graph is (--graph, --neo4j and their environment) and opening its store."""

from __future__ import annotations

import os
from pathlib import Path

import click

from graph.embedded import EmbeddedStore

NEO4J_OPTION = click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", default=None, metavar="URI",
                            help="Use Neo4j at URI instead of the embedded file (NEO4J_USER, NEO4J_PASSWORD, "
                                 "NEO4J_DATABASE from the environment).")
DEFAULT_NOTES = Path("data/notes")
DEFAULT_GRAPH = Path(os.environ.get("SERVICEMAP_GRAPH", "data/graph.json"))


def open_store(graph_path: str, neo4j_uri: str | None):
    """The embedded file, or Neo4j when a URI is given (credentials from the environment, never printed)."""
    if not neo4j_uri:
        return EmbeddedStore(graph_path)
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
                      os.environ.get("NEO4J_DATABASE") or None)
