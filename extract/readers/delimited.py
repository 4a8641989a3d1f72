"""TSV/CSV notes: glossaries (term, full form, definition, note) and Anki exports (front, back).

Glossary rules, each tested in ``tests/extract/readers/test_delimited.py``:

* A header row (``Terms  Full Form  Definition  NOTE``; synonyms in
  :func:`extract.readers.detect.header_roles`) maps columns to roles, and is
  recognised again when repeated mid-file. Without one, columns map by position.
* A row with only its first cell filled that names a topic (``Topic 2) : ELB AND ASG``,
  ``Questions``) is a ``heading`` starting a new section.
* A row whose first cell is empty continues the term above: it becomes its own block,
  with that term in its ``heading_path`` and ``parent``. When such a row names an entry
  (a short definition cell with a note: ``4) Immutable  Zero downtime``), the note-only
  rows below it continue that entry instead.
* A term row whose definition cell is a name with a note beside it, followed by such entry
  rows (``ASG Scaling policies  ·  Target Tracking Scaling  asg cpu to stay at 40 %`` then
  ``·  ·  Simple / step scaling  …``), is the first entry of a list under the term: the
  term gets a block of its own and the entry a continuation block on the same line. The
  entries of such a list carry the term as their ``column``, as table cells carry their header.
* HTML inside cells is reduced to text (``<br>``/``<li>`` become separators,
  entities are unescaped); a quoted cell over several lines keeps its first line.

>>> rows = read_glossary("Term\\tFull Form\\tDefinition\\nEBS\\tElastic Block Store\\tnetwork drive\\n", "g.tsv")
>>> rows.blocks[0].text
'EBS (Elastic Block Store): network drive'
"""

from __future__ import annotations

import csv
import html
import re

from extract.blocks import Block, ReadResult
from extract.errors import Warnings
from extract.readers.detect import header_roles, is_card_header, sniff_delimiter
from extract.readers.inline import heading_name

_ROLE_ORDER = ("term", "full_form", "definition", "note")
_POSITIONAL = {1: ("term",), 2: ("term", "definition"), 3: ("term", "definition", "note")}
_TOPIC = re.compile(r"^(?:topics?|chapter|section|module|part|lesson|unit|week|day)\s*\d*\s*[:.)\-]*\s*", re.I)
_QUESTIONS = re.compile(r"^(?:questions?|quiz|q\s*&\s*a|exercises?)\s*:?$", re.IGNORECASE)
_ENUMERATION = re.compile(r"^(?:q\s*)?\d{1,3}\s*[.):]?$", re.IGNORECASE)
_BREAK_TAGS = re.compile(r"<\s*(?:br|/?li|/?p|/?div|/?tr|/?ul|/?ol|/?h\d)\b[^<>]{0,500}>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,500}>")
_BULLET = re.compile(r"[•●▪]")
_ESCAPED = re.compile(r"\\([$*_#|\\])")
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")
# Words that make a definition cell read as a phrase about the term, not as the name of an entry under it.
_NOT_IN_NAMES = frozenset("a an the of our your its is are was where which who that to for with".split())
_MAX_ROW_LINES = 30  # a quoted cell longer than this is a stray quote, not a cell
_SAMPLE_LINES = 200


