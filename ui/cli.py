"""The ``servicemap`` command: a thin layer over the Python API (extract.pipeline, graph.*).

Errors are printed as one sentence, never a traceback; progress goes to stderr so
``--json`` output stays clean for scripts.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.errors import Errors as ExtractErrors
from extract.errors import NoteError
from graph.embedded import EmbeddedStore, atomic_write_text, write_node_link
from graph.errors import StoreError
from graph.queries.stats import graph_stats

NEO4J_OPTION = click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", default=None, metavar="URI",
                            help="Use Neo4j at URI instead of the embedded file (NEO4J_USER, NEO4J_PASSWORD, "
                                 "NEO4J_DATABASE from the environment).")
DEFAULT_NOTES = Path("data/notes")
DEFAULT_GRAPH = Path(os.environ.get("SERVICEMAP_GRAPH", "data/graph.json"))

err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


def _fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    sys.exit(code)


def open_store(graph_path: str, neo4j_uri: str | None):
    """The embedded file, or Neo4j when a URI is given (credentials from the environment, never printed)."""
    if not neo4j_uri:
        return EmbeddedStore(graph_path)
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
                      os.environ.get("NEO4J_DATABASE") or None)


def _run_extraction(paths: tuple[str, ...], jobs: int, quiet: bool):
    from extract.pipeline import extract_paths  # heavy (spaCy): imported only by commands that need it
    from extract.readers import find_note_files

    files, _ = find_note_files(paths)
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err_console, disable=quiet or not files, transient=True)
    with progress:
        task = progress.add_task("extracting", total=len(files))
        result = extract_paths(paths, jobs=jobs, on_file=lambda outcome: progress.advance(task))
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
@NEO4J_OPTION
def build(paths: tuple[str, ...], graph_path: str, jobs: int, quiet: bool, neo4j_uri: str | None) -> None:
    """Extract notes (default: data/notes) into the graph store.

    Example: servicemap build data/notes --graph data/graph.json
             servicemap build --neo4j bolt://localhost:7687
    """
    paths = paths or (str(DEFAULT_NOTES),)
    store = open_store(graph_path, neo4j_uri)
    result = _run_extraction(paths, jobs, quiet)
    try:
        store.save(result.doc.node_link(), result.doc.graph_attrs())
    except StoreError as err:
        _fail(str(err))
    if not quiet:
        _summary(result, store.describe())


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


def run() -> None:
    """Console-script entry point: user errors as one line, exit 1."""
    try:
        main(standalone_mode=True)
    except (NoteError, StoreError) as err:
        _fail(str(err))


if __name__ == "__main__":
    run()
