"""USE_WHEN: "use X when Y", in every phrasing the notes use.

Rules (each has a test with the note line that motivated it):

* ``arrow``     "“Y” → X", "Need Y -> use X", "Y => X"
* ``chain``     "“Y” → Root cause → X", "❌ Y → invalid → use X": the last link of a chain
* ``use``       "Use X for / when / to / if Y"
* ``fit``       "X is ideal / best / great / a good fit / suitable / used for Y" (X may be the section's subject)
* ``use_case``  "Use case(s): Y" (X is the section's subject)
* ``section``   bullets under a "Use cases" / "When to use" heading, and cells of a "Use Case" table column

Negative guidance ("not X", "❌", "avoid X when …", "X can't …") never yields a USE_WHEN for X (a ❌
line yields one only for what its chain ends on).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.phrases import following_things, lexicon_spans, span_ref, thing_at, things_in, text_of
from extract.components.text import is_generic
from extract.mentions import Ref, RelationMention

ARROW = re.compile(r"\s*(?:→|⇒|⟶|-{1,2}>|=>)\s*")
_NEGATIVE_HEAD = re.compile(r"^\s*(?:❌|not\b|no\b|never\b|avoid\b|don'?t\b|do not\b|instead of\b|without\b|missing\b|check\b|fix\b)", re.I)
# A lone imperative at the head of an answer ("Deploy in public subnet with Elastic IP") is not the thing to use.
_VERB_HEADS = frozenset("deploy set create add update enable configure run put attach move change make send store "
                        "increase decrease reduce modify assign grant allow apply switch turn".split())
_NEGATIVE_BEFORE = re.compile(r"(?:❌|\bnot|\bnever|\bavoid|\bdon'?t|\bdo not|\bcan'?t|\bcannot|\bwithout|\binstead of)\s*$", re.I)
_CONDITION_LIKE = re.compile(r"^\s*(?:[\"“”'‘]|need|needs|want|if|when|whenever|for|to|how to|must|should|require|large|small|many|high|low|frequent|infrequent|cheap|cost|fast|real[- ]time|serverless|want)", re.I)
_USE = re.compile(r"(?<![\w-])(?:use|using|choose|pick|go with|opt for|implement|enable|add)\s+", re.I)
# The situation said before "use X": "Secure secrets: use X", "…, for bigger sizes one must use X".
_LEAD_CONDITION = re.compile(
    r"(?:^|[,;.]\s*)(?:(?:if|when|whenever|for|to)\s+)?(?P<y>[^,;:.]{3,120}?)\s*(?::\s*|\s+(?:you |we |one )?(?:must|should|can|need to|have to)\s+)$",
    re.I)
_CONNECTOR = re.compile(r"^\s*(?:\([^)]{0,60}\)\s*)?(?:[-–—:,]\s*)?(for|when|whenever|if|to|in order to|where|as|in)\b\s*(?P<y>.+)", re.I)
_FIT = re.compile(
    r"(?:\b(?:is|are)\s+)?(?:\b(?:ideal|best|great|good|perfect|well[- ]suited|suited|suitable|recommended|designed|"
    r"meant|built|optimi[sz]ed|preferred|a good fit|a great fit|the best choice|(?:typically |mainly |commonly |often |primarily )?used|fit|works? best)\s+(?:only\s+|mainly\s+|mostly\s+|especially\s+)?for\b|\bpreferred\s+in\b)\s*(?P<y>.+)",
    re.I,
)
_USE_CASE = re.compile(r"\buse[- ]?cases?\b\s*(?:\([^)]{0,40}\))?\s*(?:[:=-]|include|are|is)\s*(?P<y>.+)", re.I)
_SECTION = re.compile(r"\b(?:use[- ]?cases?|when to use|when to choose|which (?:one )?to (?:use|choose)|choosing|ideal for|best for)\b", re.I)
_ITEM_HEAD = re.compile(r"^\s*(?P<x>[^:=–—]{2,50}?)\s*(?::|=|\s[-–—]\s|→|->|=>)\s*(?P<y>\S.+)$")
_LEADING_CONDITION_WORDS = re.compile(r"^\s*(?:[\"“”'‘]+|need(?:s)? to\b|need(?:s)?\b|you need\b|want(?:s)? to\b|if\b|when\b|whenever\b|for\b|to\b)\s*", re.I)
# Every rule needs one of these in the line (or a "use cases" section around it).
_MAY_ADVISE = re.compile(r"→|⇒|⟶|->|=>|[\"“”]|[:=]\s*(?:used? )?(?:for|when)\b|\b(?:use|using|choose|pick|go with|opt|implement|enable|add|ideal|best|great|good|"
                         r"perfect|suit|recommend|design|meant|built|optimi|prefer|fit|works?|need|helpful|useful|case)", re.I)
_SECTION_CONTEXT = re.compile(r"use[- ]?cases?|when to|which (?:one )?to|choosing|ideal for|best for", re.I)
# "Docker is not for AWS Lambda, it's for ECS / Fargate": the negation names what not to use, the rest what to use.
_NOT_BUT = re.compile(r"^(?P<y>[^,;]{2,60}?)\s+(?:is|are)\s+not\s+(?:meant\s+)?for\s+[^,;]+[,;]\s*(?:but\s+)?(?:it'?s|it is|they'?re|use)\s+(?:for\s+)?(?P<x>.+)$", re.I)
_PRONOUNS = frozenset("this that it these those them they one something anything everything".split())
_ROOT_CAUSE = frozenset({"root cause", "root", "fix", "cause", "reason", "result", "trap", "error", "answer", "solution", "why"})
_EXPLICIT_ADVICE = re.compile(r"\s*(?:✅\s*)?(?:(?:must|should|then|just)\s+)?(?:use|choose|enable|go with|pick|needs?|requires?|add)\b", re.I)
# A: "Use: Y", "Use when Y", "Use for Y" with no X: X is the section's subject.
_BARE_USE = re.compile(r"^\s*(?:use|used|use it|good|great|best|ideal|helpful|useful|need(?:ed)?)\s*(?::|when\b|for\b|if\b|to\b)\s*(?P<y>.{3,})", re.I)
# G: "DLQ: For async failures" — a definition whose body says what X is for.
_DEFINED_FOR = re.compile(r"^\s*(?P<x>[^:=]{2,40}?)\s*[:=]\s*(?:use(?:d)?\s+)?(?:for|when)\s+(?P<y>.{3,})", re.I)
# “Need Y” - X  /  “Y”: X  — a quoted situation, then a dash or colon instead of an arrow.
_QUOTED_LEAD = re.compile(r"^\s*(?:✅\s*)?[\"“](?P<y>[^\"“”]{3,200})[\"”]\s*(?:-|–|—|:)\s*")
_IF_CLAUSE = re.compile(
    r"^\s*(?:if|when|whenever|for|to)\s+(?P<y>[^,;:]{3,160}?)\s*(?:[,:]|\s(?=(?:you |we |one )?(?:must|should|then|can|need to|have to)\b))",
    re.I)


def clean_condition(text: str) -> str:
    """The Y of a rule as a short readable phrase: no quotes, no leading "Need to"."""
    text = text.strip()
    for _ in range(3):
        text = _LEADING_CONDITION_WORDS.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" \"“”'‘’.,;:-–—")
    return text[:240]


def _is_negative(doc_text: str, start: int) -> bool:
    return bool(_NEGATIVE_BEFORE.search(doc_text[max(0, start - 14):start]))


def _usable(ref: Ref | None) -> bool:
    return (ref is not None and not is_generic(ref.text) and ref.text.lower() not in _ROOT_CAUSE
            and ref.text.split()[0].lower() not in _PRONOUNS)  # "enable this under monitoring": a pronoun is no thing


@Language.factory("use_when")
def make_use_when(nlp: Language, name: str) -> "UseWhenMatcher":
    return UseWhenMatcher()


class UseWhenMatcher:
    """Appends USE_WHEN :class:`RelationMention` s to ``doc._.relations``."""

    def match(self, doc: Doc) -> list[RelationMention]:
        found: list[RelationMention] = []
        text = text_of(doc)
        if "❌" in text[:4]:
            return self._chain(doc)  # "❌ CNAME at zone apex → invalid → use Alias A record": only its last link advises
        block = doc._.block
        if not _MAY_ADVISE.search(text) and not (block is not None and (block.column or block.heading_path or block.parent)
                                               and _SECTION_CONTEXT.search(" ".join((block.column, block.parent, *block.heading_path[-1:])))):
            return found  # no rule can fire: skip the regex work (most lines of a note)
        found += self._arrow(doc)
        if not found:
            found += self._chain(doc)
        if not found:
            found += self._not_but(doc)
        if not found:
            found += self._use(doc)
        if not found:
            found += self._fit(doc)
        if not found:
            found += self._use_case(doc)
        if not found:
            found += self._section(doc)
        return _dedupe(found)

    def _arrow(self, doc: Doc) -> list[RelationMention]:
        text = text_of(doc)
        arrows = list(ARROW.finditer(text))
        if not arrows:
            quoted = _QUOTED_LEAD.match(text)
            if quoted:
                ref, pos = thing_at(doc, quoted.end())
                if _usable(ref):
                    return [RelationMention("USE_WHEN", ref, None, clean_condition(quoted.group("y")), "arrow")]
            return []
        first = arrows[0]
        left = text[: first.start()]
        label = re.match(r"^\s*[^:=→\"“]{2,30}?:\s+(?=\S)", left)
        if label and len(label.group(0).split()) <= 3 and len(left[label.end():].split()) >= 2:
            left = left[label.end():]  # "Exam Hook: Windows workloads … → Directory Service"
        right_end = arrows[1].start() if len(arrows) > 1 else len(text)
        explicit = _EXPLICIT_ADVICE.match(text, first.end())
        if explicit and len(left.split()) >= 2 and not _is_negative(text, first.end() + 20):
            # "Lambda in VPC → must use VPC endpoint or NAT Gateway": "use" makes it advice whatever the left is.
            ref, pos = thing_at(doc, explicit.end(), right_end, allow_lower=True)
            condition = clean_condition(left.split(":")[-1] if ":" in left else left)
            if _usable(ref) and condition:
                return [RelationMention("USE_WHEN", x, None, condition, "arrow")
                        for x in following_things(doc, ref, pos, right_end)]
        if left.count("(") > left.count(")") or re.match(r"\s*use\b", left, re.I):
            return []  # "(e.g., 30d → Glacier)" is an aside; "Use X for Y → Z" is the use rule's
        quoted = bool(re.search(r"[\"“”]", left))
        left_spans = [s for s in lexicon_spans(doc) if first.start() - len(left) <= s.start_char and s.end_char <= first.start()]
        # "S3 event => Lambda" and "subnet → NAT → IGW" are flows, not advice.
        flow_like = bool(left_spans) and left_spans[0].start_char <= first.start() - len(left) + 2 and not _CONDITION_LIKE.match(left)
        # A labelled description ("Destinations: … → SQS") or a chain is advice only when the
        # left side reads as a situation: quoted, or "Need …", "If …", "Large uploads".
        described = bool(re.search(r"[:=]", left)) or len(arrows) > 1 or len(left.split()) > 8
        if not quoted and (flow_like or (described and not _CONDITION_LIKE.match(left))):
            return []
        if len(left.split()) < 2 or _NEGATIVE_HEAD.match(text[first.end():right_end]):
            return []
        if re.match(r"\s*\d", text[first.end():]):
            return []  # "10GB → 128TB" is a range, not advice
        if not quoted and text[first.end():right_end].count(",") >= 2 and len(left.split()) <= 2:
            return []  # "Endpoints → Edge-optimized, Regional, Private" enumerates
        if re.match(r"\s*for\b", text[first.end():right_end], re.I) and len(left.split()) <= 3:
            # "AWSXRayDaemonWriteAccess → for services writing trace data": X → for Y
            head, _ = thing_at(doc, 0, first.start())
            condition = clean_condition(text[first.end():right_end])
            return [RelationMention("USE_WHEN", head, None, condition, "arrow")] if _usable(head) and condition else []
        # After a quoted situation a short lower-case answer is the thing ("→ awsvpc.", "→ custom sampling rule").
        short_answer = quoted and len(text[first.end():right_end].split()) <= 4
        ref, pos = thing_at(doc, first.end(), right_end, allow_lower=short_answer)
        if ref is not None and ref.kind == "phrase" and ref.text.split()[0].lower() in _VERB_HEADS:
            inside = things_in(doc, pos, right_end)
            ref, pos = (inside[0], right_end) if inside else (None, pos)
            if ref is not None:
                return [RelationMention("USE_WHEN", x, None, clean_condition(left), "arrow") for x in inside]
        if not _usable(ref) and len(text[first.end():right_end].split()) <= 4:
            inside = things_in(doc, first.end(), right_end)  # "→ plain Lambda"
            if inside and not flow_like:
                return [RelationMention("USE_WHEN", x, None, clean_condition(left), "arrow") for x in inside]
        if not _usable(ref):
            inner = re.search(r"\b(?:use|choose)\s+", text[first.end():right_end], re.I)
            if not inner or not quoted:
                return []
            ref, pos = thing_at(doc, first.end() + inner.start(), right_end)
            if not _usable(ref):
                return []
        condition = clean_condition(left)
        if not condition:
            return []
        return [RelationMention("USE_WHEN", x, None, condition, "arrow") for x in following_things(doc, ref, pos, right_end)]

    def _chain(self, doc: Doc) -> list[RelationMention]:
        """A situation, then a chain of arrows whose last link is the answer: "“Tried to add a replica
        Region, got an error” → ✅ Root cause → DynamoDB Streams not enabled", "❌ CNAME at zone apex →
        invalid → use Alias A record". The situation must be quoted, or marked ❌ with "use" before the
        answer (a chain of plain names is a flow: "subnet → NAT → IGW")."""
        text = text_of(doc)
        arrows = list(ARROW.finditer(text))
        if len(arrows) < 2:
            return []
        left = text[: arrows[0].start()]
        if not (re.search(r"[\"“]", left) or "❌" in left[:4]):
            return []
        explicit = _EXPLICIT_ADVICE.match(text, arrows[-1].end())
        if "❌" in left[:4] and not explicit:
            return []  # after ❌ only "→ use X" advises; "❌ SG → subnet → NAT" is a wrong flow
        ref, pos = thing_at(doc, explicit.end() if explicit else arrows[-1].end(), allow_lower=bool(explicit))
        condition = clean_condition(left.replace("❌", ""))
        if not _usable(ref) or not condition:
            return []
        return [RelationMention("USE_WHEN", x, None, condition, "chain") for x in following_things(doc, ref, pos, len(text))]

    def _not_but(self, doc: Doc) -> list[RelationMention]:
        m = _NOT_BUT.match(text_of(doc))
        if not m:
            return []
        condition = clean_condition(m.group("y"))
        return [RelationMention("USE_WHEN", x, None, condition, "not-but") for x in things_in(doc, m.start("x"), m.end("x"))]

    def _use(self, doc: Doc) -> list[RelationMention]:
        text = text_of(doc)
        for m in _USE.finditer(text):
            if _is_negative(text, m.start()):
                continue
            ref, pos = thing_at(doc, m.end(), allow_lower=True)
            if not _usable(ref) or (ref.kind == "phrase" and ref.text.islower() and len(ref.text.split()) > 3):
                continue
            things = following_things(doc, ref, pos, len(text))
            rest = text[pos:]
            # skip over the other things joined to X
            joined = re.match(r"^(?:\s*(?:\+|&|and|/|,)\s*[^\s,;]+)*", rest)
            conn = _CONNECTOR.match(rest[joined.end() if joined else 0:])
            if not conn:
                clause = _IF_CLAUSE.match(text[: m.start()])  # "If you want to encrypt >4 KB, use Envelope Encryption"
                if clause is None:
                    clause = _LEAD_CONDITION.search(text[: m.start()])
                if clause:
                    return [RelationMention("USE_WHEN", x, None, clean_condition(clause.group("y")), "use") for x in things]
                continue
            condition = clean_condition(re.split(r"[;]|\s[—–]\s|\.\s", conn.group("y"))[0])
            if len(condition) < 3 or (conn.group(1).lower() == "in" and len(condition.split()) < 2):
                continue
            return [RelationMention("USE_WHEN", x, None, condition, "use") for x in things]
        return []

    def _fit(self, doc: Doc) -> list[RelationMention]:
        text = text_of(doc)
        block = doc._.block
        for m in _FIT.finditer(text):
            if _is_negative(text, m.start()) or re.search(r"\bnot\s+(?:\w+\s+)?$", text[max(0, m.start() - 12):m.start()], re.I):
                continue
            condition = clean_condition(re.split(r"[;]|\s[—–]\s|\.\s", m.group("y"))[0])
            if len(condition) < 3:
                continue
            x = None
            if block is None or block.kind not in ("glossary", "card", "table_cell"):
                before = [s for s in lexicon_spans(doc) if s.end_char <= m.start()]
                if before and len(text[before[-1].end_char:m.start()].split()) <= 3:
                    x = span_ref(before[-1])
                else:
                    head, _ = thing_at(doc, 0, m.start())
                    if _usable(head) and len(text[:m.start()].split()) <= 6:
                        x = head
            x = x or doc._.subject
            if _usable(x):
                return [RelationMention("USE_WHEN", x, None, condition, "fit")]
        return []

    def _use_case(self, doc: Doc) -> list[RelationMention]:
        text = text_of(doc)
        defined = _DEFINED_FOR.match(text)
        if defined:
            ref, _ = thing_at(doc, defined.start("x"), defined.end("x"))
            if _usable(ref):
                return [RelationMention("USE_WHEN", ref, None, clean_condition(defined.group("y")), "use_case")]
        block = doc._.block
        field_text = block.field("note") or block.field("definition") if block is not None and block.kind == "glossary" else ""
        bare = _BARE_USE.match(field_text or text)
        if bare and _usable(doc._.subject) and not _NEGATIVE_HEAD.match(bare.group("y")):
            return [RelationMention("USE_WHEN", doc._.subject, None, clean_condition(bare.group("y")), "use_case")]
        m = _USE_CASE.search(text_of(doc))
        if not m or not _usable(doc._.subject):
            return []
        before = [s for s in lexicon_spans(doc) if s.end_char <= m.start()]
        x = span_ref(before[-1]) if before else doc._.subject
        condition = clean_condition(m.group("y"))
        return [RelationMention("USE_WHEN", x, None, condition, "use_case")] if len(condition) >= 3 else []

    def _section(self, doc: Doc) -> list[RelationMention]:
        block = doc._.block
        if block is None or block.kind == "heading":
            return []
        in_section = bool(block.heading_path) and bool(_SECTION.search(block.heading_path[-1]))
        in_column = bool(block.column) and bool(re.fullmatch(r"\W*(?:use[- ]?cases?|when to use|best for|ideal for)\W*", block.column, re.I))
        if block.parent and _SECTION.search(block.parent) and len(block.parent.split()) <= 4:
            in_section = True
        text = text_of(doc)
        row = block.heading_path[-1] if block.heading_path else ""
        if block.kind == "table_cell" and _SECTION.search(row) and block.column:
            # "| Use Case | Static websites … | Backup, DR |": each column is a thing, the row says when to use it
            name = self._column_thing(block.column)
            if name is not None and not _NEGATIVE_HEAD.match(text):
                return [RelationMention("USE_WHEN", name, None, clean_condition(text), "section")]
            return []
        if not (in_section or in_column) or _NEGATIVE_HEAD.match(text):
            return []
        item = _ITEM_HEAD.match(text)
        if item and in_section:
            ref, _ = thing_at(doc, item.start("x"), item.end("x"))
            if _usable(ref) and len(item.group("x").split()) <= 5:
                return [RelationMention("USE_WHEN", ref, None, clean_condition(item.group("y")), "section")]
        subject = doc._.subject
        condition = clean_condition(text)
        if _usable(subject) and len(condition) >= 3:
            return [RelationMention("USE_WHEN", subject, None, condition, "section")]
        return []

    def _column_thing(self, column: str) -> Ref | None:
        term = column.strip(" *")
        return Ref("phrase", "", term) if term and not is_generic(term) else None

    def __call__(self, doc: Doc) -> Doc:
        # A condition of stop words only ("runs on server, we need to use multi-AZ" → "we") says no situation.
        found = [rel for rel in self.match(doc) if rel.condition and not is_generic(rel.condition)]
        doc._.relations = list(doc._.relations or []) + found
        return doc


def _dedupe(found: list[RelationMention]) -> list[RelationMention]:
    seen, out = set(), []
    for rel in found:
        key = (rel.source, rel.condition)
        if key not in seen:
            seen.add(key)
            out.append(rel)
    return out
