"""Note files → blocks: find the files, decode them, detect their format, read them.

Every problem with one file is a :class:`~extract.errors.NoteError` (or a warning in
:attr:`ReadResult.warnings <extract.blocks.ReadResult>`) naming that file, so a
caller can report it in one line and go on with the other files.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "s3.md").write_text("# Amazon S3\\n- object storage\\n")
>>> files, errors = find_note_files([folder, folder / "missing.md"])
>>> [f.name for f in files], len(errors)
(['s3.md'], 1)
>>> result = read_note_file(files[0])
>>> result.format, [(b.line, b.text, b.heading_path) for b in result.blocks]
('markdown', [(1, 'Amazon S3', ()), (2, 'object storage', ('Amazon S3',))])
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from extract.blocks import ReadResult
from extract.errors import Errors, NoteError
from extract.readers.decode import decode_note
from extract.readers.delimited import read_anki, read_glossary
from extract.readers.detect import detect_format
from extract.readers.markdown import read_markdown
from extract.readers.prose import read_prose

__all__ = [
    "NOTE_SUFFIXES",
    "READERS",
    "display_path",
    "find_note_files",
    "read_note_bytes",
    "read_note_file",
    "read_note_text",
]

NOTE_SUFFIXES = (".md", ".markdown", ".txt", ".csv", ".tsv", ".text")
MAX_BYTES = 50 * 2**20

READERS: dict[str, Callable[[str, str], ReadResult]] = {
    "markdown": read_markdown,
    "glossary": read_glossary,
    "anki": read_anki,
    "prose": read_prose,
}


def find_note_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Note files under ``paths`` (folders searched recursively, sorted; hidden folders and
    files skipped) and one error message per path that does not exist or cannot be listed.

    A file named explicitly is kept whatever its suffix.
    """
    files: list[Path] = []
    errors: list[str] = []
    for given in paths:
        path = Path(given)
        shown = display_path(path)
        if path.is_dir():
            found = _walk(path, errors)
            if not found and os.access(path, os.R_OK | os.X_OK):
                errors.append(Errors.E011.format(path=shown))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(Errors.E001.format(file=shown))
    return list(dict.fromkeys(files)), errors


def _walk(folder: Path, errors: list[str]) -> list[Path]:
    found: list[Path] = []

    def report(err: OSError) -> None:
        where = display_path(Path(err.filename)) if err.filename else display_path(folder)
        errors.append(Errors.E002.format(file=where, reason=err.strerror or type(err).__name__))

    for root, dirs, names in os.walk(folder, onerror=report):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .obsidian, .git, .trash
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(NOTE_SUFFIXES):
                found.append(Path(root) / name)
    return found


def read_note_file(path: Path, *, max_bytes: int = MAX_BYTES) -> ReadResult:
    """Read one note file; raise :class:`NoteError` (one line naming the file) if it can't be."""
    path = Path(path)
    shown = display_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise NoteError(Errors.E001.format(file=shown)) from None
    except OSError as err:
        raise NoteError(Errors.E002.format(file=shown, reason=err.strerror or type(err).__name__)) from None
    if path.is_dir():
        raise NoteError(Errors.E002.format(file=shown, reason="it is a folder"))
    if not path.is_file():  # a FIFO or a device would block or never end
        raise NoteError(Errors.E002.format(file=shown, reason="not a regular file"))
    if info.st_size > max_bytes:
        raise NoteError(_too_large(shown, info.st_size, max_bytes))
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as err:
        raise NoteError(Errors.E002.format(file=shown, reason=err.strerror or type(err).__name__)) from None
    if len(data) > max_bytes:
        raise NoteError(_too_large(shown, len(data), max_bytes))
    return read_note_bytes(data, shown)


def read_note_bytes(data: bytes, file: str) -> ReadResult:
    """Decode, detect and read the bytes of a note; ``file`` is the name used in blocks and messages."""
    decoded = decode_note(data, file)
    result = read_note_text(decoded.text, file)
    return ReadResult(
        file=file,
        format=result.format,
        blocks=result.blocks,
        warnings=[*decoded.warnings, *result.warnings],
    )


def read_note_text(text: str, file: str = "<text>", format: str | None = None) -> ReadResult:
    """Read decoded text; ``format`` (one of :data:`READERS`) skips detection."""
    fmt = format or detect_format(text, file)
    if fmt not in READERS:
        raise NoteError(Errors.E007.format(file=file, reason=f"no reader for {fmt!r}"))
    return READERS[fmt](text, file)


def display_path(path: Path) -> str:
    """The name blocks and messages use: relative to the current folder if under it, else absolute.

    >>> display_path(Path("notes") / "s3.md")
    'notes/s3.md'
    """
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _too_large(file: str, size: int, max_bytes: int) -> str:
    return Errors.E005.format(file=file, size_mb=size / 2**20, limit_mb=f"{max_bytes / 2**20:g}")
