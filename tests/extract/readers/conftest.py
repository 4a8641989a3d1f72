"""Shared fixtures for the reader tests: the sample notes, decoded and read once."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.blocks import ReadResult
from extract.readers import read_note_file
from extract.readers.decode import decode_note

NOTES = Path(__file__).resolve().parents[3] / "data" / "notes"
SAMPLES = {
    "000": "000_fcce8e81c20b0f16.txt",  # markdown: headings, nested bullets
    "001": "001_d7ee3d579fd30206.txt",  # bullets under emoji pseudo-headings, mojibake
    "002": "002_7b2b37d4eeaedd28.txt",  # tab-separated glossary
    "003": "003_39fd1aa4ccc12215.txt",  # one markdown table with multi-line cells
    "004": "004_de515b724f8f69cb.txt",  # markdown with TOC, code, images, tables
}


@pytest.fixture(scope="session")
def sample_results() -> dict[str, ReadResult]:
    return {key: read_note_file(NOTES / name) for key, name in SAMPLES.items()}


@pytest.fixture(scope="session")
def sample_lines() -> dict[str, list[str]]:
    """Each sample's decoded lines (after mojibake repair), as the blocks' line numbers count them."""
    return {
        key: decode_note((NOTES / name).read_bytes(), name).text.split("\n") for key, name in SAMPLES.items()
    }


@pytest.fixture
def write_note(tmp_path: Path):
    """Write a note into a temporary folder: ``write_note("a.md", "text" or b"bytes")``."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def blocks_on(result: ReadResult, line: int) -> list:
    return [block for block in result.blocks if block.line == line]


def line_of(lines: list[str], text: str) -> int:
    """1-based number of the first decoded line containing ``text``."""
    for number, line in enumerate(lines, start=1):
        if text in line:
            return number
    raise AssertionError(f"no line contains {text!r}")
