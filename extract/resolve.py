"""One node per real thing: turns the mentions of every block into the graph document.

Services and lexicon concepts resolve by lexicon id; other concepts by
:func:`~extract.components.text.concept_key` (case, plural, hyphens folded) and by
the acronyms the notes define ("Read Replica (RR)"). A fact read in several files is
one edge with several evidence items. Limits that disagree (same subject, same bound,
different values) are all kept and marked as conflicts.

The resolver is fed file by file and keeps evidence as shared tuples, so memory grows
with the number of facts, not with the size of the notes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import networkx as nx
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from extract.components.limits import bound_words, dimension
from extract.components.text import (API_WORD, canonical_concept_name, concept_key, is_generic, is_label, plural_name,
                                     reads_as_clause, singular)
from extract.document import content_digest, edge_key, node_id, slugify
from extract.lexicon import Lexicon, LexiconEntry
from extract.mentions import BlockMentions, LimitMention, Ref, RelationMention

EvidenceTuple = tuple[str, int, str]
# Words that make a lower-case phrase part of a sentence about someone, not the name of a thing.
_PRONOUNS = frozenset("i you your we our they their he she who whom whose where which".split())
MIN_PHRASE_COUNT = 3  # a capitalised phrase becomes a concept when this many different lines use it
MIN_IDENTIFIER_COUNT = 2  # an identifier ("distinctInstance", "X-Forwarded-For") names one thing: two lines do
# A misspelt name: one word of at least MIN_TYPO_WORD letters, at most MAX_TYPO_EDITS edits from the
# lexicon's, written so in at most MAX_TYPO_COUNT distinct lines of the notes.
MIN_TYPO_WORD = 5
MAX_TYPO_EDITS = 2
MAX_TYPO_COUNT = 2
LONG_WORD = 8  # two edits only in words this long
_WORD = re.compile(r"[a-z0-9]+")
MAX_SECTION_LINES = 80  # lines of its own sections kept per topic (a service's sections can run to hundreds)
_SIZE_FACTORS = {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15,
                 "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50,
                 "ms": 1e-3, "s": 1, "min": 60, "h": 3600, "days": 86400, "weeks": 604800,
                 "months": 2629800, "years": 31557600}


def _add(evidence: list[EvidenceTuple], item: EvidenceTuple) -> None:
    # Blocks arrive in order, so a repeat of the same line can only be the last item.
    if not evidence or evidence[-1][:2] != item[:2]:
        evidence.append(item)


@dataclass
class _Concept:
    names: Counter = field(default_factory=Counter)
    evidence: list[EvidenceTuple] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    definition: str = ""
    loose_definition: str = ""  # "Stages → dev/test/prod": only when no line defines it otherwise
    strong: bool = False
    count: int = 0
    lines: set = field(default_factory=set)  # distinct line texts naming it (up to MIN_PHRASE_COUNT)


@dataclass
class _Fact:
    """A limit or relation with its block context, resolved when every concept is known."""

    mention: LimitMention | RelationMention
    subject: Ref | None
    evidence: EvidenceTuple


class Resolver:
    """Accumulates :class:`BlockMentions` and builds the graph document in :meth:`finish`."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.files: list[str] = []
        self.service_evidence: dict[str, list[EvidenceTuple]] = defaultdict(list)
        self.definitions: dict[str, str] = {}
        self.head_definitions: dict[str, str] = {}
        self._head_ranks: dict[str, int] = {}  # entry id -> rank of the head definition held (see _offer_head_definition)
        self.concepts: dict[str, _Concept] = defaultdict(_Concept)
        self._late_seen: dict[str, set[tuple[str, int]]] = {}
        self.merged_into: dict[str, str] = {}  # concept key -> the key of the concept it is an alias of
        self.spelt_as: dict[str, str] = {}  # after merging: a concept key without its spaces -> that key
        self.part_of: list[tuple[Ref, Ref, EvidenceTuple]] = []
        self.facts: list[_Fact] = []
        self.section_lines: list[tuple[Ref, EvidenceTuple]] = []  # (section subject, a line of its section)
        self.word_counts: Counter[str] = Counter()  # in how many distinct note lines each lower-cased word occurs
        self._counted_texts: set[int] = set()
        # concept key -> the lexicon entry it misspells ("codedeploye") or names short ("accelerator" (DAX))
        self.misspelt: dict[str, str] = {}
        self.written_as: dict[str, set[str]] = defaultdict(set)  # entry id -> names the notes give it ("S3 CRR …")

    # -- feeding ---------------------------------------------------------------------------
    def add_file(self, file: str, mentions: Iterable[BlockMentions]) -> None:
        self.files.append(file)
        for m in mentions:
            self.add(m)

    def add(self, m: BlockMentions) -> None:
        block = m.block
        ev: EvidenceTuple = (block.file, block.line, block.text)
        if hash(block.text) not in self._counted_texts:  # a copied file repeats lines, not spellings
            self._counted_texts.add(hash(block.text))
            self.word_counts.update(_WORD.findall(block.text.lower()))
        for ref in m.services:
            _add(self.service_evidence[ref.key], ev)
        bounds = {limit.bound for limit in m.limits}
        for cm in m.concepts:
            entry = self.lexicon.lookup(cm.name)
            if entry is None:
                entry = self._prefixed_entry(cm.name) or self._entry_in_context(cm.name, m.subject)
                if entry is not None and cm.definition:  # "Aliases: pointers to versions" under Lambda: Lambda Alias's
                    self._offer_head_definition(entry.id, cm.definition, m.subject)
            if entry is not None:
                _add(self.service_evidence[entry.id], ev)
                continue
            key = concept_key(cm.name)
            concept = self.concepts[key]
            concept.names[cm.name] += 1
            if not cm.definition and bound_words(cm.name) in bounds:
                # "Max message size: 256 KB", "Timeout: 3 sec" name what a limit bounds: the line is evidence
                # of a topic other lines make ("**Reserved**: 1-3 years"), and makes none itself.
                _add(concept.evidence, ev)
                continue
            concept.strong = True
            concept.count += 1
            _add(concept.evidence, ev)
            if cm.definition and cm.loose:
                concept.loose_definition = concept.loose_definition or cm.definition
            elif cm.definition and not concept.definition:
                concept.definition = cm.definition
            concept.aliases.update(cm.aliases)
            if cm.part_of is not None:
                self.part_of.append((Ref("phrase", "", cm.name), cm.part_of, ev))
        for phrase in m.phrases:
            if self.lexicon.lookup(phrase) is not None:
                continue  # "Amazon S3", "App Runner": the lexicon's matcher already gave this line to it
            entry = self._prefixed_entry(phrase)
            if entry is not None:  # "S3 Cross Region Replication"
                _add(self.service_evidence[entry.id], ev)
                continue
            key = concept_key(phrase)
            concept = self.concepts[key]
            concept.names[phrase] += 1
            concept.count += 1
            if len(concept.lines) < MIN_PHRASE_COUNT:
                concept.lines.add(hash(block.text))  # a copied file repeats lines, not ideas
            _add(concept.evidence, ev)
        if block.kind in ("glossary", "card"):
            term = block.field("term") or block.field("front")
            entry = self.lexicon.lookup(term) if term else None
            definition = block.field("definition") or block.field("back")
            if entry is not None and definition:
                self.definitions.setdefault(entry.id, definition[:300])
        if m.definition is not None:  # "Amazon GuardDuty is an intelligent threat detection service …"
            ref, sentence = m.definition
            self.definitions.setdefault(ref.key, sentence)
        if m.head_definition is not None:  # "Signed Cookie = access multiple files": only where nothing better
            ref, text = m.head_definition
            self._offer_head_definition(ref.key, text, m.subject)
        if m.subject is not None:
            self.section_lines.append((m.subject, ev))
        for limit in m.limits:
            self.facts.append(_Fact(limit, m.subject, ev))
        for rel in m.relations:
            self.facts.append(_Fact(rel, m.subject, ev))

    def _service_of(self, subject: Ref | None) -> LexiconEntry | None:
        """The service a section is about: its subject, or the service of the lexicon concept it is about."""
        if subject is None or not subject.key:
            return None
        entry = self.lexicon.by_id(subject.key)
        if entry is not None and entry.kind == "concept":
            entry = self.lexicon.by_id(entry.part_of) if entry.part_of else None
        return entry if entry is not None and entry.kind == "service" else None

    def _prefixed_entry(self, name: str) -> LexiconEntry | None:
        """"S3 Cross Region Replication" is Cross-Region Replication: a concept of S3 with S3's name in front.
        The name is kept as an alias of the entry, so it finds the entry again."""
        words = name.split()
        for cut in range(1, min(3, len(words) - 1) + 1):
            service = self.lexicon.lookup(" ".join(words[:cut]))
            entry = self.lexicon.lookup(" ".join(words[cut:])) if service is not None and service.kind == "service" else None
            if entry is not None and entry.kind == "concept" and entry.part_of == service.id:
                self.written_as[entry.id].add(name)
                return entry
        return None

    def _entry_in_context(self, name: str, subject: Ref | None) -> LexiconEntry | None:
        """The lexicon concept a bare name stands for in its section: "Aliases" under Lambda is Lambda Alias,
        "Roles" under IAM is IAM Role (the section's service's name in front of it names one of its concepts)."""
        service = self._service_of(subject)
        if service is None:
            return None
        forms = {name, name[:-2]} if name.lower().endswith("es") else {name}
        for alias in service.aliases:
            for form in forms:
                entry = self.lexicon.lookup(f"{alias} {form}")
                if entry is not None and entry.kind == "concept" and entry.part_of == service.id:
                    return entry
        return None

    def _offer_head_definition(self, entry_id: str, text: str, subject: Ref | None) -> None:
        """Keep ``text`` as the entry's head definition if it is the best seen so far.

        A head line in the section of another lexicon topic tells how the entry relates to that
        topic ("NLB = manual, extra cost" under Cross-Zone Load Balancing), so any other head line
        (in the entry's own section, its service's, or under a heading the lexicon does not know)
        beats it. Within a rank the first in note order wins.
        """
        entry = self.lexicon.by_id(entry_id)
        own = {entry_id, entry.part_of} if entry is not None else {entry_id}
        rank = 1 if subject is not None and subject.kind != "phrase" and subject.key not in own else 0
        if rank < self._head_ranks.get(entry_id, 2):
            self.head_definitions[entry_id] = text
            self._head_ranks[entry_id] = rank

    # -- resolving -------------------------------------------------------------------------
    def _concept_known(self, key: str) -> bool:
        c = self.concepts.get(key)
        return c is not None and _recurs(c)

    def resolve(self, ref: Ref | None, *, create: bool = True, ev: EvidenceTuple | None = None,
                section: Ref | None = None) -> str | None:
        """The node id a reference resolves to (creating a concept for a new named thing).

        ``ev`` is the line that named it: the node keeps it as evidence, so a concept known
        only from one USE_WHEN line still traces back to that line. ``section`` is the subject of
        that line's section ("Layers" under Lambda is Lambda Layer: ``_entry_in_context``).
        """
        if ref is None:
            return None
        if ref.kind in ("service", "concept") and ref.key:
            self._touch_lexicon(ref.key, ev)
            return ref.key
        # A phrase that carries a service ("Custom Metrics" under CloudWatch) is read in that service's context.
        section = section or (ref if ref.key else None)
        entry = self.lexicon.lookup(ref.text) or self._prefixed_entry(ref.text) or self._entry_in_context(ref.text, section)
        if entry is not None:
            self._touch_lexicon(entry.id, ev)
            return entry.id
        key = concept_key(ref.text)
        if not key or is_generic(key) or not key[0].isalpha() and not key.startswith("/"):
            return None
        if len(key) < 2 or (len(key.split()) == 1 and reads_as_clause(ref.text.strip())):  # "B", "It's"
            return None
        key = self.merged_into.get(key, key)
        if key not in self.concepts:
            key = self.spelt_as.get(key.replace(" ", ""), key)
        if key in self.misspelt:
            self._touch_lexicon(self.misspelt[key], ev)
            return self.misspelt[key]
        variant = None if self._concept_known(key) else self._known_variant(key)
        if variant is not None:
            key = variant
            self.concepts[key].names.setdefault(ref.text, 0)  # an alias, not a vote for the name
        if not (key in self.concepts and self._concept_known(key)):
            if not create:
                return None
            concept = self.concepts[key]
            concept.names[ref.text] += 1
            concept.strong = True
        self._add_late_evidence(self.concepts[key].evidence, node_id("concept", key), ev)
        return node_id("concept", key)

    def _touch_lexicon(self, entry_id: str, ev: EvidenceTuple | None = None) -> None:
        self._add_late_evidence(self.service_evidence[entry_id], entry_id, ev)

    def _add_late_evidence(self, evidence: list[EvidenceTuple], nid: str, ev: EvidenceTuple | None) -> None:
        """Give a node that no line names (only a USE_WHEN or a heading does) the line that implies it.

        A node that lines already name keeps just those: its evidence says where it is mentioned.
        """
        if ev is None or (evidence and nid not in self._late_seen):
            return
        seen = self._late_seen.get(nid)
        if seen is None:
            seen = self._late_seen[nid] = {(f, line) for f, line, _ in evidence}
        if ev[:2] not in seen:
            seen.add(ev[:2])
            evidence.append(ev)

    def _resolve_ends(self, fact: _Fact) -> tuple[str | None, str | None]:
        """The node ids a fact names, creating concepts for new names: a limit's subject, or a relation's
        source and its named target (``None`` when it names none, or for a USE_WHEN: see ``_target_of``)."""
        m = fact.mention
        if isinstance(m, LimitMention):
            return self.resolve(m.subject or fact.subject, ev=fact.evidence), None
        # A lower-case phrase ("requires rapid access", "must create new from …") names a topic only when
        # the notes name it elsewhere; USE_WHEN keeps its answers ("→ use custom sampling rule"), unless they
        # are a piece of a sentence ("Use the naming you like", "don't use the root account except for …").
        create = not _lower_phrase(m.source) or (m.type == "USE_WHEN" and not _clause_piece(m.source))
        source = self.resolve(m.source, create=create, ev=fact.evidence, section=fact.subject)
        if source is None or m.type == "USE_WHEN" or m.target is None:
            return source, None
        return source, self.resolve(m.target, create=not _lower_phrase(m.target), ev=fact.evidence, section=fact.subject)

    def _target_of(self, fact: _Fact, source_id: str) -> str | None:
        """USE_WHEN target: a service or concept named in the condition, else the section's subject."""
        rel = fact.mention
        words = re.findall(r"[\w@.+/&-]+", rel.condition)
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                gram = " ".join(words[i:i + size])
                if size == 1 and (len(gram) < 2 or gram.islower()):
                    continue
                entry = self.lexicon.lookup(gram)
                if entry is not None and entry.id != source_id and not entry.ambiguous:
                    self._touch_lexicon(entry.id)
                    return entry.id
                key = concept_key(gram)
                if size > 1 and key in self.concepts and self._concept_known(key):
                    target = node_id("concept", key)
                    if target != source_id:
                        return target
        return self.resolve(fact.subject, create=False) or source_id

    def _other_names(self, key: str) -> list[str]:
        """Concept keys that ``key`` may be another name of: itself without its service in front
        ("sqs long polling" → "long polling"; two words left at least: one bare word such as "rule"
        or "stream" is too general), and a routing type with or without "policy"."""
        words = key.split()
        names = [f"{key} policy"] if words[-1:] == ["routing"] else []
        if words[-2:] == ["routing", "policy"] and len(words) > 2:
            names.append(" ".join(words[:-1]))
        for cut in (1, 2):
            entry = self.lexicon.lookup(" ".join(words[:cut])) if len(words) - cut >= 2 else None
            if entry is not None and entry.kind == "service":
                names.append(" ".join(words[cut:]))
                break
        return names

    def _known_variant(self, key: str) -> str | None:
        """The known concept that ``key``, named only now (by a USE_WHEN), is another name of."""
        for name in self._other_names(key):
            name = self.merged_into.get(name, name)
            if self._concept_known(name):
                return name
        return None

    def _variant_pairs(self) -> list[tuple[str, str]]:
        """Pairs of known concepts that are one thing named two ways (``_other_names``). A bare name that
        other concepts also end with ("ECS Platform", "Lambda Platform"; "EMR Cluster Node Type") stays
        apart: it may mean any of them."""
        known = [k for k in self.concepts if self._concept_known(k)]
        endings = Counter(" ".join(k.split()[i:]) for k in known for i in range(1, len(k.split()) - 1))
        return [(key, other) for key in known for other in self._other_names(key)
                if endings[other] <= 1 and self._concept_known(other)]

    def _spelling_pairs(self) -> list[tuple[str, str]]:
        """Pairs of concepts written with and without spaces or hyphens: "AllAtOnce" and "All-at-Once",
        "DeletionPolicy" and "Deletion Policy", "exponential back off" and "Exponential Backoff"."""
        by_letters: dict[str, list[str]] = defaultdict(list)
        for key in self.concepts:
            by_letters[key.replace(" ", "")].append(key)
        return [(keys[0], other) for keys in by_letters.values() for other in keys[1:]]

    def _merge_aliases(self) -> None:
        """Fold concepts that the notes say are one ("Read Replica (RR)", a glossary full form)."""
        parent: dict[str, str] = {}

        def root(key: str) -> str:
            while parent.get(key, key) != key:
                key = parent[key]
            return key

        def union(key: str, other: str) -> None:
            a, b = root(key), root(other)
            if a != b:
                # the better-attested name wins: strong, then more mentions
                ca, cb = self.concepts.get(a), self.concepts.get(b)
                score = lambda c: (c.strong, c.count) if c else (False, -1)
                winner, loser = (a, b) if score(ca) >= score(cb) else (b, a)
                parent[loser] = winner

        for key, concept in list(self.concepts.items()):
            for alias in concept.aliases:
                other = concept_key(alias)
                if other == key or self.lexicon.lookup(alias) is not None:
                    continue
                union(key, other)
        for key, other in [*self._variant_pairs(), *self._spelling_pairs()]:
            union(key, other)
        for key in list(parent):
            target = root(key)
            self.merged_into[key] = target
            loser = self.concepts.pop(key, None)
            if loser is None:
                continue
            winner = self.concepts[target]
            winner.names.update({n: 0 for n in loser.names})  # aliases, not votes for the name
            winner.evidence.extend(loser.evidence)
            winner.aliases |= loser.aliases | set(loser.names)
            winner.strong |= loser.strong
            winner.count += loser.count
            winner.lines |= loser.lines
            winner.definition = winner.definition or loser.definition
            winner.loose_definition = winner.loose_definition or loser.loose_definition
        # A relation read after this ("Use exponential back off …") finds the concept however it spaces it.
        self.spelt_as = {key.replace(" ", ""): key for key in self.concepts}

    def _misspelt_entry(self, key: str, aliases: dict[str, LexiconEntry], names: list[str]) -> LexiconEntry | None:
        """The lexicon entry whose name ``key`` is with one word misspelt, or ``None``; ``names`` are the keys
        of ``aliases``.

        "Load Balancer Stickness" is "Load Balancer Stickiness", "CodeDeploye" is "CodeDeploy": one word
        of five letters or more differs by one edit (two from eight letters on), and the notes write it
        that way at most ``MAX_TYPO_COUNT`` times while they write the lexicon's word more often.
        "Compute Optimized" or "Schedule" are words the notes use on their own, not slips.
        """
        match = process.extractOne(key, names, scorer=Levenshtein.distance, score_cutoff=MAX_TYPO_EDITS)
        if match is None or match[1] == 0:
            return None
        pairs = [(a, b) for a, b in zip(key.split(), match[0].split()) if a != b]
        if len(key.split()) != len(match[0].split()) or len(pairs) != 1:
            return None
        typed, meant = pairs[0]
        if min(len(typed), len(meant)) < MIN_TYPO_WORD or singular(typed) == singular(meant):
            return None
        if Levenshtein.distance(typed, meant) > (MAX_TYPO_EDITS if min(len(typed), len(meant)) >= LONG_WORD else 1):
            return None  # "CodeUri" is no "CodeGuru": a short word gets one slip
        counts = self.word_counts
        if counts[typed] > MAX_TYPO_COUNT or counts[meant] <= counts[typed]:
            return None
        return aliases[match[0]]

    def _bracketed_entry(self, key: str) -> LexiconEntry | None:
        """The lexicon entry a concept's bracket names when the concept is that entry's name cut short:
        "Accelerator (DAX)" is DynamoDB Accelerator; "Encryption (KMS)" is no name of KMS and stays."""
        for alias in self.concepts[key].aliases:
            entry = self.lexicon.lookup(alias)
            if entry is not None and any(
                    concept_key(name).endswith(f" {key}") for name in (entry.name, *entry.aliases)):
                return entry
        return None

    def _fold_misspellings(self) -> None:
        """Give the lexicon entry a concept misspells, or names short with the entry's acronym in brackets,
        that concept's lines, names and definition."""
        aliases = {concept_key(a): e for e in self.lexicon.entries for a in e.aliases if len(a) >= MIN_TYPO_WORD}
        names = list(aliases)
        for key in [k for k in self.concepts if self._concept_known(k)]:
            entry = self._bracketed_entry(key)
            if entry is None and len(key) >= MIN_TYPO_WORD:
                entry = self._misspelt_entry(key, aliases, names)
            if entry is None:
                continue
            concept = self.concepts.pop(key)
            self.misspelt[key] = entry.id
            for ev in concept.evidence:
                _add(self.service_evidence[entry.id], ev)
            if concept.definition:
                self.head_definitions.setdefault(entry.id, concept.definition)

    def finish(self) -> "GraphDoc":
        self._merge_aliases()
        self._fold_misspellings()
        doc = GraphDoc(files=list(self.files))
        nodes, edges = doc.nodes, doc.edges

        def edge(src: str, dst: str, etype: str, ev: EvidenceTuple, **attrs: Any) -> None:
            key = (src, dst, edge_key(etype, attrs.get("condition", "")))
            item = edges.get(key)
            if item is None:
                item = edges[key] = {"type": etype, "evidence": [], **attrs}
            _add(item["evidence"], ev)

        # Relations and limits first: they may name concepts that exist nowhere else. Every concept they
        # create exists before any of them is looked up, so the graph does not depend on the notes' order.
        for fact in self.facts:
            self._resolve_ends(fact)
        limit_groups: dict[tuple, list[str]] = defaultdict(list)
        for fact in self.facts:
            m = fact.mention
            if isinstance(m, LimitMention):
                subject, _ = self._resolve_ends(fact)
                if subject is None:
                    continue
                lid = f"limit:{subject.split(':', 1)[1]}:{slugify(m.bound)}:{m.qualifier}:{slugify(f'{m.value:g}-{m.unit}')}"
                node = nodes.get(lid)
                if node is None:
                    qualifier = "" if m.qualifier == "exact" else f"{m.qualifier} "
                    node = nodes[lid] = {
                        "kind": "limit", "name": f"{qualifier}{m.bound}: {m.value:g} {m.unit}", "aliases": [],
                        "value": m.value, "unit": m.unit, "text": m.text, "bound": m.bound,
                        "qualifier": m.qualifier, "conflicts": [], "evidence": [],
                    }
                _add(node["evidence"], fact.evidence)
                edge(subject, lid, "HAS_LIMIT", fact.evidence)
                if m.bound != dimension(m.unit) and m.qualifier != "exact":
                    limit_groups[(subject, m.bound, m.qualifier, dimension(m.unit))].append(lid)
                continue
            source, target = self._resolve_ends(fact)
            if source is None:
                continue
            if m.type == "USE_WHEN":
                target = self._target_of(fact, source)
                if target is not None:
                    edge(source, target, "USE_WHEN", fact.evidence, condition=m.condition)
                continue
            if m.target is None:
                target = self.resolve(fact.subject, create=False)
            if target is None or target == source:
                continue
            if m.type == "COMPARED_WITH" and target < source:
                source, target = target, source
            edge(source, target, m.type, fact.evidence)
        for concept_ref, owner_ref, ev in self.part_of:
            owner = self.resolve(owner_ref, create=False)
            concept = self.resolve(concept_ref, create=False)
            if owner and concept and owner != concept and owner.startswith("service:"):
                edge(concept, owner, "PART_OF", ev)
        self._add_lexicon_nodes(nodes, edges, edge)
        self._add_concept_nodes(nodes)
        self._mark_conflicts(nodes, limit_groups, doc)
        self._add_section_lines(nodes)
        # Edges may only point at nodes that exist (a concept dropped as too rare drops its edges).
        for key in [k for k in edges if k[0] not in nodes or k[1] not in nodes]:
            del edges[key]
        return doc

    def _add_section_lines(self, nodes: dict) -> None:
        """Give each topic the lines of its own sections that are not already its evidence.

        "- no cache" under "Global Accelerator" names nothing, yet it is a fact about it: show,
        compare, search and ask read these lines. Kept apart from ``evidence`` (which says where a
        topic is *named*), each text once, at most MAX_SECTION_LINES per topic. Labels ("What is it?",
        "Use cases:", "Demo") say nothing about it and are left out.
        """
        for node in nodes.values():
            if node["kind"] in ("service", "concept"):
                node["section_lines"] = []
        known: dict[str, set[str]] = {}
        for ref, ev in self.section_lines:
            nid = self.resolve(ref, create=False)
            node = nodes.get(nid) if nid else None
            if node is None or "section_lines" not in node or len(node["section_lines"]) >= MAX_SECTION_LINES:
                continue
            texts = known.get(nid)
            if texts is None:
                texts = known[nid] = {" ".join(e[2].split()) for e in node["evidence"]}
            text = " ".join(ev[2].split())
            if text not in texts and not is_label(text):
                texts.add(text)
                node["section_lines"].append(ev)

    def definition_of(self, entry_id: str) -> str:
        """A lexicon entry's definition: a sentence or glossary row, else a head ("X = …"), else ""."""
        return self.definitions.get(entry_id) or self.head_definitions.get(entry_id, "")

    def _add_lexicon_nodes(self, nodes: dict, edges: dict, edge) -> None:
        for entry_id, evidence in self.service_evidence.items():
            entry = self.lexicon.by_id(entry_id)
            if entry is None:
                continue
            nodes[entry.id] = _lexicon_node(entry, evidence, self.definition_of(entry.id), self.written_as.get(entry.id, ()))
            if entry.kind == "concept" and entry.part_of and evidence:
                owner = self.lexicon.by_id(entry.part_of)
                if owner is not None:
                    nodes.setdefault(owner.id, _lexicon_node(owner, [], self.definition_of(owner.id)))
                    for ev in evidence[:1]:
                        edge(entry.id, owner.id, "PART_OF", ev)

    def _add_concept_nodes(self, nodes: dict) -> None:
        for key, concept in self.concepts.items():
            if not _recurs(concept) or not concept.names:
                continue
            cid = node_id("concept", key)
            if cid in nodes:
                continue
            name = canonical_concept_name(shown_name(concept.names))
            aliases = with_plural(name, {n for n in concept.names if n != name} | concept.aliases - {name})
            nodes[cid] = {"kind": "concept", "name": name, "aliases": aliases,
                          "definition": concept.definition or concept.loose_definition, "evidence": concept.evidence}

    @staticmethod
    def _mark_conflicts(nodes: dict, groups: dict, doc: "GraphDoc") -> None:
        for (subject, bound, qualifier, _), ids in groups.items():
            ids = sorted(set(ids))
            values = {round(nodes[i]["value"] * _SIZE_FACTORS.get(nodes[i]["unit"], 1), 6) for i in ids}
            if len(values) > 1:
                for i in ids:
                    nodes[i]["conflicts"] = [j for j in ids if j != i]
                doc.conflicts.append({"subject": subject, "bound": bound, "qualifier": qualifier, "limits": ids})


