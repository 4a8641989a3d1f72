"""``make eval``: precision and recall of the extractor on the gold set in tests/eval/gold/.

Each gold line lists every service, limit and USE_WHEN on it (and the clear concepts),
so both precision and recall are measured per line. Predictions are the nodes and edges
whose evidence points at that file and line.

    python -m tests.eval.evaluate                 # extract data/notes in-process, print the table
    python -m tests.eval.evaluate --graph g.json  # score an existing graph file
    python -m tests.eval.evaluate --show-errors   # list false positives and negatives
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

GOLD_DIR = Path(__file__).parent / "gold"
TARGETS = {"services": (0.95, 0.95), "concepts": (None, None), "limits": (0.9, 0.8), "use_when": (0.85, 0.75)}
_UNIT_SYNONYMS = {"sec": "s", "secs": "s", "seconds": "s", "second": "s", "minutes": "min", "mins": "min",
                  "hours": "h", "hour": "h", "hr": "h", "day": "days", "%": "percent"}


def load_gold(folder: Path = GOLD_DIR) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rows.append(json.loads(line))
    return rows


def _name_key(name: str, lookup: Callable[[str], Any] | None) -> str:
    if lookup is not None:
        entry = lookup(name)
        if entry is not None:
            return entry.id
    text = re.sub(r"^(?:aws|amazon)\s+", "", name.strip().lower())
    text = re.sub(r"[\s\-_/]+", " ", text)
    words = text.split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith(("ss", "us", "is")):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _unit(unit: str) -> str:
    return _UNIT_SYNONYMS.get(unit.lower(), unit).lower()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def predictions(data: dict[str, Any]) -> dict[tuple[str, int], dict[str, list]]:
    """What the graph says about each (file name, line)."""
    nodes = {n["id"]: n for n in data["nodes"]}
    found: dict[tuple[str, int], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for node in data["nodes"]:
        kind = {"service": "services", "concept": "concepts", "limit": "limits"}[node["kind"]]
        for ev in node.get("evidence", ()):
            found[(Path(ev["file"]).name, ev["line"])][kind].append(node)
    for edge in data["edges"]:
        if edge["type"] != "USE_WHEN":
            continue
        for ev in edge.get("evidence", ()):
            found[(Path(ev["file"]).name, ev["line"])]["use_when"].append({**edge, "source_node": nodes[edge["source"]]})
    return found


def _match(gold: list, predicted: list, same: Callable[[Any, Any], bool]) -> tuple[int, list, list]:
    unmatched = list(predicted)
    missed = []
    tp = 0
    for g in gold:
        hit = next((p for p in unmatched if same(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            unmatched.remove(hit)
            tp += 1
    return tp, missed, unmatched


def score(gold_rows: list[dict[str, Any]], data: dict[str, Any], lookup: Callable[[str], Any] | None = None) -> dict[str, Score]:
    found = predictions(data)
    scores = {k: Score() for k in TARGETS}

    def service_key(name: str) -> str:
        return _name_key(name, lookup)

    def node_names(node: dict) -> set[str]:
        return {service_key(node["name"])} | {service_key(a) for a in node.get("aliases", ())}

    for row in gold_rows:
        where = f"{row['file']}:{row['line']} {row['text'][:70]}"
        pred = found.get((row["file"], row["line"]), {})
        checks = {
            "services": (row["services"], [n for n in pred.get("services", ()) if n["kind"] == "service"],
                         lambda g, p: service_key(g) in node_names(p)),
            "concepts": (row.get("concepts", []), pred.get("concepts", []), lambda g, p: service_key(g) in node_names(p)),
            "limits": (row["limits"], pred.get("limits", []),
                       lambda g, p: abs(float(g["value"]) - float(p["value"])) <= 1e-6 * max(1.0, abs(float(g["value"])))
                       and _unit(g["unit"]) == _unit(p["unit"])),
            "use_when": (row["use_when"], pred.get("use_when", []),
                         lambda g, p: service_key(g["use"]) in node_names(p["source_node"])),
        }
        for kind, (gold, predicted, same) in checks.items():
            tp, missed, extra = _match(gold, predicted, same)
            s = scores[kind]
            s.tp += tp
            s.fn += len(missed)
            if kind != "concepts":  # concepts are annotated where clear, not exhaustively
                s.fp += len(extra)
            else:
                s.fp += len(extra) if not gold else 0
            s.errors += [f"FN {kind}: {m} @ {where}" for m in missed]
            s.errors += [f"FP {kind}: {_describe(e)} @ {where}" for e in (extra if kind != "concepts" or not gold else [])]
    return scores


def _describe(item: dict) -> str:
    if "source_node" in item:
        return f"{item['source_node']['name']} when {item.get('condition', '')[:50]!r}"
    if item.get("kind") == "limit":
        return f"{item['value']:g} {item['unit']}"
    return item.get("name", str(item))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", help="score this node-link JSON instead of extracting data/notes")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    from rich.console import Console
    from rich.table import Table

    from extract.lexicon import load_lexicon

    if args.graph:
        data = json.loads(Path(args.graph).read_text(encoding="utf-8"))
    else:
        from extract.document import to_node_link
        from extract.pipeline import extract_paths

        data = to_node_link(extract_paths([Path("data/notes")]).graph)
    gold = load_gold()
    scores = score(gold, data, load_lexicon().lookup)
    table = Table(title=f"extraction quality on {len(gold)} gold lines ({len({r['file'] for r in gold})} files)")
    for col in ("", "gold", "TP", "FP", "FN", "precision", "recall", "F1", "target P/R", "result"):
        table.add_column(col, justify="right")
    missed = False
    for kind, s in scores.items():
        tp_, tr_ = TARGETS[kind]
        ok = (tp_ is None or s.precision >= tp_) and (tr_ is None or s.recall >= tr_)
        missed |= not ok
        target = "—" if tp_ is None else f"{tp_:.2f}/{tr_:.2f}"
        table.add_row(kind, str(s.tp + s.fn), str(s.tp), str(s.fp), str(s.fn), f"{s.precision:.3f}", f"{s.recall:.3f}",
                      f"{s.f1:.3f}", target, "PASS" if ok else "FAIL")
    console = Console()
    console.print(table)
    if args.show_errors:
        for kind, s in scores.items():
            for err in s.errors:
                console.print(err, markup=False, highlight=False, soft_wrap=True)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
