"""Checks on the gold set itself, and unit tests of the scorer on a hand-built graph document."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import ftfy
import pytest

from tests.eval import evaluate
from tests.eval.evaluate import Score, load_gold, name_key, normalise_name, score, unit_key

NOTES = Path(__file__).resolve().parents[2] / "data" / "notes"
MOJIBAKE_FILES = {"001_d7ee3d579fd30206.txt"}
GOLD = load_gold()
UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "ms", "s", "min", "h", "days", "months",
         "years", "percent", "count", "IOPS", "IOPS/GB", "MiB/s", "MB/s", "Gbps", "per-second", "per-minute"}


@lru_cache(maxsize=None)
def note_lines(name: str) -> list[str]:
    raw = (NOTES / name).read_text(encoding="utf-8")
    return raw.split("\n")


def comparable(text: str) -> str:
    """Letters and digits only: drops markdown markers, bullets, emoji and leftover mojibake."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def file_text(name: str, line: int) -> str:
    text = note_lines(name)[line - 1]
    return ftfy.fix_text(text) if name in MOJIBAKE_FILES else text


# --- the gold set -----------------------------------------------------------------------------


def test_gold_covers_all_sample_files_with_enough_lines():
    per_file = Counter(row["file"] for row in GOLD)
    assert set(per_file) == {p.name for p in NOTES.glob("*.txt")}
    assert len(GOLD) >= 150
    assert min(per_file.values()) >= 20, per_file


