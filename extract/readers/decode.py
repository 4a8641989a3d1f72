"""Bytes → text: the encoding, binary detection, and mojibake repair.

The text returned keeps the line structure of the original file: lines are only
ever split on ``\\n``, ``\\r\\n`` or ``\\r`` (each counts as one line end, as in
an editor), never joined or dropped, so ``line N`` of the text is line N of the file.

>>> decode_note("caf\\xe9\\n".encode("latin-1"), "a.txt").text
'café\\n'
>>> decode_note("ğŸŸ£ AWS Lambda\\nx â†’ y\\n".encode(), "a.txt").text
'🟣 AWS Lambda\\nx → y\\n'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-125x" codecs)
from ftfy.badness import is_bad

from extract.errors import Errors, NoteError, Warnings

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_SAMPLE = 1 << 16  # binary and UTF-16 sniffing look at the first 64 KB only
_CONTROL_RATIO = 0.05  # more control characters than this: not notes
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")

# ftfy is used to *find* mojibake and which codec made it; everything that would
# change correct text (quotes, ligatures, widths, HTML entities, line breaks) is off.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    restore_byte_a0=False,  # would read "â€ " (a lost ” plus a space) as "†"
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=False,  # done per run below, against the file's own codec
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
)
_USUAL_CODECS = ("sloppy-windows-1252", "sloppy-windows-1254", "macroman")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_LINE_END = re.compile(r"\r\n?")
# When UTF-8 went through Windows-125x, bytes the code page does not define
# (0x81 0x8D 0x8F 0x90 0x9D) were dropped. Three sequences lose one, and are common
# in notes: ” (E2 80 9D), the emoji variation selector (EF B8 8F) and the dingbats
# ❌ ❗ ❓ (E2 9D xx). Put the byte back (as the C1 character sloppy codecs map it to).
_CONT = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸĞğİıŞş"  # continuation bytes, cp1252/1254
_DROPPED_BYTE = (
    (re.compile(f"â€(?![{_CONT}])"), "â€\x9d"),
    (re.compile(f"ï¸(?![{_CONT}])"), "ï¸\x8f"),
    (re.compile(f"â([{_CONT}])(?![{_CONT}])"), "â\x9d\\1"),
)


@dataclass(frozen=True, slots=True)
class DecodedNote:
    """The text of a note file, how it was decoded, and what was repaired."""

    text: str
    encoding: str
    repaired_lines: int = 0
    warnings: tuple[str, ...] = ()


def decode_note(data: bytes, file: str) -> DecodedNote:
    """Decode the bytes of a note file; raise :class:`NoteError` if it is empty or binary."""
    if not data.strip(b" \t\r\n\f\v\xef\xbb\xbf"):
        raise NoteError(Errors.E003.format(file=file))
    text, encoding, label = _decode_bytes(data, file)
    if _looks_binary(text):
        raise NoteError(Errors.E004.format(file=file))
    text = _LINE_END.sub("\n", text)
    if not text.strip():  # e.g. a UTF-16 file holding only whitespace
        raise NoteError(Errors.E003.format(file=file))
    warnings = []
    if label not in ("UTF-8", "ASCII"):
        warnings.append(Warnings.W001.format(file=file, encoding=label))
    lines, repaired = repair_mojibake(text.split("\n"))
    if repaired:
        warnings.append(Warnings.W002.format(file=file, count=repaired))
    return DecodedNote("\n".join(lines), encoding, repaired, tuple(warnings))


def _decode_bytes(data: bytes, file: str) -> tuple[str, str, str]:
    """(text, codec, label for the user) — BOM first, then UTF-16 sniffing, UTF-8, code pages."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, file), codec, label
    utf16 = _sniff_utf16(data[:_SAMPLE])
    if utf16:
        return _strict(data, utf16, file), utf16, "UTF-16"
    if b"\x00" in data[:_SAMPLE]:  # NUL bytes outside UTF-16/32 mean a binary file
        raise NoteError(Errors.E004.format(file=file))
    try:
        return data.decode("utf-8"), "utf-8", "UTF-8"
    except UnicodeDecodeError:
        pass
    try:  # Windows-1252 is the usual non-UTF-8 note; it leaves 5 bytes undefined
        return data.decode("cp1252"), "cp1252", "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", "Latin-1"  # never fails


def _strict(data: bytes, codec: str, file: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise NoteError(Errors.E006.format(file=file, reason=f"invalid {codec} at byte {err.start}")) from None


def _sniff_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text leaves every other byte NUL."""
    pairs = len(sample) // 2
    if pairs < 2 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0) / pairs
    odd_nul = sample[1::2].count(0) / pairs
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE]
    # C0 controls only: C1 ones (U+0080–U+009F) come from Latin-1 text and from mojibake.
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    return "\x00" in sample or controls > _CONTROL_RATIO * max(len(sample), 1)


def repair_mojibake(lines: list[str]) -> tuple[list[str], int]:
    """Repair UTF-8 that was decoded with a single-byte code page; return (lines, lines repaired).

    ftfy finds the lines that are certainly mojibake and the code page that made
    them (Windows-1252, -1254, Mac Roman …). Its heuristics miss milder lines such as
    ``Bucket ‚Üí folder``, so once a file is known to hold mojibake, every run of
    non-ASCII characters is re-encoded with the file's code pages (then the usual
    ones) and kept only if it then decodes as UTF-8 — correct text (``naïve``, ``→``,
    ``中文``) does not. A trailing lone ``â`` (an emoji that lost two bytes) is dropped.
    """
    found: Counter[str] = Counter()
    ftfy_fixed: dict[int, str] = {}
    bad = False
    for i, line in enumerate(lines):
        if line.isascii() or not is_bad(line):
            continue
        bad = True
        fixed, steps = ftfy.fix_and_explain(line, _FTFY)
        if fixed != line:
            ftfy_fixed[i] = fixed
            found.update(step.parameter for step in steps or () if step.action == "encode")
    if not bad:
        return lines, 0
    # Lines ftfy could not fix whole (a lost byte, correct text beside the mojibake)
    # are still mended run by run, with the codecs that usually make mojibake.
    codecs = list(dict.fromkeys([codec for codec, _ in found.most_common()] + list(_USUAL_CODECS)))
    out = list(lines)
    repaired = 0
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        fixed = _transcode_runs(line, codecs)
        if fixed == line:
            fixed = ftfy_fixed.get(i, line)
        if fixed.endswith("â") and fixed[-2:-1].isspace():  # an emoji that lost its last bytes
            fixed = fixed[:-1].rstrip()
        if fixed != line:
            out[i] = fixed
            repaired += 1
    return out, repaired


def _transcode_runs(line: str, codecs: list[str]) -> str:
    def fix(match: re.Match[str]) -> str:
        run = match.group()
        for _ in range(3):  # mojibake can be applied twice
            better = _transcode(run, codecs)
            if better == run:
                break
            run = better
        return run

    return _NON_ASCII_RUN.sub(fix, line)


def _transcode(run: str, codecs: list[str]) -> str:
    for codec in codecs:
        candidates = [run]
        if codec.startswith("sloppy-windows"):
            restored = run
            for pattern, repl in _DROPPED_BYTE:
                restored = pattern.sub(repl, restored)
            if restored != run:
                candidates.insert(0, restored)
        for candidate in candidates:
            try:
                fixed = candidate.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if fixed != run:
                return fixed
    return run