def read_glossary(text: str, file: str) -> ReadResult:
    """Blocks of a TSV/CSV glossary: one ``glossary`` block per row, ``heading`` per topic."""
    lines = text.split("\n")
    delimiter = sniff_delimiter([line for line in lines[:_SAMPLE_LINES] if line.strip()]) or "\t"
    rows, warnings = _read_rows(lines, delimiter, file)
    blocks: list[Block] = []
    roles: tuple[str, ...] = ()
    topic, section, term = "", "", ""  # section: a "Questions" part inside a topic
    item = ""  # a named entry under the term ("4) Immutable" under Elastic Beanstalk) that notes below continue
    listing = ""  # the term whose rows list entries (see _opens_list); their blocks carry it as their column
    loose_lines: list[int] = []
    for index, (line_no, cells) in enumerate(rows):
        cells = [clean_cell(cell) for cell in cells]
        filled = [i for i, cell in enumerate(cells) if cell]
        if not filled:
            continue
        header = header_roles(cells)
        if header:
            roles = tuple(header.get(i, _column_key(cells[i])) for i in range(len(cells)))
            section = term = ""
            continue
        if filled == [0]:
            if _QUESTIONS.match(cells[0]):
                section, term = heading_name(cells[0]), ""
                blocks.append(Block(file=file, line=line_no, text=section, heading_path=_path(topic), kind="heading"))
                continue
            name = _topic_name(cells[0])
            if name:
                blocks.append(Block(file=file, line=line_no, text=name, kind="heading"))
                topic, section, term = name, "", ""
                continue
            if len(cells) == 1:  # a line without any delimiter: not a row
                loose_lines.append(line_no)
                path = _path(topic, section, term)
                blocks.append(Block(file=file, line=line_no, text=cells[0], heading_path=path, kind="paragraph"))
                continue
        fields = _fields(cells, roles or _POSITIONAL.get(len(cells), _ROLE_ORDER))
        parent, path, column = "", _path(topic, section), ""
        if _ENUMERATION.match(fields.get("term", "")):  # "1)", "2" numbering questions: not a term
            del fields["term"]
            term = item = listing = ""
        elif fields.get("term"):
            term, item, listing = fields["term"], "", ""
            if _opens_list(fields, _following_fields(rows, index, roles)):
                blocks.append(Block(file=file, line=line_no, text=term, heading_path=path, kind="glossary",
                                    fields=(("term", term),)))
                del fields["term"]
                item, listing = _item_name(fields), term
                parent, path, column = term, _path(topic, section, term), listing
        elif set(fields) == {"note"} and item:  # the item's note goes on over more rows
            parent, path = item, _path(topic, section, term, item)
        else:
            item = _item_name(fields)
            parent, path, column = term, _path(topic, section, term), listing if item else ""
        blocks.append(
            Block(
                file=file,
                line=line_no,
                text=render_row(fields),
                heading_path=path,
                kind="glossary",
                fields=tuple(fields.items()),
                column=column,
                parent=parent,
            )
        )
    if loose_lines:
        warnings.append(
            Warnings.W005.format(file=file, count=len(loose_lines), line=loose_lines[0], format="glossary")
        )
    return ReadResult(file=file, format="glossary", blocks=blocks, warnings=warnings)


def read_anki(text: str, file: str) -> ReadResult:
    """Blocks of an Anki export: one ``card`` per note, fields ``front`` and ``back`` (and ``tags``)."""
    lines = text.split("\n")
    delimiter, deck, columns, start = _anki_headers(lines)
    body = lines[start:]
    delimiter = delimiter or sniff_delimiter([line for line in body[:_SAMPLE_LINES] if line.strip()]) or ","
    rows, warnings = _read_rows(body, delimiter, file, first_line=start + 1)
    blocks: list[Block] = []
    path = (deck,) if deck else ()
    for line_no, cells in rows:
        cells = [clean_cell(cell) for cell in cells]
        if not any(cells):
            continue
        if not columns and is_card_header(cells):
            columns = [re.sub(r"\W+", "_", cell.lower()).strip("_") for cell in cells]
            continue
        names = columns or ["front", "back", "tags"]
        fields = {
            (names[i] if i < len(names) else f"field_{i + 1}"): cell for i, cell in enumerate(cells) if cell
        }
        front = fields.pop("front", "") or fields.pop("question", "") or fields.pop("text", "")
        back = fields.pop("back", "") or fields.pop("answer", "") or fields.pop("extra", "")
        card = {"front": front, "back": back, **fields}
        text = " — ".join(part for part in (front, back) if part)
        if not text.strip():
            continue  # a row with only tags or empty sides says nothing to extract
        blocks.append(
            Block(
                file=file,
                line=line_no,
                text=text,
                heading_path=path,
                kind="card",
                fields=tuple((k, v) for k, v in card.items() if v),
            )
        )
    return ReadResult(file=file, format="anki", blocks=blocks, warnings=warnings)


def clean_cell(cell: str) -> str:
    """A cell as plain text: HTML tags out (line-like tags become ``; ``), entities unescaped.

    >>> clean_cell('<ul style="x"> • SQS • Lambda</ul> a&amp;b<br>next')
    'SQS; Lambda; a&b; next'
    """
    if "<" in cell:
        cell = _BREAK_TAGS.sub("\n", cell)
        cell = _TAG.sub(" ", cell)
    if "&" in cell:
        cell = html.unescape(cell)
    if "\\" in cell:
        cell = _ESCAPED.sub(r"\1", cell)
    parts = [" ".join(part.split()) for line in cell.split("\n") for part in _BULLET.split(line)]
    return "; ".join(part for part in parts if part)


