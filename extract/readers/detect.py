"""Which reader a note needs, judged from its content (the samples are all ``.txt``).

>>> detect_format("# S3\\n- buckets\\n", "a.txt")
'markdown'
>>> detect_format("Term\\tDefinition\\nS3\\tobject storage\\n", "a.txt")
'glossary'
>>> detect_format("front,back\\nWhat is S3?,Object storage\\n", "cards.csv")
'anki'
>>> detect_format("S3 stores objects. It is regional.\\nBuckets hold them.\\n", "a.txt")
'prose'
"""

from __future__ import annotations

import csv
import re
from pathlib import PurePath

FORMATS = ("markdown", "glossary", "anki", "prose")

_SAMPLE_LINES = 400
_SAMPLE_CHARS = 2000
_MARKDOWN_LINE = re.compile(
    r"""^\s{0,3}\#{1,6}\s          # ATX heading
    | ^\s*(?:[-*+•]|\d{1,3}[.)])\s  # bullet or numbered item
    | ^\s{0,3}(?:```|~~~)          # code fence
    | ^\s{0,3}\|                   # table row
    | ^\s{0,3}>                    # block quote
    | ^\s{0,3}<!--                 # HTML comment
    """,
    re.VERBOSE,
)
_MARKDOWN_INLINE = re.compile(r"\*\*[^*]+\*\*|\[\[[^\]]+\]\]|\[[^\]]+\]\([^)]*\)|`[^`]+`")
_ANKI_HEADER = re.compile(r"^#(separator|html|notetype|deck|tags|columns|guid)\b", re.IGNORECASE)
_CARD_HEADERS = {"front", "back", "question", "answer", "q", "a", "text", "extra"}
_DELIMITERS = "\t,;|"


def detect_format(text: str, filename: str = "") -> str:
    """One of :data:`FORMATS`; the content decides, the extension only breaks ties."""
    suffix = PurePath(filename).suffix.lower()
    # The first lines, each cut short: a sample, and a bound on the regexes' work.
    lines = [line[:_SAMPLE_CHARS] for line in text.split("\n", _SAMPLE_LINES)[:_SAMPLE_LINES] if line.strip()]
    if not lines:
        return "markdown" if suffix in (".md", ".markdown") else "prose"
    if any(_ANKI_HEADER.match(line) for line in lines[:10]):
        return "anki"
    if suffix not in (".md", ".markdown"):
        delimited = _delimited_format(lines, suffix)
        if delimited:
            return delimited
    if suffix in (".md", ".markdown") or _looks_like_markdown(lines):
        return "markdown"
    return "prose"


def sniff_delimiter(lines: list[str]) -> str | None:
    """The cell delimiter most lines agree on, or ``None`` if the lines are not a table."""
    best, best_share = None, 0.0
    for delimiter in _DELIMITERS:
        for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONE):  # quoted cells may span lines
            counts = [len(row) for row in _parse(lines, delimiter, quoting)]
            multi = [n for n in counts if n >= 2]
            if not multi:
                continue
            # Most rows split, and mostly into the same number of cells (prose with
            # commas splits too, but into varying numbers).
            common = max(set(multi), key=multi.count)
            share = len(multi) / len(counts)
            steady = sum(1 for n in multi if n == common) / len(multi)
            needed = 0.5 if delimiter == "\t" else 0.8  # a tab is never prose punctuation
            if share >= needed and (delimiter == "\t" or steady >= 0.8) and share > best_share:
                best, best_share = delimiter, share
    return best


def header_roles(cells: list[str]) -> dict[int, str]:
    """Column index → role (term, full_form, definition, note) for a glossary header row."""
    roles: dict[int, str] = {}
    for index, cell in enumerate(cells):
        role = _HEADER_ROLES.get(_header_key(cell))
        if role and role not in roles.values():
            roles[index] = role
    if len(roles) >= 2 and {"term", "definition"} & set(roles.values()):
        return roles
    return {}


def is_card_header(cells: list[str]) -> bool:
    keys = [_header_key(cell) for cell in cells if cell.strip()]
    return len(keys) >= 2 and keys[0] in _CARD_HEADERS and keys[1] in _CARD_HEADERS


_HEADER_ROLES = {
    **dict.fromkeys(["term", "terms", "name", "concept", "service", "keyword", "word", "subject"], "term"),
    **dict.fromkeys(
        ["full form", "fullform", "abbreviation", "acronym", "expansion", "stands for", "long form"], "full_form"
    ),
    **dict.fromkeys(
        ["definition", "definitions", "description", "meaning", "explanation", "details", "summary"], "definition"
    ),
    **dict.fromkeys(
        ["note", "notes", "remark", "remarks", "comment", "comments", "use case", "use cases", "example", "examples"],
        "note",
    ),
}


def _header_key(cell: str) -> str:
    return re.sub(r"[^a-z ]+", "", cell.lower()).strip()


def _delimited_format(lines: list[str], suffix: str) -> str | None:
    delimiter = sniff_delimiter(lines)
    if delimiter is None:
        return None
    rows = [[cell.strip() for cell in row] for row in _parse(lines, delimiter)]
    if any(header_roles(row) for row in rows[:5]):
        return "glossary"
    if is_card_header(rows[0]):
        return "anki"
    if delimiter != "\t" and suffix not in (".csv", ".tsv") and _looks_like_markdown(lines):
        return None  # markdown whose lines happen to hold commas
    widths = [sum(1 for cell in row if cell) for row in rows]
    if max(widths) <= 2:
        return "anki"
    return "glossary"


def _parse(lines: list[str], delimiter: str, quoting: int = csv.QUOTE_NONE) -> list[list[str]]:
    try:
        return list(csv.reader(lines, delimiter=delimiter, quoting=quoting, strict=False))
    except csv.Error:  # a field over the csv module's size limit
        return [line.split(delimiter) for line in lines]


def _looks_like_markdown(lines: list[str]) -> bool:
    structural = sum(1 for line in lines if _MARKDOWN_LINE.match(line))
    inline = sum(1 for line in lines if _MARKDOWN_INLINE.search(line))
    return structural >= max(2, 0.15 * len(lines)) or inline >= max(2, 0.3 * len(lines))
