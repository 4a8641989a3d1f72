"""Definitions the notes give as a sentence: "Amazon GuardDuty is an intelligent threat detection service …".

A block that opens with a lexicon name (a service or a lexicon concept; "AWS", "Amazon" or "The"
may come before it) followed by "is a/an/the …", "are a/an/the …", "provides", "enables", "lets", "allows",
"helps" or "offers" defines that entry; the definition is its first sentence. A line that opens with
the name and a head mark ("Signed Cookie = access multiple files", "Macie: finds PII in S3", "X – …")
defines it too, with less weight: :mod:`extract.resolve` takes such a head only for an entry no sentence
or glossary row defines. Glossary rows define their terms in :mod:`extract.resolve`, and other concepts
get theirs from "X: …" heads (:mod:`extract.components.concepts`).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.phrases import lexicon_spans, span_ref, text_of
from extract.mentions import Ref

MAX_DEFINITION = 300
_LEAD = re.compile(r"^[\W_]*(?:(?:aws|amazon|the)\s+)?[\W_]*$", re.I)
# "is a/an/the …", "are a/an/the …", or a verb that says what it does; not "is not", "is used", "are regional".
_DEFINES = re.compile(
    r"[\W_]*(?:\([^()]{1,30}\)\s*)?[-–—,]?\s*(?:(?:is|are)\s+(?:a|an|the|one)\s|"
    r"(?:provides|enables|lets|allows|helps|offers)\s)",
    re.I,
)
# A sentence ends at ". " before a capital, not after "e.g." or "i.e." ("sensitive variables = e.g. DB passwords").
_SENTENCE_END = re.compile(r"(?<!e\.g\.)(?<!i\.e\.)(?<!etc\.)(?<!vs\.)(?<=[.!?])\s+(?=[A-Z])")
# "= …", ": …", " – …" right after the name (an acronym in brackets may come between).
_HEAD = re.compile(r"[\W_]*?(?:\([^()]{1,30}\)\s*)?(?:=|:|\s[-–—]|[–—])\s*(?P<rest>\S.*)", re.S)
# What follows a head mark says what the entry is only when it is words: "5 TB max", "$0.04/GB" or one word are not.
_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]+")
MIN_HEAD_WORDS = 3
# A head that stops on one of these was cut off ("NLB = Recommended only for"): it says nothing whole.
_DANGLING = frozenset("a an the of for to with by in on at from and or but than as via".split())


@Language.factory("lexicon_definitions")
def make_lexicon_definitions(nlp: Language, name: str) -> "LexiconDefinitions":
    return LexiconDefinitions()


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(" -*•·>\t"), maxsplit=1)[0][:MAX_DEFINITION]


def head_rest(text: str) -> str | None:
    """What a head mark at the start of ``text`` introduces, when it is a few words, else ``None``.

    Examples
    --------
    >>> head_rest(" = access multiple files")
    'access multiple files'
    >>> head_rest(" – sensitive variables = e.g. DB passwords. Rotated by Lambda")
    'sensitive variables = e.g. DB passwords.'
    >>> head_rest(": 5 TB max") is None, head_rest(" Select: query in place") is None
    (True, True)
    >>> head_rest(" = Recommended only for") is None
    True
    """
    m = _HEAD.match(text)
    if m is None or m.group("rest")[:1].isdigit() or len(_WORDS.findall(m.group("rest"))) < MIN_HEAD_WORDS:
        return None
    rest = _first_sentence(m.group("rest"))
    last = rest.split()[-1].lower() if rest.split() else ""
    return None if last in _DANGLING else rest


class LexiconDefinitions:
    """Sets ``doc._.definition`` to ``(Ref, sentence)`` when the block defines a lexicon entry in a sentence,
    and ``doc._.head_definition`` to ``(Ref, text)`` when it defines one after a head mark; else ``None``."""

    def match(self, doc: Doc) -> tuple[tuple[Ref, str] | None, tuple[Ref, str] | None]:
        block = doc._.block
        if block is not None and block.kind in ("heading", "glossary", "card"):
            return None, None
        spans = lexicon_spans(doc)
        if not spans:
            return None, None
        first = min(spans, key=lambda span: span.start_char)
        text = text_of(doc)
        if not _LEAD.match(text[:first.start_char]):
            return None, None
        if _DEFINES.match(text, first.end_char):
            return (span_ref(first), _first_sentence(text)), None
        rest = head_rest(text[first.end_char:])
        return None, ((span_ref(first), rest) if rest else None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.definition, doc._.head_definition = self.match(doc)
        return doc