def render_row(fields: dict[str, str]) -> str:
    """A row as one readable line: ``Term (Full Form): Definition — Note``.

    >>> render_row({"full_form": "ALB", "definition": "Application LB", "note": "layer 7"})
    'ALB: Application LB — layer 7'
    """
    term, full_form = fields.get("term", ""), fields.get("full_form", "")
    definition, note = fields.get("definition", ""), fields.get("note", "")
    if term:
        head = f"{term} ({full_form})" if full_form else term
    else:
        head = full_form  # continuation rows often name a sub-item here ("ALB")
    text = f"{head}: {definition}" if head and definition else head or definition
    extras = [note] + [value for key, value in fields.items() if key not in _ROLE_ORDER]
    for extra in extras:
        if extra:
            text = f"{text} — {extra}" if text else extra
    return text


def _fields(cells: list[str], roles: tuple[str, ...]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for index, cell in enumerate(cells):
        if not cell:
            continue
        key = roles[index] if index < len(roles) and roles[index] else f"column_{index + 1}"
        fields[key] = f"{fields[key]}; {cell}" if key in fields else cell
    return fields


def _column_key(header: str) -> str:
    return re.sub(r"\W+", "_", header.lower()).strip("_")


def _item_name(fields: dict[str, str]) -> str:
    """The name of an entry listed under a term: a short definition cell with a note beside it
    ("4) Immutable" — "Zero downtime"), whose following note-only rows describe it; else "". A bracket
    after the name does not count as words of it ("DynamoDB – GSI (Global Secondary Index)")."""
    name = fields.get("definition", "")
    if "note" not in fields or not name or name.rstrip().endswith((".", "?", "!")):
        return ""
    return name if len(_TRAILING_BRACKET.sub("", name).split()) <= 5 else ""


def _following_fields(rows: list[tuple[int, list[str]]], index: int, roles: tuple[str, ...]) -> dict[str, str]:
    if index + 1 >= len(rows):
        return {}
    cells = [clean_cell(cell) for cell in rows[index + 1][1]]
    return _fields(cells, roles or _POSITIONAL.get(len(cells), _ROLE_ORDER))


def _opens_list(fields: dict[str, str], following: dict[str, str]) -> bool:
    """True when a term row's definition cell names the first entry of a list under the term: a name of a
    few words ("EC2 On Demand", not "Visual analysis of our applications") with a note, and the next row
    continues the term with another entry ("Reserved Instances")."""
    name = fields.get("definition", "")
    if "full_form" in fields or "term" in following or not _item_name(fields) or not _item_name(following):
        return False
    words = _TRAILING_BRACKET.sub("", name).split()
    return len(words) <= 4 and not any(word.lower() in _NOT_IN_NAMES for word in words)


def _path(*names: str) -> tuple[str, ...]:
    return tuple(name for name in names if name)


def _topic_name(cell: str) -> str:
    """The name of a topic row ("Topic 1) :-IAM and EC2" → "IAM and EC2"), or ""."""
    if not _TOPIC.match(cell):
        return ""
    return heading_name(_TOPIC.sub("", cell, count=1).lstrip(":-) ")) or heading_name(cell)


def _read_rows(
    lines: list[str], delimiter: str, file: str, first_line: int = 1
) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """(line number, cells) per row; quoted cells may span lines, stray quotes may not."""
    try:
        rows = _parse(lines, delimiter, csv.QUOTE_MINIMAL, first_line)
        if all(span <= _MAX_ROW_LINES for _, _, span in rows):
            return [(n, cells) for n, cells, _ in rows], []
    except csv.Error:
        pass
    # A quote that never closes would swallow the file: read the lines as they are.
    rows = [(first_line + i, line.split(delimiter), 1) for i, line in enumerate(lines)]
    return [(n, cells) for n, cells, _ in rows], [Warnings.W006.format(file=file)]


def _parse(lines: list[str], delimiter: str, quoting: int, first_line: int) -> list[tuple[int, list[str], int]]:
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter, quoting=quoting, strict=False)
    rows = []
    consumed = 0
    for cells in reader:
        start = first_line + consumed
        rows.append((start, cells, reader.line_num - consumed))
        consumed = reader.line_num
    return rows


def _anki_headers(lines: list[str]) -> tuple[str | None, str, list[str], int]:
    """Anki's ``#key:value`` file headers: (delimiter, deck, column names, first body line index)."""
    delimiter, deck, columns = None, "", []
    names = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
    index = 0
    for index, line in enumerate(lines):
        if not line.startswith("#") or ":" not in line:
            break
        key, _, value = line[1:].partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "separator":
            delimiter = names.get(value.lower(), value[:1] or None)
        elif key == "deck":
            deck = value
        elif key == "columns":
            columns = [_column_key(c) for c in re.split(r"[\t,;|]", value)]
    else:
        index = len(lines)
    return delimiter, deck, columns, index
