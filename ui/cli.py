"""The ``servicemap`` command: a thin layer over the Python API (extract.pipeline, graph.*).

Errors are printed as one sentence, never a traceback; progress goes to stderr so
``--json`` output stays clean for scripts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.errors import Errors as ExtractErrors
from extract.errors import NoteError
from graph.embedded import atomic_write_text, write_node_link
from graph.errors import StoreError
from graph.queries.stats import graph_stats
from ui.options import DEFAULT_GRAPH, DEFAULT_NOTES, NEO4J_OPTION, open_store


err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


def _fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    sys.exit(code)


def _run_extraction(paths: tuple[str, ...], jobs: int, quiet: bool, cache_dir: Path | None = None):
    from extract.pipeline import extract_paths  # heavy (spaCy): imported only by commands that need it
    from extract.readers import find_note_files

    files, _ = find_note_files(paths)
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err_console, disable=quiet or not files, transient=True)
    with progress:
        task = progress.add_task("extracting", total=len(files))
        result = extract_paths(paths, jobs=jobs, cache_dir=cache_dir, on_file=lambda outcome: progress.advance(task))
    for message in result.report.rejected:
        err_console.print(f"[yellow]skipped:[/] {message}", soft_wrap=True)
    if not quiet:
        for message in result.report.warnings:
            err_console.print(f"[dim]warning:[/] {message}", soft_wrap=True)
    if not result.report.files_read:
        _fail(ExtractErrors.E010.format(paths=", ".join(paths) or "(nothing)"))
    return result


def _summary(result, target: str) -> None:
    doc = result.doc
    kinds: dict[str, int] = {}
    for attrs in doc.nodes.values():
        kinds[attrs["kind"]] = kinds.get(attrs["kind"], 0) + 1
    types: dict[str, int] = {}
    for attrs in doc.edges.values():
        types[attrs["type"]] = types.get(attrs["type"], 0) + 1
    table = Table(title=f"graph written to {target}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("files read", str(len(result.report.files_read)))
    table.add_row("files rejected", str(len(result.report.rejected)))
    for kind in ("service", "concept", "limit"):
        table.add_row(f"{kind} nodes", str(kinds.get(kind, 0)))
    for etype, n in sorted(types.items()):
        table.add_row(f"{etype} edges", str(n))
    table.add_row("limit conflicts", str(len(doc.conflicts)))
    out_console.print(table)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="servicemap")
def main() -> None:
    """Turn study notes into a knowledge graph of AWS services, concepts and limits."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="Where to write the node-link JSON.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Spread files over N processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, warnings or summary.")
def extract(paths: tuple[str, ...], output: str, jobs: int, quiet: bool) -> None:
    """Extract the graph from note files/folders into a node-link JSON file.

    Example: servicemap extract data/notes -o graph.json
    """
    result = _run_extraction(paths, jobs, quiet)
    try:
        atomic_write_text(Path(output), lambda out: write_node_link(out, result.doc.node_link(), result.doc.graph_attrs()))
    except StoreError as err:
        _fail(str(err))
    if not quiet:
        _summary(result, output)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--graph", "graph_path", type=click.Path(dir_okay=False), default=str(DEFAULT_GRAPH), show_default=True,
              help="The embedded graph file to write.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Spread files over N processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, warnings or summary.")
@click.option("--no-cache", is_flag=True, help="Re-extract every file (by default unchanged files are read from "
                                             "the .cache folder beside the graph file).")
@click.option("--warm-ask", is_flag=True, help="Also embed the notes for `ask` now (kept in ~/.cache/servicemap), "
                                             "so the first question doesn't wait for it.")
@NEO4J_OPTION
def build(paths: tuple[str, ...], graph_path: str, jobs: int, quiet: bool, no_cache: bool, warm_ask: bool,
          neo4j_uri: str | None) -> None:
    """Extract notes (default: data/notes) into the graph store.

    Example: servicemap build data/notes --graph data/graph.json
             servicemap build --neo4j bolt://localhost:7687
    """
    paths = paths or (str(DEFAULT_NOTES),)
    store = open_store(graph_path, neo4j_uri)
    # Each note file's extraction is kept beside the graph, so a rebuild re-reads only what changed.
    result = _run_extraction(paths, jobs, quiet, None if no_cache else Path(graph_path).parent / ".cache")
    try:
        store.save(result.doc.node_link(), result.doc.graph_attrs(), digest=result.doc.digest())
    except StoreError as err:
        _fail(str(err))
    if not quiet:
        _summary(result, store.describe())
    if warm_ask:
        from graph.queries.ask_index import AskIndex

        AskIndex.for_graph(result.doc.to_networkx()).embeddings  # computed once, then read from the cache


@main.command()
@click.option("--graph", "graph_path", type=click.Path(dir_okay=False), default=str(DEFAULT_GRAPH), show_default=True)
@click.option("--json", "as_json", is_flag=True, help='Print {"nodes": {kind: n}, "edges": {type: n}, …} as JSON.')
@NEO4J_OPTION
def stats(graph_path: str, as_json: bool, neo4j_uri: str | None) -> None:
    """Counts by node kind and edge type, files and conflicts.

    Example: servicemap stats --json
             servicemap stats --json --neo4j bolt://localhost:7687
    """
    store = open_store(graph_path, neo4j_uri)
    try:
        graph = store.load()
    except StoreError as err:
        _fail(str(err))
    counts: dict[str, Any] = graph_stats(graph)
    if as_json:
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    table = Table(title=store.describe())
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, n in counts["nodes"].items():
        table.add_row(f"{kind} nodes", str(n))
    for etype, n in counts["edges"].items():
        table.add_row(f"{etype} edges", str(n))
    table.add_row("files", str(counts["files"]))
    table.add_row("conflicts", str(counts["conflicts"]))
    out_console.print(table)


def _add_query_commands() -> None:
    from ui.query_commands import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_add_query_commands()


def run() -> None:
    """Console-script entry point: user errors as one line, exit 1."""
    try:
        main(standalone_mode=True)
    except (NoteError, StoreError) as err:
        _fail(str(err))



@main.command()
@click.option("--port", default=8501, show_default=True, help="Serve the app on this port.")
@click.option("--graph", "graph_path", type=click.Path(dir_okay=False), default=None,
              help="The embedded graph file to show (default: $SERVICEMAP_GRAPH or data/graph.json).")
@click.option("--neo4j", "neo4j_uri", default=None, metavar="URI",
              help="Read Neo4j at URI (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE from the environment or "
                   ".streamlit/secrets.toml); falls back to the file, saying why, if it can't be reached.")
def app(port: int, graph_path: str | None, neo4j_uri: str | None) -> None:
    """Serve the explorer (Explore, Compare, Prerequisites, Ask, Cypher, Notes) at http://localhost:PORT.

    \b
    Example: servicemap app --port 8502 --graph my.json
             servicemap app --neo4j bolt://localhost:7687
    """
    import os
    import subprocess
    from pathlib import Path

    script = Path(__file__).with_name("app.py")
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false", "--"]
    if graph_path:
        command += ["--graph", graph_path]
    if neo4j_uri:
        command += ["--neo4j", neo4j_uri]
    click.echo(f"servicemap app: http://localhost:{port}", err=True)
    if os.name == "posix":
        # Become streamlit: a SIGTERM to this process (a supervisor, `kill`) stops the server, rather than
        # leaving it running without its parent and holding the port.
        sys.stderr.flush()
        os.execv(sys.executable, command)
    try:
        sys.exit(subprocess.call(command))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    run()
