"""Speed of ``ask``: the first call (model load + index build) and p50/p95 of the calls after it.

    python -m tests.bench.ask_bench                      # data/graph.json
    python -m tests.bench.ask_bench GRAPH --scale 100    # GRAPH copied 100 times over (ids suffixed)
    python -m tests.bench.ask_bench --cold               # no embedding cache: embed every note text

The questions are the dev questions of tests/eval/ask_eval.py, each asked ``--repeat`` times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import networkx as nx


def scaled_graph(graph: nx.MultiDiGraph, times: int) -> nx.MultiDiGraph:
    """``times`` disjoint copies of ``graph`` in one graph: same texts, ``times`` as many nodes and edges."""
    if times <= 1:
        return graph
    copies = [nx.relabel_nodes(graph, {n: f"{n}#{i}" for n in graph}, copy=True) for i in range(times)]
    scaled = nx.union_all(copies)
    scaled.graph.update(graph.graph)
    return scaled


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", nargs="?", type=Path, default=Path("data/graph.json"))
    parser.add_argument("--scale", type=int, default=1, help="copy the graph this many times")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--method", default="fused")
    parser.add_argument("--cold", action="store_true", help="turn the embedding cache off")
    args = parser.parse_args(argv)
    if args.cold:
        os.environ["SERVICEMAP_CACHE_DIR"] = ""

    from graph.embedded import EmbeddedStore
    from tests.eval.ask_eval import load_rows

    graph = scaled_graph(EmbeddedStore(args.graph).load(), args.scale)
    questions = [row["question"] for row in load_rows()]
    print(f"{args.graph} ×{args.scale}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
          f"{len(questions)} questions × {args.repeat}; method {args.method}; cache {'off' if args.cold else 'on'}")

    start = time.perf_counter()
    from graph.queries.ask import ask  # the import of the model's libraries counts as part of the first call

    ask(graph, questions[0], method=args.method)
    first = time.perf_counter() - start

    times = []
    for _ in range(args.repeat):
        for question in questions:
            start = time.perf_counter()
            ask(graph, question, method=args.method)
            times.append(time.perf_counter() - start)
    print(f"first call {first:.2f} s; later calls p50 {percentile(times, 0.5) * 1000:.1f} ms, "
          f"p95 {percentile(times, 0.95) * 1000:.1f} ms, mean {statistics.fmean(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