def test_gold_has_no_duplicate_lines():
    keys = Counter((row["file"], row["line"]) for row in GOLD)
    assert [k for k, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("row", GOLD, ids=lambda r: f"{r['file'][:3]}:{r['line']}")
def test_gold_row_schema(row):
    assert set(row) == {"file", "line", "text", "services", "concepts", "limits", "use_when"}
    assert isinstance(row["line"], int) and row["line"] >= 1
    assert isinstance(row["text"], str) and row["text"].strip()
    for kind in ("services", "concepts"):
        assert all(isinstance(name, str) and name.strip() for name in row[kind])
    for limit in row["limits"]:
        assert set(limit) <= {"value", "unit", "subject"} and {"value", "unit"} <= set(limit)
        assert isinstance(limit["value"], (int, float)) and not isinstance(limit["value"], bool)
        assert limit["unit"] in UNITS, limit
    for fact in row["use_when"]:
        assert set(fact) == {"use", "condition"}
        assert fact["use"].strip() and fact["condition"].strip()


@pytest.mark.parametrize("row", GOLD, ids=lambda r: f"{r['file'][:3]}:{r['line']}")
def test_gold_text_is_the_line_in_the_file(row):
    lines = note_lines(row["file"])
    assert row["line"] <= len(lines)
    expected, actual = comparable(file_text(row["file"], row["line"])), comparable(row["text"])
    ratio = difflib.SequenceMatcher(None, expected, actual).ratio()
    assert ratio >= 0.8, f"{row['file']}:{row['line']} gold {row['text']!r} vs file {expected!r}"


def test_gold_covers_the_kinds_of_line_the_issue_asks_for():
    def count(pred):
        return sum(1 for row in GOLD if pred(row))

    assert count(lambda r: r["use_when"]) >= 50
    assert count(lambda r: r["limits"]) >= 50
    assert count(lambda r: len(r["limits"]) >= 2) >= 20  # ranges, several limits on a line
    assert count(lambda r: not any(r[k] for k in ("services", "concepts", "limits", "use_when"))) >= 5
    assert count(lambda r: "\t" in note_lines(r["file"])[r["line"] - 1]) >= 20  # glossary rows
    assert count(lambda r: note_lines(r["file"])[r["line"] - 1].lstrip().startswith("|")) >= 5  # table cells


# --- the scorer -------------------------------------------------------------------------------

FILE = "x.txt"


def ev(line: int) -> list[dict]:
    return [{"file": f"notes/{FILE}", "line": line, "text": ""}]


def node(kind: str, name: str, line: int, **attrs) -> dict:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return {"id": f"{kind}:{slug}", "kind": kind, "name": name, "aliases": attrs.pop("aliases", []),
            "evidence": ev(line), **attrs}


def row(line: int, **facts) -> dict:
    return {"file": FILE, "line": line, "text": "", "services": [], "concepts": [], "limits": [], "use_when": [],
            **facts}


@pytest.fixture
def tiny():
    """Per category one true positive, one false positive and one false negative (plus an off-line node)."""
    nodes = [
        node("service", "Amazon S3", 1),                     # TP (gold says "S3")
        node("service", "AWS Batch", 1),                     # FP ("batch jobs" is not AWS Batch)
        node("service", "Amazon SQS", 9),                    # on a line that is not in the gold: ignored
        node("concept", "Multipart Upload", 1, aliases=["Multi-part upload"]),   # TP through an alias
        node("concept", "Sticky Sessions", 2),               # FP
        node("limit", "5 TB", 1, value=5, unit="TB", bound="max object size"),   # TP
        node("limit", "443", 2, value=443, unit="count", bound="port"),          # FP
        node("limit", "29 s", 2, value=29.0, unit="seconds", bound="timeout"),   # TP (unit synonym)
        node("concept", "Provisioned Concurrency", 3),
        node("concept", "cold starts", 3),
        node("service", "AWS Lambda", 3),
    ]
    edges = [
        {"source": "concept:provisioned-concurrency", "target": "service:aws-lambda", "key": "USE_WHEN:a",
         "type": "USE_WHEN", "condition": "cold-start-free performance", "evidence": ev(3)},     # TP
        {"source": "service:aws-lambda", "target": "concept:cold-starts", "key": "USE_WHEN:b",
         "type": "USE_WHEN", "condition": "cold starts", "evidence": ev(3)},                      # FP
        {"source": "service:aws-lambda", "target": "service:amazon-s3", "key": "INTEGRATES_WITH",
         "type": "INTEGRATES_WITH", "evidence": ev(3)},                                           # not USE_WHEN
    ]
    gold = [
        row(1, services=["S3", "Amazon EFS"], concepts=["Multi-part uploads", "Versioning"],
            limits=[{"value": 5, "unit": "TB"}, {"value": 100, "unit": "MB"}]),
        row(2, limits=[{"value": 29, "unit": "s"}]),
        row(3, services=["AWS Lambda"], concepts=["Provisioned Concurrency"],
            use_when=[{"use": "Provisioned Concurrency", "condition": "cold-start-free performance"},
                      {"use": "Reserved Concurrency", "condition": "cap a function"}]),
    ]
    return gold, {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


def counts(s: Score) -> tuple[int, int, int]:
    return s.tp, s.fp, s.fn


def test_scorer_counts_by_hand_without_lexicon(tiny):
    gold, data = tiny
    report = score(gold, data, lookup=None)
    t = report.totals
    # services: S3 (TP), Lambda (TP) / AWS Batch (FP) / Amazon EFS (FN)
    assert counts(t["services"]) == (2, 1, 1)
    assert t["services"].precision == pytest.approx(2 / 3) and t["services"].recall == pytest.approx(2 / 3)
    # concepts: Multipart Upload via alias (TP), Provisioned Concurrency (TP) / Sticky Sessions, cold starts (FP)
    # / Versioning (FN)
    assert counts(t["concepts"]) == (2, 2, 1)
    assert t["concepts"].precision == pytest.approx(0.5) and t["concepts"].recall == pytest.approx(2 / 3)
    # limits: 5 TB, 29 s (TP) / 443 (FP) / 100 MB (FN)
    assert counts(t["limits"]) == (2, 1, 1)
    assert t["limits"].f1 == pytest.approx(2 / 3)
    # use_when: Provisioned Concurrency (TP) / Lambda (FP) / Reserved Concurrency (FN)
    assert counts(t["use_when"]) == (1, 1, 1)
    assert t["use_when"].precision == pytest.approx(0.5) and t["use_when"].recall == pytest.approx(0.5)
    assert report.lines == 3 and set(report.by_file) == {FILE}
    assert counts(report.by_file[FILE]["limits"]) == (2, 1, 1)
    errors = "\n".join(t["services"].errors)
    assert "FP services: AWS Batch" in errors and "FN services: Amazon EFS" in errors
    assert report.missed_targets() == ["services", "limits", "use_when"]
    assert report["limits"] is t["limits"]


def test_scorer_uses_the_lexicon_when_given(tiny):
    gold, data = tiny
    entries = {"s3": "service:amazon-s3", "amazon s3": "service:amazon-s3", "simple storage service": "service:amazon-s3"}

    def lookup(name):
        found = entries.get(name.lower())
        return SimpleNamespace(id=found, name="Amazon S3", kind="service") if found else None

    gold[0]["services"] = ["Simple Storage Service", "Amazon EFS"]  # only the lexicon knows this name
    assert counts(score(gold, data, lookup=None).totals["services"]) == (1, 2, 2)
    assert counts(score(gold, data, lookup=lookup).totals["services"]) == (2, 1, 1)


def test_scorer_with_nothing_predicted_has_zero_recall():
    report = score([row(1, services=["S3"], limits=[{"value": 1, "unit": "h"}])], {"nodes": [], "edges": []})
    assert report.totals["services"].recall == 0.0 and report.totals["services"].precision == 1.0
    assert counts(report.totals["limits"]) == (0, 0, 1)


def test_a_limit_needs_the_same_unit_and_value():
    data = {"nodes": [node("limit", "16 GiB", 1, value=16, unit="GiB"), node("limit", "0.5 ms", 1, value=0.5, unit="ms")],
            "edges": []}
    gold = [row(1, limits=[{"value": 16, "unit": "GB"}, {"value": 0.5000000001, "unit": "ms"}])]
    assert counts(score(gold, data).totals["limits"]) == (1, 1, 1)


@pytest.mark.parametrize(("raw", "key"), [("Amazon S3", "s3"), ("AWS Read-Replicas", "read replica"),
                                          ("Sticky Sessions", "sticky session"), ("Access", "access")])
def test_normalise_name(raw, key):
    assert normalise_name(raw) == key
    assert name_key(raw, None) == key


@pytest.mark.parametrize(("unit", "key"), [("sec", "s"), ("Seconds", "s"), ("hours", "h"), ("%", "percent"),
                                           ("GiB", "gib"), ("MiB/s", "mib/s"), ("day", "days")])
def test_unit_key(unit, key):
    assert unit_key(unit) == key


def test_evaluate_cli_scores_a_graph_file(tmp_path, tiny, capsys, monkeypatch):
    import json

    gold, data = tiny
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "x.jsonl").write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(evaluate, "load_lookup", lambda: None)
    args = ["--graph", str(graph), "--gold", str(gold_dir), "--show-errors"]
    assert evaluate.main(args) == 0
    out = capsys.readouterr().out
    assert "use_when" in out and "FAIL" in out and "FN limits: 100 MB" in out
    assert evaluate.main([*args, "--strict"]) == 1
