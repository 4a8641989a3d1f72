"""Markdown (and Obsidian) notes → one block per logical line.

The pass is line-based so that every block keeps its line in the file, and so that
the loose tables of exported notes (a row running over many lines, its cells holding
lists) can be read; markdown-it-py renders the inline markup of each line.

Rules, each with a test in ``tests/extract/readers/test_markdown.py``:

* ATX (``## S3``) and setext headings set the heading path; emoji and a final colon
  are left out of the names.
* Pseudo-headings: a short line that is not a list item (``CloudFront``, ``ECR:``,
  ``🟣 AWS Lambda``, ``**Key Features:**``) followed by list items is a heading one
  level below the current markdown heading.
* Title lines inside table cells: a short capitalised (or emoji-led) line over plain
  description lines (``Byte-Range Fetches``, ``⭐ MFA Delete``) is a heading too; a generic
  one (``Pre-requisites``) nests under the title above it.
* List items (``-``, ``*``, ``+``, ``1.``, and the ``•``/``—`` of pasted notes) give
  ``bullet`` blocks with their nesting ``depth`` and ``parent``.
* Tables: every cell line is a ``table_cell`` block named by its column; the row's
  first cell (its subject) is added to the heading path of the other cells. Rows may
  run over many lines; ``<br>`` splits a cell into lines; missing cells warn (W003).
* Left out: code (fenced or indented), HTML comments, ``<!-- TOC -->`` blocks, YAML
  front matter, thematic breaks, bullets that only link to an anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.blocks import Block, ReadResult
from extract.components.text import is_generic
from extract.errors import Warnings
from extract.readers.inline import InlineText, heading_name, render_inline

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")  # the closing #'s are trimmed by _atx_text
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})")
# A line that is bold and nothing else ("**AWS Backup Vault Lock**", "**Delay Queues**  "): a heading in notes.
_BOLD_LINE = re.compile(r"^ {0,3}\*\*([^*]+)\*\*:?[ \t]*$")
BOLD_HEADING_LEVEL = 7  # below every markdown heading (1–6): any heading or bold name ends it
_LIST_ITEM = re.compile(r"^([ \t]*)([-*+]|[•●▪◦—–]|\d{1,3}[.)])(?:[ \t]+|$)(.*)$")
_TASK_BOX = re.compile(r"^\[[ xX]\][ \t]+")
# "[X](#x)" or "[![img](a.png)](#)": each alternative starts differently, so matching stays linear.
_ANCHOR_ONLY = re.compile(r"^(?:!?\[(?:[^\[\]]|!?\[[^\[\]]*\](?:\([^()]*\))?)*\]\(#[^()]*\)\s*)+$")
_TOC_MARK = re.compile(r"^\s*<!--\s*/?\s*TOC\s*-->\s*$", re.IGNORECASE)
_DELIMITER_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CELL_SPLIT = re.compile(r"(`+)|(\\.)|(\|)")
_PSEUDO_MAX_CHARS = 60
_PSEUDO_MAX_WORDS = 9
_SENTENCE_END = (".", ",", ";", "!", "?")
# Title lines inside table cells (see _is_title).
_TITLE_MAX_CHARS = 50
_TITLE_MAX_WORDS = 6
_TITLE_SMALL_WORDS = frozenset("a an and as at by for from in into of on or per the to vs via with & + / - – —".split())
_OPENS_SENTENCE = frozenset(
    "a after all also an any are be before both but can cannot could do does each either every has have if is it "
    "its just may might must need needed needs no not only should some that the then these this those use using "
    "was were when will would".split()
)
_USE_CASE = re.compile(r"^use cases?\b", re.I)
_TITLE_BREAKS = re.compile(r"[:=→]\s|->|\s-\s")
_EMOJI_LEAD = re.compile(r"^[^\w\s(\[\"'“*_`~<>#|—–•-]")


def read_markdown(text: str, file: str) -> ReadResult:
    """Blocks of a markdown note, with warnings about its tables."""
    reader = _MarkdownReader(file, text.split("\n"))
    reader.run()
    return ReadResult(file=file, format="markdown", blocks=reader.blocks, warnings=reader.warnings)


@dataclass
class _ListEntry:
    indent: int
    marker: str  # "dash", "num" or "loose"
    text: str


@dataclass
class _Flow:
    """Paragraph lines, list items and pseudo-headings under one heading path (a section or a cell)."""

    reader: _MarkdownReader
    base: tuple[str, ...]
    kind: str = ""  # "" = natural kinds; "table_cell" inside tables
    column: str = ""
    pseudo: tuple[str, ...] = ()  # the pseudo-heading over the current line, and a generic one under it
    stack: list[_ListEntry] = field(default_factory=list)
    in_code: bool = False
    document: list[str] | None = None  # lookahead for pseudo-headings reads the whole file

    @property
    def path(self) -> tuple[str, ...]:
        return self.base + self.pseudo

    def feed(self, items: list[tuple[int, str]]) -> None:
        """Read a run of ``(line number, raw line)``; lookahead stays inside the run."""
        items = [(n, part) for n, raw in items for part in (_BR.split(raw) if "<" in raw else (raw,))]
        for pos, (line_no, raw) in enumerate(items):
            self.line(line_no, raw, items, pos)

    def line(self, line_no: int, raw: str, items: list[tuple[int, str]], pos: int) -> None:
        if not raw.strip():
            return
        indent = _indent(raw)
        previous_blank = pos == 0 or not items[pos - 1][1].strip()
        # Indented code: 4+ spaces after a blank line, outside lists.
        if indent >= 4 and not self.stack and (previous_blank or self.in_code):
            self.in_code = True
            return
        self.in_code = False
        item = _LIST_ITEM.match(raw)
        if item and not _THEMATIC.match(raw):
            self.list_item(line_no, indent, item.group(2), item.group(3))
            return
        content = raw.strip()
        if indent == 0 or not self.stack:
            self.stack.clear()
            following = self.document[line_no : line_no + 2] if self.document else [r for _, r in items[pos + 1 : pos + 3]]
            if _is_pseudo_heading(content, following) or self.is_cell_title(content, items, pos, following):
                name = heading_name(render_inline(content).text)
                if name:
                    # "Pre-requisites" under "⭐ MFA Delete" is part of MFA Delete's section, not a new one.
                    self.pseudo = self.pseudo[:1] if is_generic(name) else ()
                    self.reader.add(line_no, name, self.path, "heading", column=self.column)
                    self.pseudo += (name,)
                    return
            self.emit(line_no, content, self.kind or "paragraph")
            return
        # An indented line inside a list continues the item above it.
        top = self.stack[-1]
        self.emit(line_no, content, self.kind or "paragraph", depth=len(self.stack), parent=top.text)

    def is_cell_title(self, content: str, items: list[tuple[int, str]], pos: int, following: list[str]) -> bool:
        """A title line inside a table cell; a cell's first line goes with the row's subject instead."""
        if self.kind != "table_cell" or pos == 0:
            return False
        return _is_cell_title(content, [raw for _, raw in items[max(pos - 2, 0) : pos]], following)

    def list_item(self, line_no: int, indent: int, marker: str, content: str) -> None:
        content = _TASK_BOX.sub("", content.strip())
        if _ANCHOR_ONLY.match(content):
            return  # a table-of-contents entry
        cls = "num" if marker[0].isdigit() else "dash" if marker in "-*+" else "loose"
        while self.stack and self.stack[-1].indent > indent:
            self.stack.pop()
        siblings = [i for i, e in enumerate(self.stack) if e.indent == indent and e.marker == cls]
        if siblings:
            del self.stack[siblings[-1] :]
        elif self.stack and self.stack[-1].indent == indent:
            top = self.stack[-1]
            # Pasted notes nest by switching markers ("1. Compute:" then "— batch"); plain
            # markdown would start a new list, so only nest after a colon or for loose markers.
            # A short item followed by a list of another marker ("- Reserved" then "1. …") heads it too.
            if not (top.text.endswith(":") or cls == "loose" or (top.marker != cls and len(top.text.split()) <= 4)):
                self.stack.pop()
        rendered = render_inline(content)
        if not rendered.lines:
            return
        depth = len(self.stack)
        parent = self.stack[-1].text if self.stack else ""
        self.stack.append(_ListEntry(indent, cls, rendered.text))
        self.reader.add_rendered(
            line_no, rendered, self.path, self.kind or "bullet", column=self.column, depth=depth, parent=parent
        )

    def emit(self, line_no: int, content: str, kind: str, depth: int = 0, parent: str = "") -> None:
        rendered = render_inline(content)
        self.reader.add_rendered(line_no, rendered, self.path, kind, column=self.column, depth=depth, parent=parent)


class _MarkdownReader:
    def __init__(self, file: str, lines: list[str]) -> None:
        self.file = file
        self.lines = lines
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.headings: list[tuple[int, str]] = []  # (level, name)
        self.flow = _Flow(self, (), document=lines)

    # -- output -------------------------------------------------------------------
    def add(self, line_no: int, text: str, path: tuple[str, ...], kind: str, **extra) -> None:
        self.blocks.append(Block(file=self.file, line=line_no, text=text, heading_path=path, kind=kind, **extra))

    def add_rendered(self, line_no: int, rendered: InlineText, path: tuple[str, ...], kind: str, **extra) -> None:
        for text in rendered.lines:
            self.add(line_no, text, path, kind, emphasis=rendered.emphasis, **extra)

    # -- document structure ---------------------------------------------------------
    def run(self) -> None:
        lines = self.lines
        i = _front_matter_end(lines)
        run: list[tuple[int, str]] = []  # plain lines waiting for the flow

        def flush() -> None:
            if run:
                self.flow.feed(run)
                run.clear()

        while i < len(lines):
            line = lines[i]
            stripped = line.strip()
            if _TOC_MARK.match(line):
                flush()
                i = _skip_toc(lines, i)
                continue
            if stripped.startswith("<!--"):
                flush()
                i = _skip_comment(lines, i)
                continue
            fence = _FENCE.match(line)
            if fence:
                flush()
                i = _skip_fence(lines, i, fence)
                continue
            heading = _ATX.match(line)
            if heading:
                flush()
                self.heading(i + 1, len(heading.group(1)), _atx_text(line[heading.end() :]))
                i += 1
                continue
            if _THEMATIC.match(line):
                flush()
                self.flow.stack.clear()
                i += 1
                continue
            bold = _BOLD_LINE.match(line)
            if bold and (not run or not run[-1][1].strip()):
                flush()
                self.bold_heading(i + 1, bold.group(1), label=stripped.rstrip("*").endswith(":"))
                i += 1
                continue
            if (
                i + 1 < len(lines)
                and stripped
                and _SETEXT.match(lines[i + 1])
                and _indent(line) < 4
                and not _LIST_ITEM.match(line)
                and not stripped.startswith("|")
                and (not run or not run[-1][1].strip())
            ):
                flush()
                self.heading(i + 1, 1 if lines[i + 1].strip()[0] == "=" else 2, stripped)
                i += 2
                continue
            table_head = _table_head(line)
            if table_head is not None and i + 1 < len(lines) and _DELIMITER_ROW.match(lines[i + 1].strip()):
                flush()
                i = self.table(i, table_head)
                continue
            run.append((i + 1, line))
            i += 1
        flush()

    def bold_heading(self, line_no: int, raw: str, *, label: bool) -> None:
        """A bold line after a blank one heads what follows, below the markdown heading above it, until the
        next heading or bold line: its lines are about it, not about that heading. A label ("**Key
        Configurations:**") sits below the bold name before it ("**Firehose**"), not beside it."""
        self.heading(line_no, BOLD_HEADING_LEVEL + label, raw)

    def heading(self, line_no: int, level: int, raw: str) -> None:
        name = heading_name(render_inline(raw).text)
        if not name:
            return
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        path = tuple(n for _, n in self.headings)
        self.add(line_no, name, path, "heading", emphasis=render_inline(raw).emphasis)
        self.headings.append((level, name))
        self.flow = _Flow(self, path + (name,), document=self.lines)

    def table(self, start: int, head: str) -> int:
        """Read a table whose header is on line ``start``; return the index after it."""
        lines = self.lines
        header = [heading_name(render_inline(_unpipe(cell)).text) for cell in _split_cells(head)]
        i = start + 2
        subject = ""
        warned = False
        while i < len(lines):
            first = lines[i].strip()
            if not first.startswith("|"):
                break
            row: list[tuple[int, str]] = []
            pipes = 0
            while i < len(lines):  # a row runs until a line ending in "|"
                line = lines[i]
                row.append((i + 1, line))
                pipes += len(_split_pipes(line)) - 1
                i += 1
                if _row_ends(line, pipes - 1, len(header), lines[i] if i < len(lines) else ""):
                    break
            cells = _row_cells(row)
            if len(cells) < len(header) and not warned:
                self.warnings.append(Warnings.W003.format(file=self.file, line=start + 1))
                warned = True
            subject = self.row(cells, header, subject)
        return i

    def row(self, cells: list[list[tuple[int, str]]], header: list[str], previous_subject: str) -> str:
        """Emit one table row; return its subject (an empty first cell repeats the one above)."""
        base = self.flow.path
        subject_lines = cells[0] if cells else []
        subject = heading_name(render_inline(" ".join(text for _, text in subject_lines)).text)
        first_column = header[0] if header else ""
        for line_no, text in subject_lines:
            for part in _BR.split(text):
                if part.strip():
                    self.add_rendered(line_no, render_inline(part.strip()), base, "table_cell", column=first_column)
        subject = subject or previous_subject
        for index, cell in enumerate(cells[1:], start=1):
            column = header[index] if index < len(header) else ""
            flow = _Flow(self, base + (subject,) if subject else base, kind="table_cell", column=column)
            flow.feed(cell)
        return subject


def _atx_text(rest: str) -> str:
    """Heading text without its optional closing sequence of #'s ("## S3 ##" → "S3")."""
    text = rest.strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.strip()
    return text


def _row_ends(line: str, closed_cells: int, columns: int, next_line: str) -> bool:
    """Whether a table row ends on ``line``: it ends in a pipe that closes the last cell,
    or that pipe is followed by another row, a blank line or the end of the table."""
    end = line.rstrip()
    if not end.endswith("|") or end.endswith("\\|"):
        return False
    following = next_line.strip()
    return closed_cells >= columns or not following or following.startswith("|")


def _is_pseudo_heading(content: str, following: list[str]) -> bool:
    """A short line that is not a sentence, followed (maybe after a blank) by a list or a table."""
    text = render_inline(content).text
    if not any(ch.isalnum() for ch in text) or len(text) > _PSEUDO_MAX_CHARS or len(text.split()) > _PSEUDO_MAX_WORDS:
        return False
    if text.endswith(_SENTENCE_END) or content.startswith("|"):
        return False
    for raw in following:
        if raw.strip():
            return bool(_LIST_ITEM.match(raw) or raw.lstrip().startswith("|")) and not _THEMATIC.match(raw)
    return False


def _is_title(text: str) -> bool:
    """A name rather than a sentence: short, and an emoji in front or every word capitalised
    ("Byte-Range Fetches", "🔷 S3 Select & Glacier Select"), with no "X: y" or "X = y" inside it."""
    words = text.split()
    if not words or len(text) > _TITLE_MAX_CHARS or len(words) > _TITLE_MAX_WORDS or _TITLE_BREAKS.search(text):
        return False
    if text.rstrip(":").endswith(_SENTENCE_END):
        return False
    if _EMOJI_LEAD.match(text):
        return any(ch.isalpha() for ch in text)
    if words[-1].lower() in _TITLE_SMALL_WORDS:
        return False  # "Needed to", "Not needed to": the start of a sentence
    if words[0].lower() in _OPENS_SENTENCE and not _USE_CASE.match(text):
        return False  # "After", "Are AWS-managed", "Not an IP": a fragment of prose, not a name
    named = [w.strip("()\"'“”") for w in words if w.strip("()\"'“”").lower() not in _TITLE_SMALL_WORDS]
    return bool(named) and all(w and (w[0].isupper() or (w[0].isdigit() and any(c.isalpha() for c in w))) for w in named)


def _is_cell_title(content: str, previous: list[str], following: list[str]) -> bool:
    """In a table cell, a title line over the plain lines that describe it (003's exported cells:
    "Byte-Range Fetches" then "Parallelize GET by requesting specific byte ranges"). The line after
    it must be a description (neither a list item, a table row nor another title, though a generic
    sub-title over a description may come between: "Pros", see ``_opens_generic_part``), and unless the
    title opens with an emoji it may follow at most one other title ("Operations", then "Shard
    Splitting"), so the end of a column of names ("PostgreSQL", "MySQL", …, "Microsoft SQL
    Server") stays a name in the list. ``previous`` holds the two lines before it."""
    if not following or not following[0].strip():
        return False
    nxt = following[0].strip()
    text = render_inline(content).text
    if _LIST_ITEM.match(following[0]) or nxt.startswith("|") or not _is_title(text):
        return False
    if _EMOJI_LEAD.match(text):
        return True  # "⭐ MFA Delete": the emoji marks it, whatever follows
    if _is_title(render_inline(nxt).text) and not _opens_generic_part(nxt, following[1:]):
        return False
    titles_above = [bool(line.strip()) and _is_title(render_inline(line.strip()).text) for line in previous]
    return not (len(titles_above) == 2 and all(titles_above))


def _opens_generic_part(title: str, rest: list[str]) -> bool:
    """Whether ``title`` is a generic sub-title ("Pros", "Use cases") over a description line, as in
    003's cells: "Amazon S3 Intelligent Tiering", "Pros", "Move Objects automatically …". The title
    above it then names the topic; a name in a list is not followed by one."""
    name = render_inline(title.strip()).text
    if not is_generic(name) or not rest or not rest[0].strip() or _LIST_ITEM.match(rest[0]):
        return False
    return not _is_title(render_inline(rest[0].strip()).text)


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after YAML front matter (0 if there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0


def _skip_toc(lines: list[str], start: int) -> int:
    for i in range(start + 1, len(lines)):
        if _TOC_MARK.match(lines[i]):
            return i + 1
    return start + 1  # a lone marker is just a comment


def _skip_comment(lines: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        if "-->" in lines[i]:
            return i + 1
    return start + 1  # never closed: skip only its own line


def _skip_fence(lines: list[str], start: int, opening: re.Match[str]) -> int:
    """Index of the line after the code block that opens on line ``start``."""
    indent = _indent(opening.group(1))
    marker = opening.group(2)
    closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
    fallback = None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if closing.match(line):
            return i + 1
        # A fence never closed ends with its list item (CommonMark) or, at the top
        # level, at the next heading, rather than swallowing the rest of the file.
        if fallback is None and line.strip() and (_indent(line) < indent or (not indent and _ATX.match(line))):
            fallback = i
    return len(lines) if fallback is None else fallback


def _table_head(line: str) -> str | None:
    """The header row of a table starting on this line (also after a list marker), else None."""
    stripped = line.strip()
    if stripped.startswith("|"):
        return stripped
    item = _LIST_ITEM.match(line)
    if item and item.group(3).strip().startswith("|"):
        return item.group(3).strip()
    return None


def _split_cells(row: str) -> list[str]:
    """Cells of a one-line row: split on ``|`` outside code spans and escapes."""
    return _split_pipes(_trim_pipes(row))


def _trim_pipes(text: str) -> str:
    text = text.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return text


def _split_pipes(text: str) -> list[str]:
    cells, start, tick = [], 0, ""
    for match in _CELL_SPLIT.finditer(text):
        ticks, _escape, pipe = match.groups()
        if ticks:
            tick = "" if tick == ticks else tick or ticks
        elif pipe and not tick:
            cells.append(text[start : match.start()])
            start = match.end()
    cells.append(text[start:])
    return cells


def _unpipe(cell: str) -> str:
    return cell.replace("\\|", "|").strip()


def _row_cells(row: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Cells of a (possibly multi-line) row, each a list of (line number, text) pieces."""
    cells: list[list[tuple[int, str]]] = [[]]
    last = len(row) - 1
    for index, (line_no, text) in enumerate(row):
        if index == 0:
            text = text.strip()[1:]  # the row's opening pipe
        if index == last:
            text = text.rstrip()
            if text.endswith("|") and not text.endswith("\\|"):
                text = text[:-1]
        pieces = _split_pipes(text)
        cells[-1].append((line_no, pieces[0]))
        for piece in pieces[1:]:
            cells.append([(line_no, piece)])
    # Pieces are cell *lines*: trim the padding around pipes, keep inner indentation.
    return [[(n, p.replace("\\|", "|").rstrip()) for n, p in _dedent_first(cell)] for cell in cells]


def _dedent_first(cell: list[tuple[int, str]]) -> list[tuple[int, str]]:
    if not cell:
        return cell
    (n, first), rest = cell[0], cell[1:]
    return [(n, first.strip())] + rest
