"""Reading "the thing" at a position of a doc: a lexicon span, or a short capitalised phrase.

USE_WHEN and relation rules need the X of "use X for Y" or of "… → X": this module
turns a character position into a :class:`Ref` without the rules knowing how.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extract.components.text import clean_term, is_generic
from extract.mentions import Ref

_LEAD = re.compile(  # no "^": it is matched at a position with pattern.match(text, pos)
    r"(?:\s|[✅✔☑👉*_\"'“”‘’`(]|use\b|using\b|the\b|a\b|an\b|enable\b|choose\b|go with\b|pick\b|try\b|consider\b|with\b|via\b|then\b|:)+",
    re.I,
)
# Lower-case head nouns that end a name ("Service-linked role", "event pattern filters").
HEAD_NOUNS = frozenset(
    "role roles policy policies table tables rule rules filter filters queue queues function functions bucket "
    "buckets key keys endpoint endpoints gateway group groups instance instances volume volumes cluster clusters "
    "environment environments stream streams topic topics layer layers template templates record records mode "
    "type types class classes store stores pattern patterns cache index indexes replica replicas snapshot "
    "snapshots lock locks url urls cookie cookies variable variables alias aliases api apis".split()
)
_STOP_WORDS = frozenset(
    "for to when if with in on at by via which that because since so as from into is are was be can "
    "will should must and or but not instead rather than of".split()
)
_PHRASE_WORD = re.compile(r"[A-Za-z0-9/][\w@.'/&+:-]*")


def span_ref(span: Span) -> Ref:
    return Ref("service" if span.label_ == "SERVICE" else "concept", span.kb_id_, span.text)


def text_of(doc: Doc) -> str:
    """The doc's text, computed once (``Doc.text`` joins every token on each call)."""
    text = doc.user_data.get("servicemap.text")
    if text is None:
        text = doc.user_data["servicemap.text"] = doc.text
    return text


def lexicon_spans(doc: Doc) -> list[Span]:
    """The lexicon matches, materialised once per doc."""
    spans = doc.user_data.get("servicemap.lexicon")
    if spans is None:
        spans = list(doc.spans["lexicon"]) if "lexicon" in doc.spans else []
        doc.user_data["servicemap.lexicon"] = spans
    return spans


_EXPLICIT_VERB = re.compile(r"(?:use|using|choose|enable|pick|go with|consider)\s+$", re.I)


def thing_at(doc: Doc, start: int, end: int | None = None, *, allow_lower: bool = False) -> tuple[Ref | None, int]:
    """The service/concept that the text starting at ``start`` names, and where it ends.

    A lexicon match right at the start wins; else the capitalised phrase there
    ("Multipart Upload for reliability" → "Multipart Upload"). When a service is
    followed by more capitalised words ("DynamoDB Encryption Client") the whole
    phrase is the thing, as a concept of that service.
    """
    text = text_of(doc)
    end = len(text) if end is None else end
    lead = _LEAD.match(text, start, end)
    pos = lead.end() if lead else start
    # After an explicit "use"/"choose", a lower-case noun phrase names the thing ("use DLQ", "choose single-instance environment").
    allow_lower = allow_lower or bool(_EXPLICIT_VERB.search(text[start:pos]))
    phrase_words: list[str] = []
    phrase_end = pos
    for m in _PHRASE_WORD.finditer(text, pos, end):
        if m.start() != phrase_end and text[phrase_end:m.start()].strip() not in ("",):
            break
        word = m.group(0).rstrip(".,:;'")
        if word.lower() in _STOP_WORDS or len(phrase_words) >= 5:
            break
        if not phrase_words and not (allow_lower or word[0].isupper() or word[0].isdigit() or any(c.isupper() for c in word[1:])):
            break
        if phrase_words and not (word[0].isupper() or any(c.isupper() for c in word) or word[0].isdigit() or allow_lower):
            if word.lower() in HEAD_NOUNS:  # "Service-linked role": the head noun closes the name
                phrase_words.append(word)
                phrase_end = m.start() + len(word)
            break
        phrase_words.append(word)
        phrase_end = m.start() + len(word)
    for span in lexicon_spans(doc):
        if span.start_char == pos:
            phrase = " ".join(phrase_words)
            extra = text[span.end_char:phrase_end].split()
            if extra and all(w.lower() in HEAD_NOUNS for w in extra):
                return span_ref(span), phrase_end  # "EFS volume" is EFS
            if phrase_end > span.end_char + 1 and not any(s.start_char > span.start_char and s.start_char < phrase_end for s in lexicon_spans(doc) if s is not span):
                return Ref("phrase", span.kb_id_ if span.label_ == "SERVICE" else "", clean_term(phrase)), phrase_end
            return span_ref(span), span.end_char
    if phrase_words:
        phrase = clean_term(" ".join(phrase_words))
        if phrase and not is_generic(phrase):
            return Ref("phrase", "", phrase), phrase_end
    return None, pos


def things_in(doc: Doc, start: int, end: int) -> list[Ref]:
    """Every lexicon span fully inside [start, end)."""
    return [span_ref(s) for s in lexicon_spans(doc) if s.start_char >= start and s.end_char <= end]


def following_things(doc: Doc, first: Ref, pos: int, end: int) -> list[Ref]:
    """``first`` plus the things joined to it by "+", "&", "and" or "/" ("WAF + CloudFront")."""
    found = [first]
    text = text_of(doc)
    while True:
        m = re.match(r"\s*(?:\+|&|and\b|or\b|/|,)\s*", text[pos:end])
        if not m:
            break
        ref, new_pos = thing_at(doc, pos + m.end(), end)
        if ref is None or new_pos <= pos + m.end():
            break
        found.append(ref)
        pos = new_pos
    return found
