"""`servicemap prereqs T`: what to learn before a topic, as a learning path with reasons.

Three sources, in order of trust:

* **explicit** — the notes say so ("requires", "must enable … first"): PREREQUISITE_OF edges;
* **explains** — T's own notes build on another topic: T is part of it, or T's definition or
  USE_WHEN conditions name it;
* **named in its notes** — a topic that T's own note lines name and that is a service, joined to T,
  or another concept of T's service ("Aliases: pointers to versions" names Lambda Version; such a
  concept only when the line lists no more topics and the courses teach it first): a step only when
  the courses also teach it earlier;
* **taught earlier** — the courses cover the topic before T (its first line comes earlier in the
  same note file); this alone never makes a step, it raises or lowers the confidence of the others.

The steps form a DAG (an edge that would close a cycle is dropped, the weaker first) flattened
topologically with the nearest prerequisites first: read it backwards for a study order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.errors import Errors
from graph.queries.cache import per_graph
from graph.queries.topics import NAMED_KINDS, TopicRef, evidence_of, normalize_key, resolve_topic, topic_index, topic_ref

_BASE = {"explicit": 0.85, "part of": 0.7, "explains": 0.6, "named in its notes": 0.45}
_LINES_READ = 40  # of a topic's own note lines, looked through for the topics they name
_EARLIER, _LATER = 0.1, -0.2  # course order nudges
_MIN_CONFIDENCE = 0.45
_PER_TOPIC = 6  # prerequisites kept per topic and level, the most confident first
_LIST = 2  # a line naming this many other topics lists them: no one of them comes before the rest


@dataclass(frozen=True)
class Step:
    topic: TopicRef
    depth: int  # 1: a prerequisite of T itself; 2: of one of those …
    before: TopicRef  # the topic this one is needed for
    reason: str  # "explicit", "part of" or "explains", plus ", taught earlier" when the courses agree
    confidence: float
    evidence: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {**self.topic.to_dict(), "depth": self.depth, "before": self.before.to_dict(), "reason": self.reason,
                "confidence": round(self.confidence, 2), "evidence": self.evidence}


@dataclass(frozen=True)
class LearningPath:
    topic: TopicRef
    steps: tuple[Step, ...]  # nearest prerequisites first
    edges: tuple[tuple[str, str], ...]  # (prerequisite id, dependent id): the DAG, for drawing

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic.to_dict(), "steps": [s.to_dict() for s in self.steps],
                "edges": [list(e) for e in self.edges]}


def first_lines(graph: nx.MultiDiGraph, node_id: str) -> dict[str, int]:
    """Where the courses first mention a topic: note file → first line (remembered per graph)."""
    known: dict[str, dict[str, int]] = per_graph(graph, "first_lines", lambda g: {})
    if node_id not in known:
        first: dict[str, int] = {}
        for e in graph.nodes[node_id].get("evidence") or ():
            if e["line"] < first.get(e["file"], 1 << 62):
                first[e["file"]] = e["line"]
        known[node_id] = first
    return known[node_id]


def course_order(graph: nx.MultiDiGraph, earlier: str, later: str) -> int:
    """+1 if the courses teach ``earlier`` before ``later`` in most files naming both, -1 if after, 0 if unknown."""
    a, b = first_lines(graph, earlier), first_lines(graph, later)
    votes = sum((a[f] < b[f]) - (a[f] > b[f]) for f in set(a) & set(b))
    return (votes > 0) - (votes < 0)


def topics_named(graph: nx.MultiDiGraph, text: str) -> set[str]:
    """The topics whose name or alias ``text`` contains (as whole words, up to six of them)."""
    keys = topic_index(graph).keys
    words = normalize_key(text).split()
    return {keys[" ".join(words[i:i + n])] for i in range(len(words)) for n in range(1, 7)
            if i + n <= len(words) and " ".join(words[i:i + n]) in keys}


def _names_without(names: list[str], prefixes: list[str]) -> set[str]:
    """``names`` in key form, each also without any of ``prefixes`` in front ("lambda versions" → "versions").

    >>> sorted(_names_without(["Lambda Versions"], ["AWS Lambda", "Lambda"]))
    ['lambda versions', 'versions']
    """
    keys = {normalize_key(n) for n in names if n}
    for prefix in sorted({normalize_key(p) for p in prefixes if p}, key=len, reverse=True):
        keys |= {k[len(prefix) + 1:] for k in list(keys) if k.startswith(prefix + " ")}
    return {k for k in keys if k}


def siblings(graph: nx.MultiDiGraph, node_id: str) -> dict[str, set[str]]:
    """The lexicon's other concepts PART_OF the same service as ``node_id``, each with the names a line of
    that service's notes may call it by: its own, and without the service's name in front ("versions")."""
    found: dict[str, set[str]] = {}
    for _, owner, edge in graph.out_edges(node_id, data=True):
        if edge.get("type") != "PART_OF":
            continue
        owner_names = [graph.nodes[owner].get("name") or "", *(graph.nodes[owner].get("aliases") or ())]
        for other, _, part in graph.in_edges(owner, data=True):
            data = graph.nodes[other]
            # the lexicon's concepts only: phrases the extractor made part of a service ("Private", "Rule") are noise
            if part.get("type") == "PART_OF" and other != node_id and data.get("category"):
                found.setdefault(other, set()).update(
                    _names_without([data.get("name") or "", *(data.get("aliases") or ())], owner_names))
    return found


def _named_in_lines(graph: nx.MultiDiGraph, node_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Topics that ``node_id``'s own note lines name, with the first such line: services, topics joined to
    it, and topics of the same service, by name or by their name without the service's ("versions")."""
    lines = []
    for e in graph.nodes[node_id].get("evidence") or ():
        if e["text"] not in (line["text"] for line in lines):
            lines.append(e)
        if len(lines) >= _LINES_READ:
            break
    related = {o for _, o in graph.out_edges(node_id)} | {o for o, _ in graph.in_edges(node_id)}
    kin = siblings(graph, node_id)
    named: dict[str, dict[str, Any]] = {}
    for line in lines:
        mentioned = topics_named(graph, line["text"])
        for other in mentioned:
            if other != node_id and other not in named and (other in related or other.startswith("service:")):
                named[other] = line
        text = f" {normalize_key(line['text'])} "
        kin_named = [other for other, names in kin.items()
                     if any(f" {n}{plural} " in text for n in names for plural in ("", "s", "es"))]
        # A line naming two other topics lists peers ("ElasticLoadBalancers(CLB,ALB,NLB)", "Security: IAM, Object
        # Lock"); and a peer counts only when the courses teach it first ("Task Role is defined in the task definition").
        known = {other for other in mentioned if graph.nodes[other].get("category")}  # not "traffic", "create"
        if len((known | set(kin_named)) - {node_id}) < _LIST:
            for other in kin_named:
                if other not in named and course_order(graph, other, node_id) > 0:
                    named[other] = line
    return sorted(named.items())


