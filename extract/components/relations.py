"""Relations between topics: PREREQUISITE_OF, COMPARED_WITH and INTEGRATES_WITH.

* PREREQUISITE_OF (Y → X) from explicit statements: "X requires Y", "must enable Y (first)",
  "X builds on Y", "Y is a prerequisite for X", "before X, learn Y", "learn Y before X".
* COMPARED_WITH from "X vs Y" (chains compare every pair).
* INTEGRATES_WITH from flows between services ("S3 event => Lambda, SNS, SQS"), "X integrates with /
  triggers / sends to / polls / reads from Y" and services named as one setup ("SQS + Lambda").
"""

from __future__ import annotations

import itertools
import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.phrases import lexicon_spans, span_ref, thing_at, text_of
from extract.components.text import clean_term, is_generic, looks_like_name
from extract.components.use_when import ARROW
from extract.mentions import Ref, RelationMention

_REQUIRES = re.compile(
    r"\b(?:requires?|required|needs? to have|must (?:first )?(?:enable|have|create|configure|set ?up|turn on)|"
    r"depends on|builds? on|built on(?: top of)?|(?:as )?a pre-?requisite(?: for| of)?|must be enabled)\b[:\s]*",
    re.I,
)
_PREREQ_OBJECT_FIRST = re.compile(r"\b(?:is|are) (?:a )?(?:pre-?requisite|required) (?:for|of|by)\s+", re.I)
_BEFORE_LEARN = re.compile(r"\bbefore\s+(?:learning|studying|using|you learn|tackling)?\s*(?P<x>.+?),\s*(?:learn|know|understand|study|master)\s+(?P<y>.+)", re.I)
_LEARN_BEFORE = re.compile(r"\b(?:learn|know|understand|study|master)\s+(?P<y>.+?)\s+(?:before|prior to)\s+(?:learning|studying|using)?\s*(?P<x>.+)", re.I)
_VS = re.compile(r"(?:^|\s+)(?:vs\.?|versus|v/s)\s+", re.I)
_INTEGRATES = re.compile(r"\b(?:integrates? with|works? with|triggers?|can trigger|invokes?|sends? (?:\w+ )?to|streams? to|publishes? to|delivers? to|forwards? to|"
                         r"polls?|reads? from|writes? to|subscribes? to|consumes? from)\s+", re.I)
# "SQS + Lambda", "Secrets Manager + KMS": two services named as one setup.
_PLUS = re.compile(r"\s*\+\s*")


_MAY_RELATE = re.compile(r"→|⇒|⟶|->|=>|\+|\b(?:requir|need|must|depend|build|built|pre-?requisite|before|prior|learn|vs\b|"
                         r"versus|v/s|integrat|works?|trigger|invoke|send|stream|publish|deliver|forward|poll|read|write|subscribe|consume)", re.I)


def _thing_before(doc: Doc, end: int) -> Ref | None:
    """The service or concept named last before ``end`` in the same clause."""
    spans = [s for s in lexicon_spans(doc) if s.end_char <= end]
    clause_start = max((m.end() for m in re.finditer(r"[;.(]\s|[,;(]|\s[—–-]\s", text_of(doc)[:end])), default=0)
    if spans and spans[-1].start_char >= clause_start:
        return span_ref(spans[-1])
    head = clean_term(text_of(doc)[clause_start:end])
    words = head.split()
    if words and len(words) <= 4 and looks_like_name(head):
        return Ref("phrase", "", head)
    return None


def _first_thing(doc: Doc, end: int) -> Ref | None:
    """The line's topic: the first service or concept it names before ``end``."""
    spans = [s for s in lexicon_spans(doc) if s.end_char <= end]
    return span_ref(spans[0]) if spans else None


def _thing_after(doc: Doc, start: int) -> Ref | None:
    ref, _ = thing_at(doc, start, allow_lower=True)
    if ref is None or is_generic(ref.text):
        return None
    if ref.kind == "phrase" and len(ref.text.split()) > 3:
        ref = Ref(ref.kind, ref.key, " ".join(ref.text.split()[:3]))
    return ref


