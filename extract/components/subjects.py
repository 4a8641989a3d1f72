"""What a block is about: its glossary term, the bullet it hangs under, or its nearest heading.

Later components use the subject where a note leaves the "X" implicit ("Use case: …"
under an EFS heading, "Max 5TB" under "Multipart Upload", a glossary row's note).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components.text import API_WORD, after_parent, clean_term, is_generic, looks_like_name, name_part
from extract.lexicon import Lexicon
from extract.mentions import Ref

_ARROW = re.compile(r"\s*(?:→|⇒|-{1,2}>|=>)\s*")
_USE = re.compile(r"^(?:use|using|choose)\s+", re.I)
_NAME_RUN = re.compile(r"(?:[A-Z0-9][\w@./+-]*)(?:\s+[A-Z0-9][\w@./+-]*){0,4}")
_HEAD_SPLIT = re.compile(r"\s*(?::|=|\s[-–—]\s|→|->|=>)\s*")
_AMPERSAND = re.compile(r"\s+&\s+")
_JOINS_NAMES = re.compile(r"\band\b|[&+/]|\s[-–—]\s", re.I)


@Language.factory("section_subject")
def make_section_subject(nlp: Language, name: str) -> "SectionSubject":
    return SectionSubject(nlp)


def _lists_names(term: str, spans: list) -> bool:
    """Whether a heading that opens with a lexicon name goes on to list others ("ECS Fargate + ALB",
    "ELB and ASG", "SNS FIFO SQS FIFO") rather than name one thing ("S3 Object Lambda"): one more
    name is allowed, only as the last word and not right after the first or after "and", "&",
    "+", "/" or a dash."""
    if len(spans) == 1:
        return False
    if len(spans) > 2 or spans[1].end_char < len(term.rstrip(" :")):
        return True
    between = term[spans[0].end_char:spans[1].start_char]
    return not between.strip() or bool(_JOINS_NAMES.search(between))


def _feature_of(lexicon: Lexicon, service: Span, feature: Span) -> bool:
    """Whether ``feature`` names a lexicon concept of the service ``service`` names, right after it or
    after a dash or colon ("DynamoDB – GSI")."""
    entry = lexicon.by_id(feature.kb_id_)
    return (service.label_ == "SERVICE" and entry is not None and entry.kind == "concept"
            and entry.part_of == service.kb_id_
            and service.doc.text[service.end_char:feature.start_char].strip() in ("", "-", "–", "—", ":"))


class SectionSubject:
    """Sets ``doc._.subject`` to a :class:`Ref`, or ``None`` when nothing names the section."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self._cache: dict[tuple[str, bool], Ref | None] = {}
        self._services: dict[str, str | None] = {}  # heading -> heading_service

    def name_ref(self, text: str, *, any_case: bool = False) -> Ref | None:
        """The thing a short name refers to: a lexicon entry if one matches, else the name as a phrase
        (``any_case``: also a lower-case one, where only names go: a glossary's term column)."""
        cached = (text, any_case)
        if cached in self._cache:
            return self._cache[cached]
        ref = None
        term = name_part(clean_term(text))  # "Time To Live (TTL)" is the same thing as "Time To Live"
        if term and API_WORD.fullmatch(term):  # an identifier: "CAPABILITY_NAMED_IAM" is not about IAM
            ref = Ref("phrase", "", term)
        elif term and not is_generic(term):
            ruler = self.nlp.get_pipe("service_mentions")
            spans = ruler.match(self.nlp.make_doc(term), context=term)
            if len(spans) == 2 and spans[1].end_char == len(term.rstrip(" :")) and _feature_of(ruler.lexicon, *spans):
                spans = spans[1:]  # "S3 Cross Region Replication": S3's own Cross-Region Replication
            if spans:
                span = spans[0]
                kind = "service" if span.label_ == "SERVICE" else "concept"
                # "S3 Lifecycle Rules" is about lifecycle rules, not S3: the phrase wins when
                # the lexicon name is only a prefix of a longer name.
                gap = term[span.end_char:span.end_char + 3]
                rest = term[span.end_char:].strip(" :-–")
                # "AWS SQS – Standard Queue" is about SQS; only a name run on ("S3 Lifecycle Rules") is a new thing
                if re.match(r"\s*[-–—:(/|,]", gap):
                    rest = ""
                pair = self.feature_pair(term) if span.start == 0 else None
                if span.start == 0 and rest and looks_like_name(rest) and rest[0].isupper() and not _lists_names(term, spans):
                    ref = Ref("phrase", span.kb_id_ if span.label_ == "SERVICE" else "", term)
                elif pair is not None:  # the section is about the first of the two
                    ref = self.name_ref(pair[0])
                else:
                    ref = Ref(kind, span.kb_id_, span.text)
            elif looks_like_name(term, any_case=any_case):
                ref = Ref("phrase", "", term)
        if len(self._cache) < 100_000:
            self._cache[cached] = ref
        return ref

    def feature_pair(self, term: str) -> list[str] | None:
        """The two features a heading pairs ("S3 Select & Glacier Select"), when both are phrases and
        not lexicon names ("ELB & ASG" lists two services); else ``None``."""
        parts = _AMPERSAND.split(term)
        if len(parts) != 2:
            return None
        refs = [self.name_ref(part) for part in parts]
        return parts if all(r is not None and r.kind == "phrase" for r in refs) else None

    def subject_of(self, doc: Doc) -> Ref | None:
        block = doc._.block
        if block is None:
            return None
        term = block.field("term") or block.field("front")
        any_case = bool(block.field("term")) and block.kind == "glossary"
        if not term and block.fields:
            # a continuation row names its item in its first cell ("Custom Authorizer:")
            first = block.fields[0][1].strip()
            # a bracket after a name in a cell of its own does not count: "DynamoDB – GSI (Global Secondary Index)"
            words = len((name_part(first) if len(block.fields) > 1 else first).split())
            term = first if words <= 5 else ""
        if term:
            ref = self.name_ref(term, any_case=any_case)
            if ref is not None:
                return ref
        if block.parent:
            ref = self.parent_ref(block.parent)
            if ref is not None:
                # the row's item may itself be the last heading ("Patch Manager" rows under that heading)
                path = block.heading_path
                above = path[:-1] if path[-1:] == (block.parent,) else path
                return self.in_service(ref, above) if ref.kind == "phrase" and not ref.key else ref
        path = block.heading_path
        for depth in reversed(range(len(path))):
            ref = self.name_ref(after_parent(path[depth], path[:depth]))
            if ref is not None:
                return self.in_service(ref, path[:depth]) if ref.kind == "phrase" and not ref.key else ref
        return None

    def parent_ref(self, parent: str) -> Ref | None:
        """What the item a row continues is about: a lexicon concept the whole name gives ("DynamoDB – GSI
        (Global Secondary Index)"), the name after an arrow ("Large uploads → Multipart Upload …"), or its head."""
        whole = self.name_ref(parent) if len(name_part(parent).split()) <= 5 else None
        if whole is not None and whole.kind == "concept":
            return whole
        parts = _ARROW.split(parent, maxsplit=1)
        if len(parts) == 2:
            head = _NAME_RUN.match(_USE.sub("", parts[1].strip()))
            ref = self.name_ref(head.group(0)) if head else None
            if ref is not None:
                return ref
        head = _HEAD_SPLIT.split(clean_term(parent), maxsplit=1)[0]
        return self.name_ref(head) if head and len(head.split()) <= 5 else None

    def in_service(self, ref: Ref, above: tuple[str, ...]) -> Ref:
        """A phrase heading under one service's heading ("Destinations" under "AWS Lambda") keeps that service
        as its key, so the resolver can read it as the service's own concept (Lambda Destination). The nearest
        heading the lexicon knows decides; one that lists several services ("Monitoring: CloudWatch, X-Ray,
        CloudTrail") or names a concept gives no service."""
        for depth in reversed(range(len(above))):
            service = self.heading_service(after_parent(above[depth], above[:depth]))
            if service is not None:
                return Ref("phrase", service, ref.text) if service else ref
        return ref

    def heading_service(self, heading: str) -> str | None:
        """The service id a heading is about alone; "" for a heading about something else the lexicon knows
        (a concept, several services), ``None`` for one it does not. Kept per heading: every line under it asks."""
        if heading in self._services:
            return self._services[heading]
        outer = self.name_ref(heading)
        service = None
        if outer is not None and outer.kind != "phrase":
            # Under a concept's heading ("Flexible Retrieval" > "Flexibilities": "Standard") a name is part of that
            # concept, not of its service: only a service's own heading gives it.
            ruler = self.nlp.get_pipe("service_mentions")
            named = {s.kb_id_ for s in ruler.match(self.nlp.make_doc(heading), context=heading) if s.label_ == "SERVICE"}
            service = outer.key if outer.kind == "service" and named <= {outer.key} else ""
        if len(self._services) < 100_000:
            self._services[heading] = service
        return service

    def __call__(self, doc: Doc) -> Doc:
        doc._.subject = self.subject_of(doc)
        return doc
