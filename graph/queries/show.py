"""`servicemap show NAME`: everything the notes say about one topic, each fact with its note lines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.queries.facts import Definition, Evidence, LimitFact, Relation, UseWhenFact, definition_of, limit_facts, \
    relations_of, use_when_facts
from graph.queries.topics import TopicRef, evidence_of, resolve_topic, section_lines_of, topic_ref


@dataclass(frozen=True)
class TopicDetails:
    topic: TopicRef
    aliases: tuple[str, ...]
    category: str | None
    definition: Definition | None
    limits: tuple[LimitFact, ...]
    use_when: tuple[UseWhenFact, ...]  # "out": when to use this topic
    used_with: tuple[UseWhenFact, ...]  # "in": other topics used when … this one
    neighbours: dict[str, tuple[Relation, ...]]  # by relation type
    conflicts: tuple[dict[str, Any], ...]
    evidence: Evidence  # the lines naming it
    section_lines: Evidence  # the lines of its own sections that don't name it

    def to_dict(self) -> dict[str, Any]:
        return {**self.topic.to_dict(), "aliases": list(self.aliases), "category": self.category,
                "definition": self.definition.to_dict() if self.definition else None,
                "limits": [f.to_dict() for f in self.limits],
                "use_when": [f.to_dict() for f in self.use_when],
                "used_with": [f.to_dict() for f in self.used_with],
                "neighbours": {t: [r.to_dict() for r in rs] for t, rs in self.neighbours.items()},
                "conflicts": list(self.conflicts), "evidence": self.evidence,
                "section_lines": self.section_lines}


def show_topic(graph: nx.MultiDiGraph, name: str, *, evidence_limit: int | None = None) -> TopicDetails:
    """Kind, aliases, category, definition, limits, USE_WHEN both ways, neighbours, conflicts and evidence.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> ev = [{"file": "n.md", "line": 3, "text": "SQS: message queue. Max message 256 KB"}]
    >>> g.add_node("service:amazon-sqs", kind="service", name="Amazon SQS", aliases=["SQS"], definition="message queue", evidence=ev)
    >>> g.add_node("limit:sqs:message:max:256-kb", kind="limit", name="max message: 256 KB", bound="message",
    ...            qualifier="max", value=256.0, unit="KB", text="256 KB", evidence=ev)
    >>> _ = g.add_edge("service:amazon-sqs", "limit:sqs:message:max:256-kb", type="HAS_LIMIT", evidence=ev)
    >>> details = show_topic(g, "sqs")
    >>> details.definition.text, [f.label for f in details.limits], details.definition.evidence[0]["line"]
    ('message queue', ['max message: 256 KB'], 3)
    """
    node_id = resolve_topic(graph, name)
    attrs = graph.nodes[node_id]
    neighbours: dict[str, list[Relation]] = defaultdict(list)
    for relation in relations_of(graph, node_id):
        neighbours[relation.type].append(relation)
    if attrs.get("kind") == "limit":  # a limit's subject is its neighbour
        for source, _, edge in graph.in_edges(node_id, data=True):
            neighbours["HAS_LIMIT"].append(Relation("HAS_LIMIT", "in", topic_ref(graph, source), evidence_of(edge)))
    conflicts = [c for c in graph.graph.get("conflicts", ()) if node_id == c.get("subject") or node_id in c.get("limits", ())]
    return TopicDetails(
        topic=topic_ref(graph, node_id),
        aliases=tuple(attrs.get("aliases") or ()),
        category=attrs.get("category"),
        definition=definition_of(graph, node_id),
        limits=tuple(limit_facts(graph, node_id)),
        use_when=tuple(use_when_facts(graph, node_id, direction="out")),
        used_with=tuple(use_when_facts(graph, node_id, direction="in")),
        neighbours={t: tuple(rs) for t, rs in sorted(neighbours.items())},
        conflicts=tuple(conflicts),
        evidence=evidence_of(attrs, evidence_limit),
        section_lines=section_lines_of(attrs, evidence_limit),
    )