def shown_name(names: Counter[str]) -> str:
    """The form a concept is shown under: its most frequent written with a capital, for a name a glossary gives
    in lower case ("exponential backoff") is written "Exponential Backoff" elsewhere; else its most frequent.

    >>> shown_name(Counter({"exponential backoff": 2, "Exponential Backoff": 1}))
    'Exponential Backoff'
    """
    capitalised = [(count, name) for name, count in names.most_common() if name != name.lower()]
    return capitalised[0][1] if capitalised else names.most_common(1)[0][0]


def with_plural(name: str, aliases: Iterable[str]) -> list[str]:
    """``aliases`` sorted, with the plural of ``name`` among them ("Origin Groups" names the feature too)."""
    plural = plural_name(name)
    return sorted({*aliases, plural} - {name, None}) if plural else sorted(set(aliases) - {name})


def _recurs(concept: _Concept) -> bool:
    """Whether a concept is one: named as such once, or used as a phrase on enough different lines."""
    if concept.strong:
        return True
    identifier = bool(concept.names) and API_WORD.fullmatch(concept.names.most_common(1)[0][0]) is not None
    return len(concept.lines) >= (MIN_IDENTIFIER_COUNT if identifier else MIN_PHRASE_COUNT)


def _lower_phrase(ref: Ref) -> bool:
    """A phrase taken from prose in lower case ("rapid access"), not a name."""
    return ref.kind == "phrase" and ref.text[:1].islower()


