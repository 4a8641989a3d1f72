"""Inline markdown → plain text, the emphasised terms, and clean heading names.

markdown-it-py does the inline parsing (emphasis, code spans, links, images,
escapes, entities); Obsidian's ``[[wikilinks]]`` and ``#tags`` are rewritten first.

>>> render_inline("Use **S3** via [the console](https://x) ![img.png](a/img.png)")
InlineText(lines=('Use S3 via the console',), emphasis=('S3',))
>>> render_inline("see [[Amazon S3|S3]] #storage<br>next")
InlineText(lines=('see S3 storage', 'next'), emphasis=('S3', 'storage'))
>>> heading_name("🟣 AWS Lambda:")
'AWS Lambda'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark").enable("strikethrough")
_MARKUP_CHARS = frozenset("*_`[]!<>&\\~#")
_WIKILINK = re.compile(r"!?\[\[([^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_TAG = re.compile(r"(?:(?<=\s)|^)#([^\W\d_][\w/-]*)")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BREAK = "\uffff"  # stands for <br> through markdown-it (a noncharacter: never in notes)
# Bold that markdown-it could not pair because it spans two lines ("**Identity …" / "… Consists**").
_STRAY_STRONG = re.compile(r"(?:^|(?<=\s))\*\*(?=\S)|(?<=\S)\*\*(?=\s|$|[,.:;)])")
_IMAGE_FILE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?)$", re.IGNORECASE)
_GENERIC_ALT = {"", "image", "img", "untitled", "screenshot", "picture", "alt text", "diagram"}
_KEYCAP = re.compile(r"(?:[0-9#*]*[0-9#*]\ufe0f?\u20e3)+")  # "1️⃣1️⃣", "15️⃣"
_TRIM_CATEGORIES = {"So", "Sk", "Mn", "Me", "Cf", "Co", "Zs", "Cc"}


@dataclass(frozen=True, slots=True)
class InlineText:
    """The plain text of one source line (several if it holds ``<br>``) and its emphasised terms."""

    lines: tuple[str, ...]
    emphasis: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def render_inline(source: str) -> InlineText:
    """Plain text of one line of markdown; bold/italic, wikilink and tag terms go to ``emphasis``."""
    if not _MARKUP_CHARS.intersection(source):
        text = _squash(source)
        return InlineText((text,) if text else ())
    return _render(source)


@lru_cache(maxsize=4096)  # headings and table subjects are rendered more than once
def _render(source: str) -> InlineText:
    emphasis: list[str] = []
    source = _WIKILINK.sub(lambda m: _keep(emphasis, (m.group(2) or m.group(1)).strip()), source)
    source = _TAG.sub(lambda m: _keep(emphasis, m.group(1)), source)
    source = _BR.sub(_BREAK, source)
    out: list[str] = []
    spans: list[list[str]] = []  # open emphasis spans, outermost first
    tokens = _MD.parseInline(source)[0].children or []
    for token in tokens:
        kind = token.type
        if kind in ("strong_open", "em_open"):
            spans.append([])
            continue
        if kind in ("strong_close", "em_close"):
            if spans:
                inner = _squash("".join(spans.pop()))
                if spans:
                    spans[-1].append(inner)
                elif inner:
                    emphasis.append(inner)
            continue
        piece = _token_text(token)
        out.append(piece)
        if spans:
            spans[-1].append(piece)
    text = "".join(out)
    lines = tuple(line for line in (_squash(part) for part in text.split(_BREAK)) if line)
    return InlineText(lines, tuple(dict.fromkeys(e for e in emphasis if e and e != _BREAK)))


def _token_text(token) -> str:  # markdown_it.token.Token
    kind = token.type
    if kind == "text":
        return _STRAY_STRONG.sub("", token.content)
    if kind in ("text_special", "code_inline"):
        return token.content
    if kind in ("softbreak", "hardbreak"):
        return " "
    if kind == "image":
        alt = token.content.strip()
        return "" if alt.lower() in _GENERIC_ALT or _IMAGE_FILE.search(alt) else alt
    if kind == "html_inline":
        return ""  # tags other than <br> carry no text
    return ""  # link_open/close, s_open/close: their text comes as text tokens


def _keep(emphasis: list[str], term: str) -> str:
    emphasis.append(term)
    return term


def _squash(text: str) -> str:
    return " ".join(text.split())


def heading_name(text: str) -> str:
    """A heading or row subject as a clean name: no emoji or symbols around it, no final colon."""
    text = _KEYCAP.sub("", text)
    start, end = 0, len(text)
    while start < end and _trim(text[start]):
        start += 1
    while end > start and (_trim(text[end - 1]) or text[end - 1] in ":-–—|"):
        end -= 1
    return _squash(text[start:end])


def _trim(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in _TRIM_CATEGORIES
