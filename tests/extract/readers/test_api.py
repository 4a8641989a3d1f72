"""The public API: finding note files, reading one, and the one-line errors for bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.errors import NoteError
from extract.readers import display_path, find_note_files, read_note_file


def test_find_note_files_recurses_sorted_and_skips_hidden(tmp_path, write_note):
    write_note("b.md", "# B\n")
    write_note("a/z.txt", "z\n")
    write_note("a/y.csv", "front,back\n")
    write_note(".obsidian/workspace.md", "# hidden\n")
    write_note("a/.trash/old.md", "# hidden\n")
    write_note(".hidden.md", "# hidden\n")
    write_note("a/picture.png", "not a note")
    files, errors = find_note_files([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["b.md", "a/y.csv", "a/z.txt"]
    assert errors == []


def test_find_note_files_reports_missing_paths_and_empty_folders(tmp_path, write_note):
    note = write_note("n.md", "# N\n")
    (tmp_path / "empty").mkdir()
    files, errors = find_note_files([note, tmp_path / "nope.md", tmp_path / "empty", note])
    assert files == [note]
    assert len(errors) == 2
    assert errors[0].endswith("nope.md: file does not exist; check the path.")
    assert errors[1].endswith("empty: no note files found in this folder.")


def test_explicit_file_kept_whatever_its_suffix(write_note):
    note = write_note("notes.org", "S3 stores objects.\n")
    assert find_note_files([note]) == ([note], [])


def test_read_note_file_returns_blocks_with_the_display_name(tmp_path, write_note, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_note("sub/s3.md", "# Amazon S3\n- object storage\n")
    result = read_note_file(Path("sub/s3.md"))
    assert result.file == "sub/s3.md"
    assert result.format == "markdown"
    assert {b.file for b in result.blocks} == {"sub/s3.md"}


def test_display_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "a" / "b.md") == "a/b.md"
    assert display_path(Path("a/../c.md")) == "c.md"
    outside = tmp_path.parent / "elsewhere.md"
    assert display_path(outside) == outside.as_posix()


# -- bad input: one line naming the file and the reason ------------------------------------------


def expect_error(path: Path, reason: str, **kwargs) -> str:
    with pytest.raises(NoteError) as caught:
        read_note_file(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert path.name in message
    assert reason in message
    return message


def test_missing(tmp_path):
    expect_error(tmp_path / "missing.md", "does not exist")


def test_empty(write_note):
    expect_error(write_note("empty.md", b""), "is empty")


def test_binary(write_note):
    expect_error(write_note("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10), "binary")


def test_too_large(write_note):
    note = write_note("big.md", "# S3\n" + "- bucket\n" * 200)
    message = expect_error(note, "over the", max_bytes=1000)
    assert "MB limit" in message
    assert read_note_file(note, max_bytes=10_000).blocks  # the same file under a larger limit


def test_a_folder_is_not_a_note(tmp_path):
    expect_error(tmp_path, "it is a folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_not_read(tmp_path):
    # Reading a FIFO would block forever; unlike chmod 000 this also holds when tests run as root.
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    expect_error(fifo, "not a regular file")


def test_unreadable(write_note):
    # chmod 000 doesn't stop root (CI runs as root); a path through a file fails for everyone.
    note = write_note("secret.md", "# S3\n")
    expect_error(note / "inner.md", "cannot be read")


def test_warnings_where_it_still_reads(write_note):
    result = read_note_file(write_note("latin.txt", "café au lait\n".encode("latin-1")))
    assert result.warnings == [f"{result.file}: decoded as Windows-1252, not UTF-8."]
    assert result.blocks[0].text == "café au lait"
    utf16 = read_note_file(write_note("wide.md", "# S3\n- buckets\n".encode("utf-16")))
    assert utf16.warnings == [f"{utf16.file}: decoded as UTF-16, not UTF-8."]
    assert [b.text for b in utf16.blocks] == ["S3", "buckets"]


def test_every_other_file_still_read(tmp_path, write_note):
    write_note("good.md", "# S3\n")
    write_note("empty.md", b"")
    write_note("bin.txt", b"\x00\x01\x02" * 100)
    files, errors = find_note_files([tmp_path, tmp_path / "gone.md"])
    read, failed = [], []
    for file in files:
        try:
            read.append(read_note_file(file).file)
        except NoteError as err:
            failed.append(str(err))
    assert [Path(f).name for f in read] == ["good.md"]
    assert len(failed) == 2 and len(errors) == 1


def test_linear_time_near_the_limit(write_note):
    import time

    note = write_note("long.md", "## Section\n" + "- **S3** bucket → [docs](https://x) item\n" * 20_000)
    started = time.perf_counter()
    result = read_note_file(note)
    assert len(result.blocks) == 20_001
    assert time.perf_counter() - started < 10  # about 1 s on a laptop; quadratic would take minutes


# -- whole-file flows --------------------------------------------------------------------------------


def test_obsidian_vault(tmp_path, write_note):
    write_note(".obsidian/app.json", "{}")
    write_note(
        "AWS/S3.md",
        "---\ntags: [aws, storage]\n---\n# Amazon S3\n- Triggers [[AWS Lambda|Lambda]] on upload #events\n",
    )
    write_note("AWS/Lambda.md", "# AWS Lambda\nServerless compute, see [[S3]].\n")
    files, errors = find_note_files([tmp_path])
    assert [f.name for f in files] == ["Lambda.md", "S3.md"] and errors == []
    s3 = read_note_file(files[1])
    bullet = s3.blocks[1]
    assert (bullet.line, bullet.text, bullet.heading_path) == (5, "Triggers Lambda on upload events", ("Amazon S3",))
    assert bullet.emphasis == ("Lambda", "events")


def test_anki_csv(write_note):
    result = read_note_file(write_note("deck.csv", "front,back\nWhat is S3?,Object storage\n"))
    assert result.format == "anki"
    assert [(b.kind, b.field("front"), b.field("back")) for b in result.blocks] == [
        ("card", "What is S3?", "Object storage")
    ]
