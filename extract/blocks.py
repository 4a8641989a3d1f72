"""The unit every reader produces and every later stage consumes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Block:
    """One logical line of a note, located in its original file.

    ``line`` is 1-based and counts lines of the original file (after decoding), so
    ``text`` can always be traced back to ``file:line``. ``heading_path`` holds the
    headings (or table row subjects, glossary terms) the block sits under,
    outermost first. ``kind`` says what the block was in its source:
    ``heading``, ``bullet``, ``paragraph``, ``table_cell``, ``glossary`` (a row of a
    TSV/CSV glossary), ``card`` (an Anki front/back pair) or ``sentence``.
    ``fields`` carries structured cells for glossary rows and cards, e.g.
    ``{"term": "EBS", "full_form": "Elastic Block Store", "definition": "…"}``;
    ``column`` names the table column a cell came from (e.g. ``"Use Case"``).
    ``emphasis`` holds the bold/italic/wikilink/tag terms of the line as plain text.
    """

    file: str
    line: int
    text: str
    heading_path: tuple[str, ...] = ()
    kind: str = "paragraph"
    fields: tuple[tuple[str, str], ...] = ()
    column: str = ""
    emphasis: tuple[str, ...] = ()
    depth: int = 0  # bullet nesting depth (0 = top level)
    parent: str = ""  # text of the bullet this one is nested under, if any

    def field(self, name: str) -> str:
        return dict(self.fields).get(name, "")


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a reader returns: the blocks of one file plus warnings about it."""

    file: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
