"""Checks on the ask question sets themselves: each cites its note line verbatim, and none names its answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "tests" / "eval" / "queries"
SETS = ("ask.jsonl", "ask_heldout.jsonl")


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (QUERIES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", SETS)
def test_each_question_cites_its_note_line_verbatim(name):
    for row in rows(name):
        source = row["source"]
        lines = (ROOT / source["file"]).read_text(encoding="utf-8").split("\n")
        assert lines[source["line"] - 1].rstrip("\r") == source["text"], (name, source)


@pytest.mark.parametrize("name", SETS)
def test_no_question_names_its_answer(name):
    for row in rows(name):
        for answer in row["expected"]:
            pattern = rf"(?<![\w-]){re.escape(answer)}(?![\w-])"
            assert not re.search(pattern, row["question"], re.IGNORECASE), (answer, row["question"])


def test_the_held_out_set_asks_about_other_answers():
    """The held-out questions estimate unseen ones only if their answers are new to the ranker's dev set."""
    dev = {e.lower() for row in rows("ask.jsonl") for e in row["expected"]}
    for row in rows("ask_heldout.jsonl"):
        assert not dev & {e.lower() for e in row["expected"]}, row["expected"]
