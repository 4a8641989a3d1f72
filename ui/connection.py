"""Which store the app reads: settings from the command line, the environment or .streamlit/secrets.toml.

Precedence: ``--graph`` / ``--neo4j`` after ``streamlit run ui/app.py --``, then NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE and SERVICEMAP_GRAPH, then the ``[neo4j]`` table of the secrets file
(uri, user, password, database). If Neo4j is asked for but cannot be used (any
:class:`graph.errors.StoreError`), the app opens the embedded file instead and says why; the password
is never part of anything shown.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping, Sequence

import networkx as nx

from graph.embedded import EmbeddedStore
from graph.errors import StoreError

DEFAULT_GRAPH = "data/graph.json"


@dataclass(frozen=True)
class StoreSettings:
    graph_path: str = DEFAULT_GRAPH
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str | None = None

    @property
    def wants_neo4j(self) -> bool:
        return bool(self.neo4j_uri)


def parse_app_args(argv: Sequence[str]) -> dict[str, str]:
    """``--graph PATH`` and ``--neo4j URI`` from the arguments after ``streamlit run ui/app.py --``.

    Anything else is ignored (AppTest runs the script with pytest's own arguments).

    >>> parse_app_args(["--graph", "g.json", "-q", "tests/ui"])
    {'graph': 'g.json'}
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--graph")
    parser.add_argument("--neo4j")
    known, _ = parser.parse_known_args(list(argv))
    return {k: v for k, v in vars(known).items() if v}


def resolve_settings(args: Mapping[str, str], env: Mapping[str, str], secrets: Mapping[str, Any]) -> StoreSettings:
    """Settings from (in order) arguments, environment, the secrets file's ``[neo4j]`` table.

    >>> resolve_settings({}, {"NEO4J_URI": "bolt://h:7687"}, {"neo4j": {"uri": "bolt://other:7687", "password": "pw"}})
    StoreSettings(graph_path='data/graph.json', neo4j_uri='bolt://h:7687', neo4j_user='neo4j', neo4j_database=None)
    """
    secret = dict(secrets.get("neo4j") or {}) if isinstance(secrets, Mapping) else {}

    def pick(arg: str | None, env_name: str, secret_name: str, default: Any = None) -> Any:
        for value in (args.get(arg) if arg else None, env.get(env_name), secret.get(secret_name)):
            if value:
                return str(value)
        return default

    return StoreSettings(
        graph_path=args.get("graph") or env.get("SERVICEMAP_GRAPH") or DEFAULT_GRAPH,
        neo4j_uri=pick("neo4j", "NEO4J_URI", "uri"),
        neo4j_user=pick(None, "NEO4J_USER", "user", "neo4j"),
        neo4j_password=pick(None, "NEO4J_PASSWORD", "password", ""),
        neo4j_database=pick(None, "NEO4J_DATABASE", "database"),
    )


@dataclass
class LoadedGraph:
    """The graph the app shows, where it came from, and why Neo4j was not used (if it was asked for)."""

    graph: nx.MultiDiGraph
    store: Any
    where: str  # "embedded file data/graph.json" or "Neo4j bolt://host:7687" (no credentials)
    built: str  # when the graph was built (the file's time) or loaded (Neo4j)
    fallback_error: str | None = None

    @property
    def is_neo4j(self) -> bool:
        return self.fallback_error is None and not isinstance(self.store, EmbeddedStore)


def _without_secret(message: str, settings: StoreSettings) -> str:
    if settings.neo4j_password:
        message = message.replace(settings.neo4j_password, "***")
    return message


def open_neo4j(settings: StoreSettings):
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database)


def load_graph(settings: StoreSettings) -> LoadedGraph:
    """Load from Neo4j when asked (falling back to the embedded file), else from the embedded file.

    Raises :class:`StoreError` only when the embedded file cannot be read either.
    """
    fallback_error = None
    if settings.wants_neo4j:
        store = open_neo4j(settings)
        try:
            graph = store.load()
            return LoadedGraph(graph, store, store.describe(), "loaded " + datetime.now().strftime("%Y-%m-%d %H:%M"))
        except StoreError as err:
            fallback_error = _without_secret(str(err), settings)
            store.close()
    store = EmbeddedStore(settings.graph_path)
    graph = store.load()
    built = datetime.fromtimestamp(Path(settings.graph_path).stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return LoadedGraph(graph, store, store.describe(), "built " + built, fallback_error)


def graph_signature(settings: StoreSettings) -> tuple:
    """Changes when the embedded file does (so the cached graph is reloaded); Neo4j reloads on request."""
    try:
        stat = os.stat(settings.graph_path)
        file_sig = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        file_sig = None
    return (settings.neo4j_uri or "", file_sig)