def prerequisites(doc: Doc) -> list[RelationMention]:
    text = text_of(doc)
    found = []
    for m in _REQUIRES.finditer(text):
        if re.search(r"\b(?:not|no|never)\s+$", text[max(0, m.start() - 8):m.start()], re.I):
            continue
        y = _thing_after(doc, m.end())
        x = _thing_before(doc, m.start()) or _first_thing(doc, m.start()) or doc._.subject
        if y is not None and x is not None and y.text.lower() != x.text.lower():
            found.append(RelationMention("PREREQUISITE_OF", y, x, rule="requires"))
    for m in _PREREQ_OBJECT_FIRST.finditer(text):
        y = _thing_before(doc, m.start())
        x = _thing_after(doc, m.end())
        if x is not None and y is not None:
            found.append(RelationMention("PREREQUISITE_OF", y, x, rule="prerequisite"))
    for pattern in (_BEFORE_LEARN, _LEARN_BEFORE):
        m = pattern.search(text)
        if m:
            x = _thing_after(doc, m.start("x"))
            y = _thing_after(doc, m.start("y"))
            if x is not None and y is not None:
                found.append(RelationMention("PREREQUISITE_OF", y, x, rule="learn-before"))
    return found


def comparisons(doc: Doc) -> list[RelationMention]:
    text = text_of(doc)
    separators = list(_VS.finditer(text))
    if not separators:
        return []
    things: list[Ref] = []
    first = _thing_before(doc, separators[0].start())
    if first is None and separators[0].start() <= 3:
        first = doc._.subject  # a glossary row "vs ElastiCache" under DynamoDB
    if first is not None:
        things.append(first)
    for sep in separators:
        ref = _thing_after(doc, sep.end())
        if ref is not None:
            things.append(ref)
    return [
        RelationMention("COMPARED_WITH", a, b, rule="vs")
        for a, b in itertools.combinations(things, 2)
        if a.text.lower() != b.text.lower()
    ]


def integrations(doc: Doc) -> list[RelationMention]:
    text = text_of(doc)
    spans = lexicon_spans(doc)
    found = []
    arrows = list(ARROW.finditer(text))
    if arrows:
        left = [s for s in spans if s.end_char <= arrows[0].start()]
        if left and left[0].start_char <= 2 and len(text[: arrows[0].start()].split()) <= 4:
            source = span_ref(left[0])
            segment_end = arrows[1].start() if len(arrows) > 1 else len(text)
            for s in spans:
                if arrows[0].end() <= s.start_char < segment_end and s.kb_id_ != left[0].kb_id_:
                    found.append(RelationMention("INTEGRATES_WITH", source, span_ref(s), rule="flow"))
    for m in _INTEGRATES.finditer(text):
        before = [s for s in spans if s.end_char <= m.start()]
        after = [s for s in spans if s.start_char >= m.end() and s.start_char - m.end() <= 12]
        source = span_ref(before[-1]) if before else (doc._.subject if doc._.subject and doc._.subject.kind == "service" else None)
        if source is not None and after and after[0].kb_id_ != source.key:
            found.append(RelationMention("INTEGRATES_WITH", source, span_ref(after[0]), rule="integrates"))
    services = sorted((s for s in spans if span_ref(s).kind == "service"), key=lambda s: s.start_char)
    for a, b in zip(services, services[1:]):
        joined = a.kb_id_ != b.kb_id_ and _PLUS.fullmatch(text[a.end_char:b.start_char])
        # "RDS + Aurora + ElastiCache" lists three: a list, not a pair set up together
        if joined and not text[:a.start_char].rstrip().endswith("+") and not text[b.end_char:].lstrip().startswith("+"):
            found.append(RelationMention("INTEGRATES_WITH", span_ref(a), span_ref(b), rule="plus"))
    return found


@Language.factory("relation_mentions")
def make_relation_mentions(nlp: Language, name: str) -> "RelationMatcher":
    return RelationMatcher()


class RelationMatcher:
    """Appends PREREQUISITE_OF, COMPARED_WITH and INTEGRATES_WITH mentions to ``doc._.relations``."""

    def match(self, doc: Doc) -> list[RelationMention]:
        text = text_of(doc)
        if not _MAY_RELATE.search(text):
            return []  # no rule can fire
        if doc._.block is not None and doc._.block.kind == "heading" and not _VS.search(text):
            return []
        return prerequisites(doc) + comparisons(doc) + integrations(doc)

    def __call__(self, doc: Doc) -> Doc:
        doc._.relations = list(doc._.relations or []) + self.match(doc)
        return doc
