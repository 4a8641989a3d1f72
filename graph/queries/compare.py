"""`servicemap compare A B [C …]`: topics side by side, as the notes describe them.

For each topic: what it is (definition), when to use it (USE_WHEN), its limits, what only it
relates to, and the note lines about it that mention none of the others (its own facts: lines that
open with its name, then the lines of its own sections, then the other lines naming it). Across
topics: limits aligned by what they bound, the neighbours they share, and the notes' own
comparisons ("X vs Y" lines, table rows naming both, a line of X's section naming Y). Every item
keeps its evidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.errors import Errors
from graph.queries.facts import Definition, Evidence, LimitFact, Relation, UseWhenFact, definition_of, limit_facts, \
    relations_of, use_when_facts
from graph.queries.topics import TopicRef, evidence_of, naming_lines, resolve_topic, section_lines_of, service_names, topic_ref

_BOUND_NOISE = {"max", "maximum", "min", "minimum", "of", "the", "a", "an", "per", "for", "to", "up", "is", "and", "can", "be"}
_OWN_LINES = 20  # a topic's own note lines shown per column
# Of those, lines that open with its name come first, at most this many. On the dev pairs: compare 0.877 with
# none first, 0.906 with 3 to 10, 0.896 with all (a topic named on many headings crowds out its sections).
_NAMING_LINES = _OWN_LINES // 3


@dataclass(frozen=True)
class TopicColumn:
    topic: TopicRef
    definition: Definition | None
    use_when: tuple[UseWhenFact, ...]
    limits: tuple[LimitFact, ...]
    only: tuple[Relation, ...]  # relations to topics none of the others relate to
    notes: Evidence  # the topic's own lines that name none of the other topics

    def to_dict(self) -> dict[str, Any]:
        return {**self.topic.to_dict(), "definition": self.definition.to_dict() if self.definition else None,
                "use_when": [f.to_dict() for f in self.use_when], "limits": [f.to_dict() for f in self.limits],
                "only": [r.to_dict() for r in self.only], "notes": self.notes}


@dataclass(frozen=True)
class LimitRow:
    """Limits of several topics that bound the same thing, so the numbers stand next to each other."""

    bound: str
    cells: dict[str, tuple[LimitFact, ...]]  # topic id → its limits on this bound

    def to_dict(self) -> dict[str, Any]:
        return {"bound": self.bound, "cells": {t: [f.to_dict() for f in fs] for t, fs in self.cells.items()}}


@dataclass(frozen=True)
class SharedNeighbour:
    other: TopicRef
    relations: dict[str, tuple[Relation, ...]]  # topic id → how it relates to ``other``

    def to_dict(self) -> dict[str, Any]:
        return {"other": self.other.to_dict(), "relations": {t: [r.to_dict() for r in rs] for t, rs in self.relations.items()}}


@dataclass(frozen=True)
class Comparison:
    columns: tuple[TopicColumn, ...]
    limits: tuple[LimitRow, ...]
    shared: tuple[SharedNeighbour, ...]
    from_notes: Evidence  # the notes' own comparisons

    def to_dict(self) -> dict[str, Any]:
        return {"topics": [c.to_dict() for c in self.columns], "limits": [r.to_dict() for r in self.limits],
                "shared": [s.to_dict() for s in self.shared], "from_notes": self.from_notes}


def bound_key(bound: str) -> str:
    """What a limit bounds, without qualifiers and filler, singular: the key limits are aligned on.

    >>> bound_key("max message size"), bound_key("Messages size"), bound_key("retention of the messages")
    ('message size', 'message size', 'retention message')
    """
    words = [w for w in re.findall(r"[a-z0-9]+", bound.lower()) if w not in _BOUND_NOISE]
    return " ".join(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w for w in words)


def _names_pattern(graph: nx.MultiDiGraph, node_id: str) -> re.Pattern | None:
    """A regex matching any of a topic's names as whole words (names of 2+ characters)."""
    attrs = graph.nodes[node_id]
    names = {n for n in [attrs.get("name") or "", *(attrs.get("aliases") or ())] if len(n) >= 2}
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})s?(?![\w-])", re.IGNORECASE)


