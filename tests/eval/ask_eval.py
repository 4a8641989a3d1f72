"""Top-1 and top-3 accuracy of ``servicemap ask`` on the dev questions, per ranking method.

    python -m tests.eval.ask_eval                          # data/graph.json, tests/eval/queries/ask.jsonl
    python -m tests.eval.ask_eval --graph g.json --queries q.jsonl --show-misses

A row is ``{"question": ..., "expected": [names], "source": {...}}``. An answer is right when its
name or one of its aliases equals an expected name (case-insensitively), or the expected name,
slugged, equals the slug of the answer's node id ("Point-in-Time Recovery" → "point-in-time-recovery").
Until the annotated file exists, the handful of paraphrases in tests/graph/test_ask.py is used.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from graph.queries.ask import METHODS, ask

QUERIES = Path(__file__).parent / "queries" / "ask.jsonl"
GRAPH = Path("data/graph.json")


def slug(text: str) -> str:
    """``"Point-in-Time Recovery"`` → ``"point-in-time-recovery"``.

    Examples
    --------
    >>> slug("Amazon S3 (Glacier)")
    'amazon-s3-glacier'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_expected(graph: nx.MultiDiGraph, node: str, expected: Iterable[str]) -> bool:
    """Whether ``node`` is one of the ``expected`` names (by name, alias or id slug)."""
    data = graph.nodes[node]
    names = {str(n).strip().lower() for n in [data.get("name") or "", *(data.get("aliases") or ())]}
    node_slug = node.split(":", 1)[-1]
    return any(e.strip().lower() in names or slug(e) == node_slug for e in expected)


def load_rows(path: Path = QUERIES) -> list[dict[str, Any]]:
    """The dev rows of ``path``, or the paraphrases of tests/graph/test_ask.py when it doesn't exist."""
    if path.exists():
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    from tests.graph.test_ask import DEV_QUESTIONS

    return [{"question": q, "expected": list(e), "source": {"file": "tests/graph/test_ask.py"}} for q, e in DEV_QUESTIONS]


def evaluate_ask(graph: nx.MultiDiGraph, rows: list[dict[str, Any]], *, method: str) -> dict[str, Any]:
    """Top-1 and top-3 accuracy of ``ask(graph, question, method=method)`` over ``rows``.

    Returns
    -------
    dict
        ``method``, ``n``, ``top1``, ``top3`` (fractions) and ``misses``: the rows not answered in
        the top 3, each with the names that came back.
    """
    top1 = top3 = 0
    misses = []
    for row in rows:
        answers = ask(graph, row["question"], k=3, method=method)
        hits = [is_expected(graph, a.id, row["expected"]) for a in answers]
        top1 += bool(hits[:1] and hits[0])
        top3 += any(hits)
        if not any(hits):
            misses.append({"question": row["question"], "expected": row["expected"], "got": [a.name for a in answers]})
    n = len(rows)
    return {"method": method, "n": n, "top1": top1 / n if n else 0.0, "top3": top3 / n if n else 0.0, "misses": misses}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, default=GRAPH)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--methods", default="bm25,embedding,fused,rrf", help=f"comma-separated, of {', '.join(METHODS)}")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)

    from graph.embedded import EmbeddedStore

    graph = EmbeddedStore(args.graph).load()
    rows = load_rows(args.queries)
    source = args.queries if args.queries.exists() else "tests/graph/test_ask.py (DEV_QUESTIONS)"
    print(f"{len(rows)} questions from {source}")
    print(f"{'method':<10} {'top-1':>6} {'top-3':>6}")
    for method in args.methods.split(","):
        result = evaluate_ask(graph, rows, method=method.strip())
        print(f"{result['method']:<10} {result['top1']:>6.1%} {result['top3']:>6.1%}")
        if args.show_misses:
            for miss in result["misses"]:
                print(f"    {miss['question']!r}: expected {miss['expected']}, got {miss['got']}")


if __name__ == "__main__":
    main()
