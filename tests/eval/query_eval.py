"""``make eval`` (second half): how well the questions are answered, on the development sets in ``tests/eval/queries/``.

    python -m tests.eval.query_eval                  # data/graph.json
    python -m tests.eval.query_eval --graph g.json --show-errors

* compare — the share of expected differences the comparison surfaces: a difference about topic X
  counts when one of its keywords appears in X's column (definition, USE_WHEN conditions, limits,
  relations, its own note lines, with their evidence) or in the notes' own comparisons;
* prerequisites — precision and recall over labelled pairs: a pair (T, P) is predicted positive when
  P is a step of ``learning_path(T)`` (depth 2);
* ask — top-1 / top-3 accuracy of the default ranker (every ranker: ``python -m tests.eval.ask_eval``), on the
  development questions and on the held-out ones (``ask_heldout.jsonl``), which no ranking change may be tuned on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import networkx as nx

from graph.embedded import EmbeddedStore
from graph.queries.compare import compare_topics
from graph.queries.prereqs import learning_path
from graph.queries.topics import UnknownTopic, resolve_topic

QUERIES_DIR = Path(__file__).parent / "queries"
TARGETS = {"compare": 0.8, "prereqs_precision": 0.8, "ask_top3": 0.85}


def read_rows(name: str) -> list[dict[str, Any]]:
    with (QUERIES_DIR / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _column_text(comparison: dict[str, Any], topic_id: str) -> str:
    columns = [c for c in comparison["topics"] if c["id"] == topic_id]
    limits = [f for row in comparison["limits"] for f in row["cells"].get(topic_id, [])]
    return json.dumps([columns, limits, comparison["from_notes"]], ensure_ascii=False).lower()


def evaluate_compare(graph: nx.MultiDiGraph, rows: list[dict[str, Any]]) -> dict[str, Any]:
    found = total = 0
    misses: list[str] = []
    for row in rows:
        total += len(row["differences"])
        try:
            result = compare_topics(graph, row["topics"]).to_dict()
            ids = {name: resolve_topic(graph, name) for name in row["topics"]}
        except (UnknownTopic, ValueError) as err:
            misses += [f"{' vs '.join(row['topics'])}: {err}"]
            continue
        for diff in row["differences"]:
            text = _column_text(result, ids[diff["topic"]])
            if any(k.lower() in text for k in diff["keywords"]):
                found += 1
            else:
                misses.append(f"{' vs '.join(row['topics'])} [{diff['topic']}]: {diff['fact']}")
    return {"surfaced": found / total if total else 0.0, "differences": total, "misses": misses}


def evaluate_prereqs(graph: nx.MultiDiGraph, rows: list[dict[str, Any]], *, depth: int = 2) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    errors: list[str] = []
    for row in rows:
        try:
            steps = {s.topic.id for s in learning_path(graph, row["topic"], depth=depth).steps}
        except UnknownTopic:
            steps = set()
        try:
            predicted = resolve_topic(graph, row["before"]) in steps
        except UnknownTopic:
            predicted = False
        expected = bool(row["prerequisite"])
        tp += predicted and expected
        fp += predicted and not expected
        fn += expected and not predicted
        tn += not predicted and not expected
        if predicted != expected:
            errors.append(f"{'FP' if predicted else 'FN'} {row['before']!r} before {row['topic']!r}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", default="data/graph.json")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    graph = EmbeddedStore(args.graph).load()
    compare = evaluate_compare(graph, read_rows("compare.jsonl"))
    prereqs = evaluate_prereqs(graph, read_rows("prereqs.jsonl"))
    print(f"compare: {compare['surfaced']:.3f} of {compare['differences']} expected differences surfaced "
          f"(target {TARGETS['compare']})")
    print(f"prereqs: precision {prereqs['precision']:.3f} recall {prereqs['recall']:.3f} "
          f"(tp {prereqs['tp']} fp {prereqs['fp']} fn {prereqs['fn']} tn {prereqs['tn']}; "
          f"target precision {TARGETS['prereqs_precision']})")
    missed = compare["surfaced"] < TARGETS["compare"] or prereqs["precision"] < TARGETS["prereqs_precision"]
    try:
        from tests.eval.ask_eval import evaluate_ask
    except ImportError:
        evaluate_ask = None
    if evaluate_ask is not None:
        rows = read_rows("ask.jsonl")
        ask = evaluate_ask(graph, rows, method="fused")
        print(f"ask (fused, the default): top-1 {ask['top1']:.3f} top-3 {ask['top3']:.3f} over {len(rows)} questions "
              f"(target top-3 {TARGETS['ask_top3']})")
        missed |= ask["top3"] < TARGETS["ask_top3"]
        # Questions written after the ranker was tuned, and never tuned on: how it does on questions it never saw.
        heldout = read_rows("ask_heldout.jsonl")
        unseen = evaluate_ask(graph, heldout, method="fused")
        print(f"ask on held-out questions: top-1 {unseen['top1']:.3f} top-3 {unseen['top3']:.3f} "
              f"over {len(heldout)} questions (tests/eval/queries/ask_heldout.jsonl; never tune on it)")
    if args.show_errors:
        print("\ncompare misses:", *compare["misses"], sep="\n  ")
        print("\nprereqs errors:", *prereqs["errors"], sep="\n  ")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