def _clause_piece(ref: Ref) -> bool:
    """A lower-case phrase cut from a sentence ("naming you like", "resources such", "allowing a lambda").

    >>> [_clause_piece(Ref("phrase", "", t)) for t in ("naming you like", "resources such", "custom sampling rule")]
    [True, True, False]
    """
    words = ref.text.lower().split()
    return _lower_phrase(ref) and (reads_as_clause(ref.text) or not _PRONOUNS.isdisjoint(words))


def _lexicon_node(entry: LexiconEntry, evidence: list, definition: str, written_as: Iterable[str] = ()) -> dict[str, Any]:
    known = {a.lower() for a in entry.aliases}
    aliases = [*entry.aliases, *sorted(a for a in written_as if a.lower() not in known)]  # "S3 Cross Region Replication"
    node = {"kind": entry.kind, "name": entry.name, "aliases": sorted(a for a in aliases if a != entry.name),
            "category": entry.category, "definition": definition, "evidence": evidence}
    if entry.kind == "concept":
        node["part_of"] = entry.part_of
        node["aliases"] = with_plural(entry.name, node["aliases"])
    if entry.hints:  # for ask: "my function" is about Lambda though no note line says so
        node["hints"] = list(entry.hints)
    if entry.kind == "service" and entry.ambiguous:  # for ask: "our backup software" names no service
        node["ambiguous"] = list(entry.ambiguous)
    return node


