"""Concept mentions: headings, bold terms, glossary terms, "X = …" / "X: …" definitions,
acronyms defined in brackets, and capitalised noun phrases (kept when they recur)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.text import (API_WORD, IMPERATIVES, TRAILING_BRACKET, after_parent, clean_term, is_generic,
                                      looks_like_name, name_part)
from extract.components.phrases import text_of
from extract.mentions import ConceptMention, Ref

# "X = …", "X: …", "X – …" at the start of a line: X is being defined.
_DEFINITION = re.compile(r"^\s*([^=:\n]{2,60}?)\s*(?:=|:|\s[-–—]\s)\s*(\S.*)$")
# "Read Replica (RR)" / "RR (Read Replica)"
_ACRONYM_AFTER = re.compile(r"\b((?:[A-Z][\w-]*\s+){1,5}[A-Z][\w-]*)\s*\(([A-Z][A-Za-z0-9]{1,7})\)")
_ACRONYM_BEFORE = re.compile(r"\b([A-Z][A-Z0-9]{1,7})\s*\(((?:[A-Z][\w-]*\s+){1,5}[A-Z][\w-]*)\)")
# Title-case runs of two to four words: "Multipart Upload", "Sticky Sessions", "Cross-Zone Load Balancing".
_TITLE_RUN = re.compile(r"\b(?:[A-Z][a-z0-9]+(?:-[A-Za-z0-9]+)*|[A-Z]{2,6}s?)(?:\s+(?:[A-Z][a-z0-9]+(?:-[A-Za-z0-9]+)*|[A-Z]{2,6}s?)){1,3}\b")
# "Command: --dry-run simulates API call", "Command: aws sts get-session-token –serial-number …": the
# label says a command follows; the command (an optional "aws", a service word, then a hyphenated
# command or a --flag) is what the line defines.
_COMMAND_LABEL = re.compile(r"^\s*(?:cli\s+)?(?:command|cmd)s?\s*$", re.I)
_COMMAND = re.compile(r"^(?:aws\s+)?(?:[a-z][a-z0-9]*\s+)?(?:--[a-z][a-z0-9-]*|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?=\s|$)")
# An API or parameter name written as one word of capitalised parts: "GetSessionToken", "ChangeMessageVisibility",
# "DelaySeconds". Like the runs above, it becomes a concept when several lines use it.
# A colon may follow when a space does ("ValidateService: …"), not when a value does ("s3:GetObject").
_API_NAME = re.compile(rf"(?<![\w./:-])(?:{API_WORD.pattern})(?![\w/-]|:\S)")
# A numbered label in front of the thing a line names ("Option 2:", "Step 3 -"): alone, or with its colon.
# "Stages → dev/test/prod": up to three words, the first capitalised, an arrow, and a lower-case text with no
# other arrow (one arrow between names is a use: "Large uploads → Multipart Upload"; more are a flow).
_NAME_ARROW = re.compile(r"^\s*([A-Z][\w@./+&-]*(?:\s+[\w@./+&-]+){0,2})\s*(?:→|->|=>)\s*([a-z][^→>]*)$")
_ADVICE = IMPERATIVES | {"must", "should"}  # "Expired token → must re-auth every 12 hours"
_OPTION = r"^\s*(?:option|step|method|approach|solution|way)\s*\d+\s*"
_OPTION_LABEL = re.compile(_OPTION + "$", re.I)
_OPTION_PREFIX = re.compile(_OPTION + r"[:.)-]\s*", re.I)
_STARTS_SENTENCE = frozenset("the a an this that these those it its use using if when for to in on with and or but not no all each every any some my your our their you we they".split())


_LETTER_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def says_what(rest: str) -> bool:
    """Whether what follows "X:" / "X =" describes X in words, not a value ("$0.08/GB", "3", "t2.micro").

    >>> says_what("removes cached items before TTL expires"), says_what("$0.015/GB"), says_what("200%")
    (True, False, False)
    """
    rest = rest.strip()
    return bool(rest) and not rest[0].isdigit() and rest[0] not in "$<>~" and len(_LETTER_WORD.findall(rest)) >= 2


def _initials(words: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", words) if w and w[0].isalnum()).upper()


def acronym_pairs(text: str) -> list[tuple[str, str]]:
    """(acronym, full name) pairs the text defines, when the initials agree."""
    pairs = []
    for full, short in _ACRONYM_AFTER.findall(text):
        words = full.split()
        for i in range(len(words)):  # the full name may start later: "Use Read Replica (RR)"
            candidate = " ".join(words[i:])
            if _initials(candidate) == short.upper().rstrip("S"):
                pairs.append((short, candidate))
                break
    for short, full in _ACRONYM_BEFORE.findall(text):
        if _initials(full) == short.upper().rstrip("S"):
            pairs.append((short, full))
    return pairs


@Language.factory("concept_mentions")
def make_concept_mentions(nlp: Language, name: str) -> "ConceptMentions":
    return ConceptMentions(nlp)


class ConceptMentions:
    """Sets ``doc._.concepts`` (strong and weak :class:`ConceptMention` s) and ``doc._.phrases``."""

    def __init__(self, nlp: Language):
        self.nlp = nlp

    def _lexicon_owner(self, doc: Doc, term: str) -> tuple[bool, Ref | None]:
        """(term is itself a lexicon name, the service it starts with)."""
        subjects = self.nlp.get_pipe("section_subject")
        ref = subjects.name_ref(term)
        if ref is None:
            return False, None
        if ref.kind in ("service", "concept"):
            return True, None
        return False, Ref("service", ref.key, "") if ref.key else None

    def match(self, doc: Doc) -> tuple[list[ConceptMention], list[str]]:
        block = doc._.block
        text = text_of(doc)
        found: list[ConceptMention] = []
        subject: Ref | None = doc._.subject
        part_of = subject if subject is not None and subject.kind == "service" else None

        def add(raw: str, *, definition: str = "", aliases: tuple[str, ...] = (), any_case: bool = False,
                loose: bool = False) -> None:
            term = _OPTION_PREFIX.sub("", clean_term(raw))
            bracket = TRAILING_BRACKET.match(term)
            # "Write-Through Cache (WTC)": the name, with the acronym as an alias
            if bracket and re.fullmatch(r"[A-Z][A-Za-z0-9-]{1,7}", bracket.group(2)):
                aliases = (*aliases, bracket.group(2))
            term = name_part(term)
            if not term or not looks_like_name(term, any_case=any_case) or " vs" in term.lower():
                return
            pair = self.nlp.get_pipe("section_subject").feature_pair(term)
            if pair is not None:  # "S3 Select & Glacier Select": two features, each a concept
                for part in pair:
                    add(part, definition=definition)
                return
            is_lexicon, owner = self._lexicon_owner(doc, term)
            if is_lexicon:
                return
            found.append(ConceptMention(term, True, owner or part_of, aliases, definition[:300], loose))

        if block is not None:
            if block.kind == "heading":
                add(after_parent(text, block.heading_path))
            elif block.kind in ("glossary", "card"):
                term = block.field("term") or block.field("front")
                full = block.field("full_form")
                if term:
                    add(term, definition=block.field("definition") or block.field("back"),
                        aliases=(full,) if full and looks_like_name(full) else (), any_case=block.kind == "glossary")
                elif len(block.fields) >= 2:
                    # a row under other headers names its item first when a label or its form says so:
                    # "Option 2: Drop Table + Recreate table | fast, cheap", "distinctInstance | place each task …"
                    first = block.fields[0][1].strip()
                    if _OPTION_PREFIX.match(first) or API_WORD.fullmatch(first):
                        add(first, definition=block.fields[1][1])
                    elif block.kind == "glossary" and block.column and block.fields[0][0] == "definition":
                        # an entry of a list under a term, its note beside it ("Target Tracking Scaling | asg cpu …")
                        add(first, definition=block.field("note"))
            for term in block.emphasis:
                if len(term.split()) <= 5:
                    add(term)
        if block is None or block.kind not in ("heading", "glossary", "card"):
            m = _DEFINITION.match(text)
            if m and _OPTION_LABEL.match(m.group(1)):  # "Option 2: Drop Table + Recreate table — fast, cheap"
                m = _DEFINITION.match(m.group(2))
            command = _COMMAND.match(m.group(2)) if m and _COMMAND_LABEL.match(m.group(1)) else None
            if m and m.group(1).count("(") > m.group(1).count(")"):
                # "Expedited (1 - 5 minutes)": the mark sits inside a bracket, so the line names a thing
                # with a detail and defines nothing ("5 minutes)" is no definition).
                add(m.group(1))
            elif command:
                rest = m.group(2)[command.end():].strip()
                found.append(ConceptMention(command.group(0), True, part_of, (), rest[:300]))
            elif m and m.group(1).strip()[:1].isalpha():
                add(m.group(1), definition=m.group(2) if says_what(m.group(2)) else "")
            elif m is None:
                arrow = _NAME_ARROW.match(text)
                # "Stages → dev/test/prod": a name, then what it is; "CPU-bound functions → increase RAM" is a use
                if arrow and arrow.group(2).split()[0].lower() not in _ADVICE:
                    add(arrow.group(1), definition=arrow.group(2) if says_what(arrow.group(2)) else "", loose=True)
        for short, full in acronym_pairs(text):
            known = {c.name.lower(): i for i, c in enumerate(found)}
            hit = known.get(short.lower(), known.get(full.lower()))
            if hit is None:
                add(full, aliases=(short,))
            else:  # the glossary term or heading already named it: the other form is an alias
                c = found[hit]
                other = full if c.name.lower() == short.lower() else short
                if other not in c.aliases:
                    found[hit] = ConceptMention(c.name, c.strong, c.part_of, (*c.aliases, other), c.definition, c.loose)
        phrases = [
            p for p in _TITLE_RUN.findall(text)
            if p.split()[0].lower() not in _STARTS_SENTENCE and not is_generic(p)
        ]
        if block is None or block.kind != "code":
            phrases += _API_NAME.findall(text)
        return found, phrases

    def __call__(self, doc: Doc) -> Doc:
        doc._.concepts, doc._.phrases = self.match(doc)
        return doc
