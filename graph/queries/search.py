"""`servicemap search TEXT`: topics whose names or aliases match (fuzzy), then topics whose note lines do."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process

from graph.errors import Errors
from graph.queries.cache import per_graph
from graph.queries.topics import NAMED_KINDS, TopicRef, normalize_key, topic_index, topic_ref

_NAME_CUTOFF = 80  # below this a name is no longer recognisably the one typed


def name_score(query: str, key: str, **_: object) -> float:
    """How well a normalised name ``key`` matches ``query``: containment of whole words, else edit distance.

    >>> name_score("replica", "read replica"), name_score("replica", "replica"), name_score("cloudfrnt", "cloudfront")
    (91.7, 100.0, 94.7)
    """
    if f" {query} " in f" {key} ":
        return round(80.0 + 20.0 * len(query) / len(key), 1)
    return round(fuzz.ratio(query, key), 1)
_NOTE_SCORE = 50.0  # note-text hits rank after every name hit


@dataclass(frozen=True)
class SearchHit:
    topic: TopicRef
    score: float
    matched: str  # "name", "alias" or "note"
    evidence: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {**self.topic.to_dict(), "score": round(self.score, 1), "matched": self.matched, "evidence": self.evidence}


@dataclass
class NoteLines:
    """Each topic's distinct note lines and, for every word, the lines holding it."""

    lines: list[tuple[str, dict[str, Any]]]  # (node id, evidence)
    by_word: dict[str, set[int]]

    @classmethod
    def build(cls, graph: nx.MultiDiGraph) -> "NoteLines":
        lines: list[tuple[str, dict[str, Any]]] = []
        by_word: dict[str, set[int]] = defaultdict(set)
        for node_id, attrs in graph.nodes(data=True):
            if attrs.get("kind") not in NAMED_KINDS:
                continue
            seen = set()
            for ev in (*(attrs.get("evidence") or ()), *(attrs.get("section_lines") or ())):
                key = normalize_key(ev["text"])
                if key in seen:
                    continue
                seen.add(key)
                for word in set(key.split()):
                    by_word[word].add(len(lines))
                lines.append((node_id, dict(ev)))
        return cls(lines, dict(by_word))

    def holding(self, words: list[str]) -> list[tuple[str, dict[str, Any]]]:
        """The lines that hold every word, in graph order."""
        sets = sorted((self.by_word.get(w, set()) for w in words), key=len)
        found = set.intersection(*sets) if sets else set()
        return [self.lines[i] for i in sorted(found)]


def search_topics(graph: nx.MultiDiGraph, text: str, *, limit: int = 20, evidence_limit: int = 3) -> list[SearchHit]:
    """Topics for ``text``: fuzzy name and alias matches first, then topics whose note lines hold every word.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("service:amazon-sqs", kind="service", name="Amazon SQS", aliases=["SQS", "Simple Queue Service"],
    ...            evidence=[{"file": "n.md", "line": 1, "text": "SQS decouples producers from consumers"}])
    >>> g.add_node("concept:dead-letter-queue", kind="concept", name="Dead Letter Queue", aliases=["DLQ"],
    ...            evidence=[{"file": "n.md", "line": 2, "text": "Failed messages go to a DLQ"}])
    >>> [(h.topic.name, h.matched) for h in search_topics(g, "queue")]
    [('Dead Letter Queue', 'name'), ('Amazon SQS', 'alias')]
    >>> [(h.topic.name, h.matched) for h in search_topics(g, "consumers")]
    [('Amazon SQS', 'note')]
    """
    query = normalize_key(text)
    if not query:
        raise ValueError(Errors.E125)
    index = topic_index(graph)
    best: dict[str, tuple[float, str]] = {}
    for key, score, _ in process.extract(query, index.names, scorer=name_score, limit=limit * 5,
                                         score_cutoff=_NAME_CUTOFF):
        node_id = index.keys[key]
        matched = "name" if normalize_key(graph.nodes[node_id].get("name") or "") == key else "alias"
        if score > best.get(node_id, (0.0, ""))[0]:
            best[node_id] = (score, matched)
    hits = [SearchHit(topic_ref(graph, n), s, m, _lines_with(graph, n, query, evidence_limit))
            for n, (s, m) in best.items()]
    hits.sort(key=lambda h: (-h.score, h.topic.kind != "service", h.topic.name.lower()))
    hits = hits[:limit]
    if len(hits) < limit:
        hits += _note_hits(graph, query, exclude=set(best), limit=limit - len(hits), evidence_limit=evidence_limit)
    return hits


def _lines_with(graph: nx.MultiDiGraph, node_id: str, query: str, limit: int) -> list[dict[str, Any]]:
    evidence = graph.nodes[node_id].get("evidence") or []
    words = query.split()
    matching = [dict(e) for e in evidence if all(w in normalize_key(e["text"]) for w in words)]
    return (matching or [dict(e) for e in evidence])[:limit]


def _note_hits(graph: nx.MultiDiGraph, query: str, *, exclude: set[str], limit: int, evidence_limit: int) -> list[SearchHit]:
    found: dict[str, list[dict[str, Any]]] = {}
    for node_id, evidence in per_graph(graph, "note_lines", NoteLines.build).holding(query.split()):
        if node_id not in exclude:
            found.setdefault(node_id, []).append(evidence)
    ranked = sorted(found.items(), key=lambda item: (-len(item[1]), graph.nodes[item[0]].get("kind") != "service", item[0]))
    total = max((len(lines) for lines in found.values()), default=1)
    return [SearchHit(topic_ref(graph, node_id), _NOTE_SCORE * len(lines) / total, "note", lines[:evidence_limit])
            for node_id, lines in ranked[:limit]]