def compare_topics(graph: nx.MultiDiGraph, names: list[str] | tuple[str, ...]) -> Comparison:
    """Compare two or more topics (services or concepts) side by side.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> ev = lambda line, text: [{"file": "n.md", "line": line, "text": text}]
    >>> g.add_node("service:sqs", kind="service", name="SQS", aliases=[], evidence=ev(1, "SQS vs SNS: pull vs push"))
    >>> g.add_node("service:sns", kind="service", name="SNS", aliases=[], evidence=ev(1, "SQS vs SNS: pull vs push"))
    >>> g.add_node("service:lambda", kind="service", name="Lambda", aliases=[], evidence=[])
    >>> for s in ("service:sqs", "service:sns"):
    ...     _ = g.add_edge(s, "service:lambda", type="INTEGRATES_WITH", evidence=[])
    >>> for s, size in (("sqs", 256), ("sns", 256)):
    ...     g.add_node(f"limit:{s}", kind="limit", bound="message size", qualifier="max", value=size, unit="KB", text=f"{size} KB", evidence=[])
    ...     _ = g.add_edge(f"service:{s}", f"limit:{s}", type="HAS_LIMIT", evidence=[])
    >>> c = compare_topics(g, ["SQS", "SNS"])
    >>> [r.bound for r in c.limits], [s.other.name for s in c.shared], [e["text"] for e in c.from_notes]
    (['message size'], ['Lambda'], ['SQS vs SNS: pull vs push'])
    """
    ids: list[str] = []
    for name in names:
        node_id = resolve_topic(graph, name)
        if node_id not in ids:
            ids.append(node_id)
    if len(ids) < 2:
        raise ValueError(Errors.E126.format(names=", ".join(map(repr, names))))
    patterns = {i: _names_pattern(graph, i) for i in ids}

    relations = {i: relations_of(graph, i, skip=("HAS_LIMIT",)) for i in ids}
    by_other: dict[str, dict[str, list[Relation]]] = defaultdict(lambda: defaultdict(list))
    for i, rels in relations.items():
        for rel in rels:
            if rel.other.id not in ids:
                by_other[rel.other.id][i].append(rel)
    shared = [SharedNeighbour(topic_ref(graph, other), {i: tuple(rs) for i, rs in per_topic.items()})
              for other, per_topic in by_other.items() if len(per_topic) >= 2]
    shared.sort(key=lambda s: (-len(s.relations), s.other.kind != "service", s.other.name.lower()))

    limits = {i: limit_facts(graph, i) for i in ids}
    rows: dict[str, dict[str, list[LimitFact]]] = defaultdict(lambda: defaultdict(list))
    for i, facts in limits.items():
        for fact in facts:
            rows[bound_key(fact.bound) or fact.bound][i].append(fact)
    limit_rows = [LimitRow(bound, {i: tuple(fs) for i, fs in cells.items()}) for bound, cells in rows.items()]
    limit_rows.sort(key=lambda r: (-len(r.cells), r.bound))

    from_notes = _notes_comparisons(graph, ids, patterns)
    shown = {(e["file"], e["line"]) for e in from_notes}
    columns = []
    for i in ids:
        others = [p for j, p in patterns.items() if j != i and p is not None]
        own = []
        data = graph.nodes[i]
        # Lines that open with its name ("Security Groups = STATEFUL") say most about it, then its sections'
        # lines, then the rest; a topic named on many headings ("EBS Overview") gets a third of the column.
        naming = [dict(e) for e in naming_lines(data, service_names(graph, i))[:_NAMING_LINES]]  # copies, as evidence_of gives
        for e in _distinct([*naming, *section_lines_of(data), *evidence_of(data)]):
            if len(own) == _OWN_LINES:
                break
            if (e["file"], e["line"]) not in shown and not any(p.search(e["text"]) for p in others):
                own.append(e)
        columns.append(TopicColumn(
            topic=topic_ref(graph, i), definition=definition_of(graph, i),
            use_when=tuple(use_when_facts(graph, i, direction="out")), limits=tuple(limits[i]),
            only=tuple(r for r in relations[i] if r.other.id not in ids and len(by_other[r.other.id]) == 1),
            notes=own))
    return Comparison(tuple(columns), tuple(limit_rows), tuple(shared), from_notes)


def _notes_comparisons(graph: nx.MultiDiGraph, ids: list[str], patterns: dict[str, re.Pattern | None]) -> Evidence:
    """COMPARED_WITH edges between the topics, then any of their note lines naming two or more of them, and
    lines of one's own sections naming another ("Limited runtimes, higher latency than CloudFront Functions"
    under Lambda@Edge)."""
    lines: Evidence = []
    for a in ids:
        for b in ids:
            for attrs in (graph.get_edge_data(a, b) or {}).values():
                if a != b and attrs.get("type") == "COMPARED_WITH":
                    lines += evidence_of(attrs)
    for i in ids:
        others = [p for j, p in patterns.items() if j != i and p is not None]
        for e in _distinct(evidence_of(graph.nodes[i])):  # a vault repeats lines: each text is read once
            if sum(1 for p in patterns.values() if p is not None and p.search(e["text"])) >= 2:
                lines.append(e)
        lines += [e for e in _distinct(section_lines_of(graph.nodes[i])) if any(p.search(e["text"]) for p in others)]
    return _distinct(lines)


def _distinct(lines: Evidence) -> Evidence:
    """Lines in order, each (file, line) and each text once."""
    seen_at, seen_text, kept = set(), set(), []
    for e in lines:
        text = " ".join(e["text"].lower().split())
        if (e["file"], e["line"]) in seen_at or text in seen_text:
            continue
        seen_at.add((e["file"], e["line"]))
        seen_text.add(text)
        kept.append(e)
    return kept
