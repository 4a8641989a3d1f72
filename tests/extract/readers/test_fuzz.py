"""Random text and bytes through decode, detect and every reader: no crash, no hang.

The only exception allowed is :class:`NoteError` (the one-line message for the user).
Hypothesis' ``deadline`` fails slow examples; an alarm stops a real hang.
"""

from __future__ import annotations

import contextlib
import signal
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import NoteError
from extract.readers import READERS, read_note_bytes, read_note_text
from extract.readers.decode import decode_note, repair_mojibake
from extract.readers.detect import FORMATS, detect_format

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)
HANG_SECONDS = 20

# Pieces that exercise the readers' rules far more often than uniform text would.
PIECES = [
    "# ", "## ", "- ", "  - ", "    ", "1. ", "— ", "* [x](#x)", "|", " | ", "| --- |", "|---|---|", "```", "~~~",
    "<!-- TOC -->", "<!--", "-->", "---", "===", "**", "*", "_", "`", "[[", "]]", "|alias", "#tag", "[t](u)",
    "![a.png](b)", "<br>", "<ul>", "&amp;", "\\", "\t", ",", ";", '"', "\n", "\n\n", "\r\n", "Topic 1) :", "Terms",
    "Full Form", "Definition", "front", "back", "#separator:tab", "S3", "IAM", "Lambda", "â€", "â†’", "ğŸŸ£", "‚Äì",
    "ï¸", " â", "é", "中文", "🟣", ".", " ", "e.g.", "A", "\x00", "\x0c",
]
notes_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=80).map("".join)


@contextlib.contextmanager
def no_hang(seconds: int = HANG_SECONDS):
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum, frame):
        raise TimeoutError(f"reader still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(result, text: str) -> None:
    lines = text.count("\n") + 1
    for block in result.blocks:
        assert 1 <= block.line <= lines
        assert block.text == block.text.strip() and block.text


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    with no_hang():
        try:
            result = read_note_bytes(data, "fuzz.txt")
        except NoteError as err:
            assert "\n" not in str(err) and str(err).startswith("fuzz.txt: ")
            return
    decoded = decode_note(data, "fuzz.txt")
    check(result, decoded.text)


@FUZZ
@given(notes_text)
def test_random_note_bytes_in_several_encodings(text):
    for codec in ("utf-8", "utf-8-sig", "utf-16"):
        with no_hang():
            try:
                read_note_bytes(text.encode(codec, errors="surrogatepass"), "fuzz.md")
            except NoteError:
                pass


@FUZZ
@given(st.one_of(st.text(max_size=500), notes_text), st.sampled_from(FORMATS))
def test_every_reader_on_random_text(text, fmt):
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # decode_note does this before any reader
    with no_hang():
        assert detect_format(text, "fuzz.txt") in FORMATS
        result = read_note_text(text, "fuzz.txt", format=fmt)
    assert result.format == fmt
    check(result, text)


@FUZZ
@given(st.lists(st.text(max_size=60), max_size=20))
def test_mojibake_repair_keeps_the_lines(lines):
    with no_hang():
        repaired, count = repair_mojibake(lines)
    assert len(repaired) == len(lines)
    assert count == sum(1 for a, b in zip(lines, repaired) if a != b)


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_pathological_inputs_stay_linear(fmt):
    # Shapes that would be quadratic in a careless reader: unclosed fences and rows,
    # one endless paragraph, thousands of nested bullets, a quote that never closes.
    texts = [
        "```\n" + "x\n" * 20_000,
        "| a | b |\n|---|---|\n| open row\n" + "line\n" * 20_000,
        "word " * 50_000,
        "".join(f"{'  ' * (i % 40)}- item {i}\n" for i in range(20_000)),
        'Term\tDefinition\nS3\t"open\n' + "T\tdef\n" * 20_000,
        "A. " * 30_000,
        # single long lines that trip backtracking regexes
        "é" + " " * 200_000 + "x\n",
        "[" * 100_000 + "\n",
        "* " + "[x" * 50_000 + "\n",
        "# a" + " " * 100_000 + "b\n",
        "Term\tDefinition\nS3\t" + "<br" * 50_000 + "\n",
        "**" + "*a" * 50_000 + "\n",
    ]
    with no_hang(60):
        for text in texts:
            read_note_text(text, "big.txt", format=fmt)