def candidates(graph: nx.MultiDiGraph, node_id: str) -> list[tuple[str, str, float, list[dict[str, Any]]]]:
    """(prerequisite id, reason, confidence, evidence) for one topic, strongest first, at most one per prerequisite."""
    found: dict[str, tuple[str, float, list]] = {}

    def offer(other: str, reason: str, evidence: list) -> None:
        if other == node_id or graph.nodes[other].get("kind") not in NAMED_KINDS:
            return
        order = course_order(graph, other, node_id)
        confidence = _BASE[reason] + (_EARLIER if order > 0 else _LATER if order < 0 else 0.0)
        if order > 0:
            reason += ", taught earlier"
        if confidence > found.get(other, ("", 0.0, []))[1]:
            found[other] = (reason, min(confidence, 0.95), evidence)

    attrs = graph.nodes[node_id]
    named_in_definition = topics_named(graph, attrs.get("definition") or "")
    for source, _, edge in graph.in_edges(node_id, data=True):
        if edge.get("type") == "PREREQUISITE_OF":
            offer(source, "explicit", evidence_of(edge, 3))
    for _, target, edge in graph.out_edges(node_id, data=True):
        kind = edge.get("type")
        if kind == "PART_OF":
            offer(target, "part of", evidence_of(edge, 3))
        elif kind == "USE_WHEN" and target != node_id:
            offer(target, "explains", evidence_of(edge, 3))
        elif kind in ("INTEGRATES_WITH", "PREREQUISITE_OF") and target in named_in_definition:
            offer(target, "explains", evidence_of(attrs, 1))
    for other, line in _named_in_lines(graph, node_id):
        offer(other, "named in its notes", [line])
    ranked = sorted(found.items(), key=lambda item: (-item[1][1], item[0]))
    return [(other, reason, conf, ev) for other, (reason, conf, ev) in ranked if conf >= _MIN_CONFIDENCE][:_PER_TOPIC]


def learning_path(graph: nx.MultiDiGraph, topic: str, *, depth: int = 2) -> LearningPath:
    """What to learn before ``topic``, nearest first, each step with its reason, confidence and evidence.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> ev = lambda line, text: [{"file": "n.md", "line": line, "text": text}]
    >>> g.add_node("service:s3", kind="service", name="S3", evidence=ev(1, "S3 basics"))
    >>> g.add_node("concept:versioning", kind="concept", name="Versioning", evidence=ev(5, "Versioning"))
    >>> g.add_node("concept:object-lock", kind="concept", name="Object Lock", evidence=ev(9, "Object Lock requires versioning"))
    >>> _ = g.add_edge("concept:versioning", "concept:object-lock", type="PREREQUISITE_OF", evidence=ev(9, "Object Lock requires versioning"))
    >>> _ = g.add_edge("concept:versioning", "service:s3", type="PART_OF", evidence=ev(5, "Versioning"))
    >>> [(s.topic.name, s.depth, s.reason) for s in learning_path(g, "Object Lock").steps]
    [('Versioning', 1, 'explicit, taught earlier'), ('S3', 2, 'part of, taught earlier')]
    """
    if depth < 1:
        raise ValueError(Errors.E127.format(what="depth", least=1, value=depth))
    target = resolve_topic(graph, topic)
    dag = nx.DiGraph()
    dag.add_node(target)
    level_of = {target: 0}
    steps: dict[str, Step] = {}
    frontier = [target]
    for level in range(1, depth + 1):
        following = []
        for dependent in frontier:
            for other, reason, confidence, evidence in candidates(graph, dependent):
                if other == target or (other in dag and nx.has_path(dag, dependent, other)):  # would close a cycle
                    continue
                confidence *= 1.0 if level == 1 else steps[dependent].confidence
                dag.add_edge(other, dependent)
                if other not in steps or confidence > steps[other].confidence:
                    steps[other] = Step(topic_ref(graph, other), level_of.get(other, level), topic_ref(graph, dependent),
                                        reason, confidence, evidence)
                if other not in level_of:
                    level_of[other] = level
                    following.append(other)
        frontier = following
    # Nearest first, and never before a topic that needs it: a topological order of the reversed DAG.
    order = nx.lexicographical_topological_sort(dag.reverse(copy=False),
                                                key=lambda n: (level_of[n], -steps[n].confidence if n in steps else 0, n))
    ordered = tuple(steps[n] for n in order if n != target)
    return LearningPath(topic_ref(graph, target), ordered, tuple(sorted(dag.edges())))