@dataclass
class GraphDoc:
    """The resolved graph: node attrs by id, edge attrs by (source, target, key); evidence as tuples."""

    files: list[str] = field(default_factory=list)
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def node_link(self) -> Iterator[tuple[str, Any]]:
        """(section, item) pairs of the node-link form, produced one at a time for streaming."""
        for nid in sorted(self.nodes):
            yield "nodes", {"id": nid, **_with_evidence_dicts(self.nodes[nid])}
        for (src, dst, key) in sorted(self.edges):
            yield "edges", {"source": src, "target": dst, "key": key, **_with_evidence_dicts(self.edges[(src, dst, key)])}

    def graph_attrs(self) -> dict[str, Any]:
        return {"schema": 1, "files": sorted(self.files), "conflicts": self.conflicts}

    def digest(self) -> str:
        """A digest of the whole document (:func:`extract.document.content_digest`), so a store can
        tell that it holds this one without turning it into node-link items: the document as it is
        kept (evidence as tuples); a third of a second for a vault a hundred times the sample notes.

        >>> doc = GraphDoc(files=["a.md"], nodes={"concept:x": {"evidence": [("a.md", 1, "X")]}})
        >>> doc.digest() == GraphDoc(files=["a.md"], nodes={"concept:x": {"evidence": [("a.md", 1, "X")]}}).digest()
        True
        >>> doc.digest() == GraphDoc(files=["a.md"]).digest()
        False
        """
        return content_digest([self.graph_attrs(), sorted(self.nodes.items()), sorted(self.edges.items())])

    def to_networkx(self) -> nx.MultiDiGraph:
        graph = nx.MultiDiGraph(**self.graph_attrs())
        for section, item in self.node_link():
            if section == "nodes":
                graph.add_node(item.pop("id"), **item)
            else:
                graph.add_edge(item.pop("source"), item.pop("target"), key=item.pop("key"), **item)
        return graph


def _with_evidence_dicts(attrs: dict[str, Any]) -> dict[str, Any]:
    out = dict(attrs)
    out["evidence"] = [{"file": f, "line": line, "text": text} for f, line, text in attrs.get("evidence", ())]
    if "section_lines" in attrs:
        out["section_lines"] = [{"file": f, "line": line, "text": text} for f, line, text in attrs["section_lines"]]
    return out
