"""The question commands: show, search, path, compare, prereqs and ask — each a thin layer over graph.queries.

Each prints a rich view for people, or with ``--json`` the result's ``to_dict()`` for scripts.
An unknown topic exits with status 2 and "no topic named X — did you mean …?".
"""

from __future__ import annotations

import functools
import json
import sys
from typing import Any, Callable

import click
from rich.console import Console

from graph.errors import StoreError
from graph.queries.topics import UnknownTopic
from ui import terminal
from ui.options import DEFAULT_GRAPH, NEO4J_OPTION, open_store

err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


def _fail(message: str, code: int) -> None:
    err_console.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True, highlight=False)
    sys.exit(code)


def graph_options(command: Callable) -> Callable:
    """--graph, --neo4j and --json, then load the graph and turn user errors into one line."""
    @click.option("--graph", "graph_path", type=click.Path(dir_okay=False), default=str(DEFAULT_GRAPH), show_default=True,
                  help="The embedded graph file to read.")
    @NEO4J_OPTION
    @click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
    @functools.wraps(command)
    def wrapper(graph_path: str, neo4j_uri: str | None, as_json: bool, **kwargs: Any) -> None:
        store = open_store(graph_path, neo4j_uri)
        try:
            graph = store.load()
        except StoreError as err:
            _fail(str(err), 1)
        finally:
            getattr(store, "close", lambda: None)()
        try:
            result, render = command(graph, **kwargs)
        except UnknownTopic as err:
            _fail(str(err), 2)
        except ValueError as err:
            _fail(str(err), 2)
        if as_json:
            click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        else:
            out_console.print(render(result))

    return wrapper


@click.command()
@click.argument("name")
@graph_options
def show(graph, name: str):
    """Everything the notes say about one topic: kind, aliases, definition, limits, USE_WHEN, neighbours, evidence.

    Example: servicemap show "read replicas"
    """
    from graph.queries.show import show_topic

    return show_topic(graph, name).to_dict(), terminal.topic_details


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", "-n", default=20, show_default=True, help="At most this many topics.")
@graph_options
def search(graph, text: tuple[str, ...], limit: int):
    """Topics whose names or aliases match TEXT (fuzzy), then topics whose note lines contain it.

    Example: servicemap search cross region replication
    """
    from graph.queries.search import search_topics

    return [h.to_dict() for h in search_topics(graph, " ".join(text), limit=limit)], terminal.search_hits


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--limit", "-n", default=3, show_default=True, help="At most this many shortest paths.")
@graph_options
def path(graph, a: str, b: str, limit: int):
    """The shortest chains of relations between two topics, each hop with the note line behind it.

    Example: servicemap path CloudFront "Route 53"
    """
    from graph.queries.path import find_paths

    paths = [p.to_dict() for p in find_paths(graph, a, b, limit=limit)]
    if not paths:
        _fail(f"the notes relate {a!r} and {b!r} by no chain of relations.", 1)
    return paths, terminal.topic_paths


@click.command()
@click.argument("names", nargs=-1, required=True)
@graph_options
def compare(graph, names: tuple[str, ...]):
    """Two or more topics side by side: definitions, when to use each, limits aligned, shared and own relations.

    Example: servicemap compare SQS SNS      servicemap compare EBS EFS "Instance Store"
    """
    from graph.queries.compare import compare_topics

    if len(names) == 1 and " vs " in names[0].lower():  # servicemap compare "SQS vs SNS"
        names = tuple(n.strip() for n in names[0].replace(" VS ", " vs ").replace(" Vs ", " vs ").split(" vs "))
    return compare_topics(graph, names).to_dict(), terminal.comparison


@click.command()
@click.argument("topic")
@click.option("--depth", "-d", default=2, show_default=True, help="Follow prerequisites of prerequisites this deep.")
@graph_options
def prereqs(graph, topic: str, depth: int):
    """What to learn before TOPIC: a learning path, nearest first, each step with its reason and confidence.

    Example: servicemap prereqs "S3 Object Lock" --depth 3
    """
    from graph.queries.prereqs import learning_path

    return learning_path(graph, topic, depth=depth).to_dict(), terminal.learning_path


@click.command()
@click.argument("question", nargs=-1, required=True)
@click.option("-k", "k", default=5, show_default=True, help="How many answers.")
@graph_options
def ask(graph, question: tuple[str, ...], k: int):
    """Which service or concept fits a situation, from your notes' USE_WHEN lines and definitions.

    Example: servicemap ask "my DynamoDB table got corrupted this morning, how do I roll it back?"
    """
    from graph.queries.ask import ask as ask_notes

    answers = [a.to_dict() for a in ask_notes(graph, " ".join(question), k=k)]
    return {"answers": answers}, lambda result: terminal.answers(result["answers"])


COMMANDS = (show, search, path, compare, prereqs, ask)
