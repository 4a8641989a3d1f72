"""The gold set itself (coverage, schema, line numbers) and the scorer, tested on hand-built graphs."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from extract.readers import read_note_file
from tests.eval.evaluate import Score, load_gold, score

NOTES = Path(__file__).resolve().parents[2] / "data" / "notes"


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def test_gold_covers_every_sample_file(gold):
    assert len(gold) >= 150
    per_file = {}
    for row in gold:
        per_file[row["file"]] = per_file.get(row["file"], 0) + 1
    assert set(per_file) == {p.name for p in NOTES.iterdir()}
    assert min(per_file.values()) >= 20


def test_gold_schema_and_no_duplicates(gold):
    seen = set()
    for row in gold:
        assert {"file", "line", "text", "services", "concepts", "limits", "use_when"} <= set(row)
        assert all(isinstance(s, str) for s in row["services"])
        assert all({"value", "unit"} <= set(limit) for limit in row["limits"])
        assert all({"use", "condition"} <= set(u) for u in row["use_when"])
        assert (row["file"], row["line"]) not in seen
        seen.add((row["file"], row["line"]))


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).lower().strip()


def test_gold_text_is_on_that_line(gold):
    blocks = {}
    for path in NOTES.iterdir():
        for block in read_note_file(path).blocks:
            blocks.setdefault((path.name, block.line), []).append(block.text)
    for row in gold:
        texts = blocks.get((row["file"], row["line"]), [])
        best = max((difflib.SequenceMatcher(None, _plain(row["text"]), _plain(t)).ratio() for t in texts), default=0)
        assert best >= 0.8, f"{row['file']}:{row['line']} does not read {row['text'][:60]!r}"


def _graph():
    ev = lambda line, text="": [{"file": "data/notes/a.txt", "line": line, "text": text}]
    return {
        "nodes": [
            {"id": "service:amazon-s3", "kind": "service", "name": "Amazon S3", "aliases": ["S3", "Simple Storage Service"], "evidence": ev(1) + ev(2)},
            {"id": "service:aws-batch", "kind": "service", "name": "AWS Batch", "aliases": [], "evidence": ev(2)},
            {"id": "concept:multipart-upload", "kind": "concept", "name": "Multipart Upload", "aliases": [], "evidence": ev(3)},
            {"id": "limit:a", "kind": "limit", "name": "max: 5 TB", "value": 5.0, "unit": "TB", "evidence": ev(3)},
            {"id": "limit:b", "kind": "limit", "name": "443", "value": 443.0, "unit": "count", "evidence": ev(4)},
        ],
        "edges": [
            {"source": "concept:multipart-upload", "target": "service:amazon-s3", "type": "USE_WHEN",
             "condition": "large uploads", "evidence": ev(3)},
            {"source": "service:amazon-s3", "target": "service:amazon-s3", "type": "USE_WHEN",
             "condition": "anything", "evidence": ev(4)},
        ],
    }


def test_scorer_counts_tp_fp_fn_by_hand():
    rows = [
        {"file": "a.txt", "line": 1, "text": "", "services": ["S3"], "concepts": [], "limits": [], "use_when": []},
        {"file": "a.txt", "line": 2, "text": "", "services": ["Simple Storage Service", "Amazon EC2"], "concepts": [],
         "limits": [], "use_when": []},
        {"file": "a.txt", "line": 3, "text": "", "services": [], "concepts": ["Multipart Uploads"],
         "limits": [{"value": 5, "unit": "TB"}, {"value": 100, "unit": "MB"}],
         "use_when": [{"use": "Multipart Upload", "condition": "large uploads"}]},
        {"file": "a.txt", "line": 4, "text": "", "services": [], "concepts": [], "limits": [], "use_when": []},
    ]
    scores = score(rows, _graph(), lookup=None)
    s = scores["services"]  # TP: S3 (line 1), S3 (line 2); FP: Batch; FN: EC2
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    lim = scores["limits"]  # TP 5 TB; FN 100 MB; FP the port on line 4
    assert (lim.tp, lim.fp, lim.fn) == (1, 1, 1)
    uw = scores["use_when"]  # TP line 3; FP line 4
    assert (uw.tp, uw.fp, uw.fn) == (1, 1, 0)
    assert scores["concepts"].tp == 1


def test_empty_score_is_perfect_not_a_division_error():
    assert Score().precision == 1.0 and Score().recall == 1.0
