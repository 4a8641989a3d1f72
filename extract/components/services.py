"""Service (and lexicon concept) mentions, matched from the lexicon with a PhraseMatcher.

Matching is on ``LOWER`` so case never matters; the lexicon supplies spacing, hyphen
and plural variants. Aliases that are ordinary words ("Config", "Shield", "Batch")
only count with context: "AWS"/"Amazon" just before, or the entry being what the
section is about.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.lexicon import Lexicon, LexiconEntry, load_lexicon

SPAN_KEY = "lexicon"
_AMBIGUOUS = "?"  # prefix of match keys whose pattern needs context


@Language.factory("service_mentions", default_config={"lexicon_dir": None})
def make_service_mentions(nlp: Language, name: str, lexicon_dir: str | None) -> "ServiceMentions":
    return ServiceMentions(nlp, load_lexicon(Path(lexicon_dir) if lexicon_dir else None))


class ServiceMentions:
    """Puts lexicon matches in ``doc.spans["lexicon"]``: label SERVICE or CONCEPT, ``kb_id_`` = entry id."""

    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns: dict[str, list[str]] = defaultdict(list)
        for surface, entry, ambiguous in lexicon.surface_forms():
            patterns[(_AMBIGUOUS if ambiguous else "") + entry.id].append(surface)
        for key, surfaces in patterns.items():
            self.matcher.add(key, list(nlp.tokenizer.pipe(surfaces)))

    def match(self, doc: Doc, *, context: str = "") -> list[Span]:
        """Longest non-overlapping lexicon matches; ``context`` is the heading text around the doc."""
        spans, pending = [], []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            entry = self.lexicon.by_id(key.lstrip(_AMBIGUOUS))
            if entry is None:
                continue
            label = "SERVICE" if entry.kind == "service" else "CONCEPT"
            span = Span(doc, start, end, label=label, kb_id=entry.id)
            if key.startswith(_AMBIGUOUS) and not _has_context(doc, start, end, entry, context):
                pending.append(span)
            else:
                spans.append(span)
        # "EC2 (stop, reboot), Auto Scaling, SNS, Lambda": a capitalised ordinary word listed
        # beside named services is one of them.
        if pending and any(s.label_ == "SERVICE" for s in spans):
            spans += [s for s in pending if s.text[:1].isupper() and _listed(doc, s)]
        return filter_spans(spans)

    def __call__(self, doc: Doc) -> Doc:
        block = doc._.block
        context = " / ".join(block.heading_path) if block is not None else ""
        doc.spans[SPAN_KEY] = self.match(doc, context=context)
        return doc


def _listed(doc: Doc, span: Span) -> bool:
    """The span stands as an item of a comma or "vs" list."""
    before = doc[span.start - 1].text.lower() if span.start > 0 else ""
    after = doc[span.end].text.lower() if span.end < len(doc) else ""
    return before in (",", "vs", "vs.", "and", "&", "/") or after in (",", "/", "&")


def _has_context(doc: Doc, start: int, end: int, entry: LexiconEntry, context: str) -> bool:
    """An ordinary-word alias is the service only when the note says so."""
    if start > 0 and doc[start - 1].lower_ in ("aws", "amazon"):
        return True
    first = doc[start]
    if not (first.text[:1].isupper()):
        return False  # "in the config file", "shield your app"
    # Upper-case and the section is about this very service ("AWS Batch" heading, then "Batch …").
    lowered = context.lower()
    return entry.name.lower() in lowered or any(
        alias.lower() in lowered for alias in entry.aliases if alias not in entry.ambiguous
    )
