"""``make bench``: p50 / p95 latency of each question on the sample graph and on the 100× synthetic graph.

    python -m tests.bench.queries                       # sample + 100× (built once into .bench/)
    python -m tests.bench.queries --sizes 1 --neo4j     # the same, on the graph loaded back from Neo4j

Every query runs on the graph a store loads. With ``--neo4j`` the graph is written to ArcadeDB's
Bolt server (started here), loaded back through ``Neo4jStore.load()`` — that load time is the
Neo4j store's first-call cost — and every query is timed again on it.
``ask`` is reported separately: its first call loads the model and builds the index (the notes'
embeddings are cached by the build's ``--warm-ask``, as ``make run`` builds).
Targets: p95 <= 50 ms on the sample graph, <= 300 ms at 100×; the first ``ask`` under 5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import networkx as nx
from rich.console import Console
from rich.table import Table

from graph.embedded import EmbeddedStore
from graph.queries.compare import compare_topics
from graph.queries.neighbourhood import neighbourhood
from graph.queries.path import find_paths
from graph.queries.prereqs import learning_path
from graph.queries.search import search_topics
from graph.queries.show import show_topic
from tests.bench.make_corpus import make_corpus

BENCH = Path(".bench")
TOPICS = ["S3", "SQS", "SNS", "Lambda", "DynamoDB", "CloudFront", "EC2", "RDS", "Aurora", "Kinesis Data Streams",
          "Read Replica", "Multi-AZ", "Multipart Upload", "ALB", "NLB", "EBS", "EFS", "IAM Role", "KMS", "VPC"]
PAIRS = [("SQS", "SNS"), ("ALB", "NLB"), ("EBS", "EFS"), ("Signed URL", "Signed Cookie"), ("Read Replica", "Multi-AZ"),
         ("Kinesis Data Streams", "Firehose"), ("CloudFront", "Global Accelerator"), ("Redis", "Memcached"),
         ("Security Group", "NACL"), ("S3", "EFS")]
SEARCHES = ["replication", "cross region", "encryption at rest", "cloudfrnt", "queue", "timeout", "dynamo", "cache",
            "snapshot", "fan out"]
QUESTIONS = ["my table got corrupted this morning, how do I roll it back to yesterday?",
             "I need to send one message to many subscribers at once",
             "upload a 10 GB video reliably over a flaky connection",
             "keep old versions of files so deletes can be undone",
             "users around the world see slow page loads for static images"]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timings(call: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def workloads(graph: nx.MultiDiGraph) -> dict[str, list[Callable[[], object]]]:
    return {
        "show": [lambda t=t: show_topic(graph, t).to_dict() for t in TOPICS],
        "search": [lambda q=q: search_topics(graph, q) for q in SEARCHES],
        "path": [lambda a=a, b=b: find_paths(graph, a, b) for a, b in zip(TOPICS, TOPICS[5:] + TOPICS[:5])],
        "compare": [lambda p=p: compare_topics(graph, p).to_dict() for p in PAIRS],
        "prereqs": [lambda t=t: learning_path(graph, t).to_dict() for t in TOPICS],
        "neighbourhood": [lambda t=t: neighbourhood(graph, t, depth=2, limit=500).number_of_edges() for t in TOPICS],
    }


def graph_file(size: int) -> Path:
    """The graph of the N× synthetic corpus, kept under .bench/ and brought up to date by an incremental
    ``servicemap build`` (seconds when neither the notes nor the extractor changed), so the figures are
    always those of the graph the current extractor makes."""
    if size == 1:
        target = BENCH / "graph-1x.json"
        source = Path("data/notes")
    else:
        target, source = BENCH / f"graph-{size}x.json", BENCH / f"corpus-{size}x"
        if not source.exists():
            make_corpus(size, source)
    print(f"building {target} from {source} (incremental) …", file=sys.stderr)
    # --warm-ask, as `make run` builds: the first ask then loads the model and the index, not every embedding.
    subprocess.run([sys.executable, "-m", "ui.cli", "build", str(source), "--graph", str(target), "--jobs", "2", "-q",
                    "--warm-ask"], check=True)
    return target


def graph_items(graph: nx.MultiDiGraph):
    """A loaded graph as node-link items again, for writing it to another store."""
    for node, attrs in graph.nodes(data=True):
        yield "nodes", {"id": node, **attrs}
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        yield "edges", {"source": source, "target": target, "key": key, **attrs}


def time_queries(table: Table, label: str, graph: nx.MultiDiGraph, load: str, load_ms: float, repeat: int, *,
                 target: float) -> None:
    """Add one row per query (p50 / p95 in ms) for ``graph`` to ``table``."""
    evidence = sum(len(a.get("evidence") or ()) for _, a in graph.nodes(data=True))
    row = [label, str(graph.number_of_nodes()), str(graph.number_of_edges()), str(evidence)]
    table.add_row(*row, load, "1", f"{load_ms:.0f}", "", "")
    for name, calls in workloads(graph).items():
        for call in calls:  # warm-up: name index, note lines
            call()
        samples = [ms for call in calls for ms in timings(call, repeat)]
        p50, p95 = percentiles(samples)
        table.add_row(*row, name, str(len(samples)), f"{p50:.1f}", f"{p95:.1f}", f"{'ok' if p95 <= target else 'MISSED'} ({target})")
    from graph.queries.ask import ask

    start = time.perf_counter()
    ask(graph, QUESTIONS[0])
    first = (time.perf_counter() - start) * 1000
    table.add_row(*row, "ask, first call (index; model once per process)", "1", f"{first:.0f}", "",
                  f"{'ok' if first <= 5000 else 'MISSED'} (5000)")
    samples = [ms for q in QUESTIONS for ms in timings(lambda q=q: ask(graph, q), repeat)]
    p50, p95 = percentiles(samples)
    table.add_row(*row, "ask", str(len(samples)), f"{p50:.1f}", f"{p95:.1f}", f"{'ok' if p95 <= target else 'MISSED'} ({target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,100")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each call (after one warm-up)")
    parser.add_argument("--neo4j", action="store_true", help="also time every query on the graph loaded from Neo4j")
    args = parser.parse_args()
    console = Console()
    BENCH.mkdir(exist_ok=True)
    table = Table(title="query latency, ms (each call repeated; p50 / p95 over all calls)")
    for column in ("graph", "nodes", "edges", "evidence lines", "query", "calls", "p50", "p95", "target p95"):
        table.add_column(column, justify="right")
    for size in (int(s) for s in args.sizes.split(",")):
        path = graph_file(size)
        start = time.perf_counter()
        graph = EmbeddedStore(path).load()
        load_ms = (time.perf_counter() - start) * 1000
        time_queries(table, f"{size}x", graph, "load the file", load_ms, args.repeat, target=50 if size == 1 else 300)
        if args.neo4j:
            from graph.neo4j_store import Neo4jStore
            from tests.bolt_server import arcadedb_server

            with arcadedb_server() as (uri, user, password, database):
                store = Neo4jStore(uri, user, password, database)
                store.save(graph_items(graph), dict(graph.graph))
                start = time.perf_counter()
                from_neo4j = store.load()
                load_ms = (time.perf_counter() - start) * 1000
                store.close()
            time_queries(table, f"{size}x Neo4j", from_neo4j, "load from Neo4j", load_ms, args.repeat,
                         target=50 if size == 1 else 300)
    console.print(table)


if __name__ == "__main__":
    main()
