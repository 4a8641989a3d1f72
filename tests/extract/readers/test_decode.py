"""Bytes → text: encodings, binary and empty files, mojibake repair, line numbering."""

from __future__ import annotations

import pytest

from extract.errors import NoteError
from extract.readers.decode import decode_note, repair_mojibake

# -- encodings ---------------------------------------------------------------------


def test_utf8_without_warning():
    decoded = decode_note("naïve → Köln 中文\n".encode(), "a.md")
    assert decoded.text == "naïve → Köln 中文\n"
    assert decoded.warnings == ()


def test_utf8_bom_is_dropped_without_warning():
    decoded = decode_note(b"\xef\xbb\xbf# S3\n", "a.md")
    assert decoded.text == "# S3\n"
    assert decoded.warnings == ()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom(codec):
    data = "# Amazon S3\n- café → storage\n".encode(codec)  # "utf-16" writes a BOM
    decoded = decode_note(data, "a.md")
    assert decoded.text == "# Amazon S3\n- café → storage\n"
    assert decoded.warnings == ("a.md: decoded as UTF-16, not UTF-8.",)


@pytest.mark.parametrize("bom,codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_explicit_bom(bom, codec):
    decoded = decode_note(bom + "Lambda\n".encode(codec), "a.md")
    assert decoded.text == "Lambda\n"


def test_latin1_cafe():
    decoded = decode_note("café au lait\n".encode("latin-1"), "a.txt")
    assert decoded.text == "café au lait\n"
    assert "not UTF-8" in decoded.warnings[0]


def test_cp1252_smart_quotes():
    decoded = decode_note("“quoted” – text’s\n".encode("cp1252"), "a.txt")
    assert decoded.text == "“quoted” – text’s\n"
    assert decoded.warnings == ("a.txt: decoded as Windows-1252, not UTF-8.",)


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    decoded = decode_note(b"caf\xe9 au lait \x81 is a drink, served hot\n" * 3, "a.txt")
    assert decoded.text.startswith("café")
    assert "Latin-1" in decoded.warnings[0]


def test_line_endings_keep_line_numbers():
    decoded = decode_note(b"a\r\nb\rc\nd", "a.txt")
    assert decoded.text.split("\n") == ["a", "b", "c", "d"]


# -- files that are not notes ----------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf", "  \n".encode("utf-16")])
def test_empty(data):
    with pytest.raises(NoteError, match=r"^a\.md: file is empty"):
        decode_note(data, "a.md")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",  # NUL bytes
        bytes(range(1, 32)) * 20,  # control characters, no NUL
    ],
)
def test_binary(data):
    with pytest.raises(NoteError, match=r"^a\.md: looks like a binary file"):
        decode_note(data, "a.md")


def test_text_with_a_few_control_characters_is_not_binary():
    assert decode_note(b"S3\x0c is storage\x07\n" + b"more text\n" * 20, "a.md").text.startswith("S3")


def test_broken_utf16_is_a_decoding_error():
    with pytest.raises(NoteError, match=r"^a\.md: could not be decoded"):
        decode_note(b"\xff\xfe\x00\xd8a\x00", "a.md")  # a lone surrogate


# -- mojibake ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken,fixed",
    [
        ("x â†’ y", "x → y"),  # UTF-8 read as Windows-1252
        ("â€œquotedâ€\x9d", "“quoted”"),
        ("ğŸŸ£ AWS Lambda", "🟣 AWS Lambda"),  # … as Windows-1254 (Turkish)
        ("a ‚Äì b", "a – b"),  # … as Mac Roman
        ("donâ€™t", "don’t"),
    ],
)
def test_mojibake_repaired(broken, fixed):
    decoded = decode_note(broken.encode(), "a.txt")
    assert decoded.text == fixed
    assert decoded.repaired_lines == 1
    assert decoded.warnings == ("a.txt: repaired broken text encoding (mojibake) on 1 line(s).",)


def test_sequences_that_lost_a_byte_are_restored():
    # Windows-1252 has no character for 0x9D or 0x8F, so ” and the emoji variation
    # selector lost a byte in 001; ftfy alone leaves them (or turns "â€ " into "†").
    lines, count = repair_mojibake(
        ["(â€œLegal holdâ€ or â€œimmutabilityâ€)", "ğŸ›\xa0ï¸ AWS Systems Manager", "âŒ S3 Bucket Policy"]
    )
    assert lines == ["(“Legal hold” or “immutability”)", "🛠️ AWS Systems Manager", "❌ S3 Bucket Policy"]
    assert count == 3


def test_milder_lines_are_repaired_once_the_file_is_known_to_hold_mojibake():
    # ftfy's heuristics take "‚Üí" for real text; the file's codec (Mac Roman) proves it is not.
    lines, _ = repair_mojibake(["AWS WAF ‚Äì Web", "Bucket ‚Üí folder", "\uf8ffüîπ **Key Points**"])
    assert lines == ["AWS WAF – Web", "Bucket → folder", "🔹 **Key Points**"]


def test_trailing_lone_a_circumflex_dropped_in_a_file_with_mojibake():
    lines, count = repair_mojibake(["x â†’ y", "failed events go to DLQ â", "Château â"])
    assert lines == ["x → y", "failed events go to DLQ", "Château"]
    assert count == 3


def test_trailing_lone_a_circumflex_kept_in_correct_text():
    lines, count = repair_mojibake(["la forme â", "Château"])
    assert lines == ["la forme â", "Château"]
    assert count == 0


@pytest.mark.parametrize(
    "correct",
    ["naïve café", "x → y", "Köln", "中文笔记", "“quoted” — ok", "½ RCU", "🟣 AWS Lambda", "Ærø £5 ©", "São Paulo"],
)
def test_correct_text_untouched(correct):
    assert repair_mojibake([correct]) == ([correct], 0)


def test_correct_text_untouched_in_a_file_with_mojibake():
    lines, _ = repair_mojibake(["x â†’ y", "naïve café → Köln 中文 “ok”", "Ærø £5 ©"])
    assert lines[1:] == ["naïve café → Köln 中文 “ok”", "Ærø £5 ©"]


def test_repair_never_changes_the_number_of_lines():
    raw = "ğŸŸ£ AWS Lambda\n- a â†’ b â\n\nâ€œxâ€\n"
    assert decode_note(raw.encode(), "a.txt").text.count("\n") == raw.count("\n")
