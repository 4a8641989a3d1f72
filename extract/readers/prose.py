"""Plain prose → one ``sentence`` block per sentence, located on the line where it starts.

Paragraphs are separated by blank lines; a sentence may run over several lines of a
paragraph (its text is joined with spaces). A short standalone line followed by a
paragraph is a heading. Sentences are split by a rule (end punctuation, then a
capital, digit or quote), which is fast and good enough for notes.

>>> [(b.line, b.text) for b in read_prose("S3 stores objects. It is\\nregional.\\n", "n.txt").blocks]
[(1, 'S3 stores objects.'), (1, 'It is regional.')]
"""

from __future__ import annotations

import re
from bisect import bisect_right

from extract.blocks import Block, ReadResult
from extract.readers.inline import heading_name

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|Mr|Mrs|Ms|Dr|Prof|St|No|Fig|Inc|Ltd|Co|Jr|Sr)\.|\b[A-Z]\.)$"
)
_HEADING_MAX_WORDS = 10


def read_prose(text: str, file: str) -> ReadResult:
    """Sentence blocks of a plain-text note."""
    blocks: list[Block] = []
    heading: tuple[str, ...] = ()
    for paragraph in _paragraphs(text.split("\n")):
        first_line, lines = paragraph[0][0], [line for _, line in paragraph]
        if len(lines) == 1 and _is_heading(lines[0]):
            name = heading_name(lines[0])
            if name:
                blocks.append(Block(file=file, line=first_line, text=name, kind="heading"))
                heading = (name,)
                continue
        for line_no, sentence in _sentences(paragraph):
            blocks.append(Block(file=file, line=line_no, text=sentence, heading_path=heading, kind="sentence"))
    return ReadResult(file=file, format="prose", blocks=blocks)


def _paragraphs(lines: list[str]) -> list[list[tuple[int, str]]]:
    paragraphs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line.strip()))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _HEADING_MAX_WORDS and not line.rstrip().endswith((".", ",", ";", "!", "?"))


def _sentences(paragraph: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line number where it starts, sentence) for each sentence of a paragraph."""
    offsets, numbers, position = [], [], 0
    for number, line in paragraph:
        offsets.append(position)
        numbers.append(number)
        position += len(line) + 1
    text = " ".join(line for _, line in paragraph)
    out: list[tuple[int, str]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        # Only the last few characters can hold an abbreviation ("e.g.", "U.S."): a
        # bounded look keeps long runs of them linear.
        if _ABBREVIATIONS.search(text[max(begin, match.start() - 12) : match.start()]):
            continue
        out.append((begin, text[begin : match.start()]))
        begin = match.end()
    out.append((begin, text[begin:]))
    return [
        (numbers[bisect_right(offsets, offset) - 1], sentence.strip()) for offset, sentence in out if sentence.strip()
    ]
