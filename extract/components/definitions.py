"""Definitions the notes give as a sentence: "Amazon GuardDuty is an intelligent threat detection service …".

A block that opens with a lexicon name (a service or a lexicon concept; "AWS", "Amazon" or "The"
may come before it) followed by "is a/an/the …", "are a/an/the …", "provides", "enables", "lets", "allows",
"helps" or "offers" defines that entry; the definition is its first sentence. Glossary rows define
their terms in :mod:`extract.resolve`, and other concepts get theirs from "X: …" heads
(:mod:`extract.components.concepts`).
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
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@Language.factory("lexicon_definitions")
def make_lexicon_definitions(nlp: Language, name: str) -> "LexiconDefinitions":
    return LexiconDefinitions()


class LexiconDefinitions:
    """Sets ``doc._.definition`` to ``(Ref, sentence)`` when the block defines a lexicon entry, else ``None``."""

    def match(self, doc: Doc) -> tuple[Ref, str] | None:
        block = doc._.block
        if block is not None and block.kind == "heading":
            return None
        spans = lexicon_spans(doc)
        if not spans:
            return None
        first = min(spans, key=lambda span: span.start_char)
        text = text_of(doc)
        if not _LEAD.match(text[:first.start_char]) or not _DEFINES.match(text, first.end_char):
            return None
        sentence = _SENTENCE_END.split(text.strip(" -*•·\t"), maxsplit=1)[0]
        return span_ref(first), sentence[:MAX_DEFINITION]

    def __call__(self, doc: Doc) -> Doc:
        doc._.definition = self.match(doc)
        return doc
