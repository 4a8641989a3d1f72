"""What the notes say about one topic, fact by fact: its definition, limits, USE_WHEN conditions, neighbours.

`show` lists these facts for one topic and `compare` sets them side by side; each fact keeps the
note lines it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.queries.topics import TopicRef, evidence_of, topic_ref

Evidence = list[dict[str, Any]]


@dataclass(frozen=True)
class Definition:
    text: str
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "evidence": self.evidence}


@dataclass(frozen=True)
class LimitFact:
    """A numeric fact: ``qualifier bound: text`` ("max object size: 5 TB")."""

    id: str
    bound: str
    qualifier: str
    value: float | None
    unit: str
    text: str
    conflicts: tuple[str, ...]
    evidence: Evidence

    @property
    def label(self) -> str:
        qualifier = "" if self.qualifier in ("", "exact") else f"{self.qualifier} "
        return f"{qualifier}{self.bound}: {self.text}".strip()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "bound": self.bound, "qualifier": self.qualifier,
                "value": self.value, "unit": self.unit, "text": self.text, "conflicts": list(self.conflicts),
                "evidence": self.evidence}


@dataclass(frozen=True)
class UseWhenFact:
    """"Use ``topic`` when ``condition``"; ``other`` is the far end of the edge (what the condition names)."""

    topic: TopicRef
    other: TopicRef
    condition: str
    direction: str  # "out": the topic is the one to use; "in": another topic is used when … this one
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic.to_dict(), "other": self.other.to_dict(), "condition": self.condition,
                "direction": self.direction, "evidence": self.evidence}


@dataclass(frozen=True)
class Relation:
    """One edge seen from a topic: its type, direction and the topic at the other end."""

    type: str
    direction: str  # "out" (topic → other) or "in" (other → topic)
    other: TopicRef
    evidence: Evidence = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "direction": self.direction, "other": self.other.to_dict(), "evidence": self.evidence}


def definition_of(graph: nx.MultiDiGraph, node_id: str) -> Definition | None:
    """The topic's definition and the note line it was read from (the first line containing it)."""
    attrs = graph.nodes[node_id]
    text = attrs.get("definition")
    if not text:
        return None
    evidence = evidence_of(attrs)
    lowered = text.lower()
    source = [e for e in evidence if lowered in e["text"].lower()][:1] or evidence[:1]
    return Definition(text, source)


def limit_facts(graph: nx.MultiDiGraph, node_id: str) -> list[LimitFact]:
    """The limits the topic HAS_LIMIT, ordered by what they bound."""
    facts = []
    for _, target, attrs in graph.out_edges(node_id, data=True):
        if attrs.get("type") != "HAS_LIMIT":
            continue
        limit = graph.nodes[target]
        facts.append(LimitFact(target, limit.get("bound") or "", limit.get("qualifier") or "", limit.get("value"),
                               limit.get("unit") or "", limit.get("text") or limit.get("name") or target,
                               tuple(limit.get("conflicts") or ()), evidence_of(limit)))
    return sorted(facts, key=lambda f: (f.bound, f.qualifier, f.value if f.value is not None else 0.0, f.id))


def use_when_facts(graph: nx.MultiDiGraph, node_id: str, *, direction: str = "out") -> list[UseWhenFact]:
    """USE_WHEN edges from the topic (``"out"``: when to use it) or to it (``"in"``: what is used about it)."""
    edges = graph.out_edges(node_id, data=True) if direction == "out" else graph.in_edges(node_id, data=True)
    facts = []
    for source, target, attrs in edges:
        if attrs.get("type") != "USE_WHEN" or (direction == "in" and source == target):
            continue
        other = target if direction == "out" else source
        facts.append(UseWhenFact(topic_ref(graph, node_id), topic_ref(graph, other), attrs.get("condition") or "",
                                 direction, evidence_of(attrs)))
    return sorted(facts, key=lambda f: (-len(f.evidence), f.condition.lower()))


def relations_of(graph: nx.MultiDiGraph, node_id: str, *, skip: tuple[str, ...] = ("HAS_LIMIT", "USE_WHEN")) -> list[Relation]:
    """Every other edge of the topic, in both directions, best-evidenced first."""
    relations = []
    for source, target, attrs in graph.out_edges(node_id, data=True):
        if attrs.get("type") not in skip and target != node_id:
            relations.append(Relation(attrs.get("type"), "out", topic_ref(graph, target), evidence_of(attrs)))
    for source, target, attrs in graph.in_edges(node_id, data=True):
        if attrs.get("type") not in skip and source != node_id:
            relations.append(Relation(attrs.get("type"), "in", topic_ref(graph, source), evidence_of(attrs)))
    return sorted(relations, key=lambda r: (r.type, -len(r.evidence), r.other.name.lower()))
