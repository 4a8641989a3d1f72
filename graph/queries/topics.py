"""Names to topics: resolve what a user typed ("s3", "Simple Storage", "dynamo", "cloudfrnt") to a node id.

Every query starts here. The order of attempts is the order of trust: an exact name, alias or id;
the same in the singular; a name that starts with what was typed; then a fuzzy match (rapidfuzz).
When two topics share a key, services win over concepts, and better-evidenced topics over weaker ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx
from rapidfuzz import fuzz, process

from graph.errors import Errors
from graph.queries.cache import per_graph

#: Kinds a user can name (limits are reached through their subject).
NAMED_KINDS = ("service", "concept")
_KIND_RANK = {"service": 0, "concept": 1, "limit": 2}
_LEADING_SYMBOLS = re.compile(r"[^\w“\"]*")
_PREFIX_GAP = re.compile(r"\s*[-–—:]?\s*")
_FUZZY_CUTOFF = 86  # fuzz.ratio: "cloudfrnt" ~ "cloudfront" scores 95, "sqs" ~ "sns" 67


class UnknownTopic(LookupError):
    """No topic answers to ``name``; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        super().__init__(name, suggestions)

    def __str__(self) -> str:
        if not self.suggestions:
            return Errors.E124.format(name=self.name)
        *head, last = self.suggestions
        return Errors.E123.format(name=self.name, options=f"{', '.join(head)} or {last}" if head else last)


def normalize_key(text: str) -> str:
    """Lowercase, punctuation to spaces: the form names are compared in.

    >>> normalize_key("  Multi-AZ  (RDS) "), normalize_key("Lambda@Edge")
    ('multi az rds', 'lambda at edge')
    """
    text = text.lower().replace("@", " at ").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", text).split())


def _singular(key: str) -> str:
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith("s") and not key.endswith("ss") and len(key) > 3:
        return key[:-1]
    return key


@dataclass(frozen=True)
class TopicRef:
    """A node as results show it: id, display name and kind."""

    id: str
    name: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind}


def topic_ref(graph: nx.MultiDiGraph, node_id: str) -> TopicRef:
    attrs = graph.nodes[node_id]
    return TopicRef(node_id, attrs.get("name") or node_id, attrs.get("kind", node_id.split(":", 1)[0]))


def topic_label(graph: nx.MultiDiGraph, node_id: str) -> str:
    """The display name of a node."""
    return graph.nodes[node_id].get("name") or node_id


@dataclass
class TopicIndex:
    """Every key a topic answers to (normalised name, aliases, id slug) → the best node for it."""

    keys: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # the keys, for fuzzy matching

    @classmethod
    def build(cls, graph: nx.MultiDiGraph) -> "TopicIndex":
        ranked: dict[str, tuple] = {}
        for node_id, attrs in graph.nodes(data=True):
            kind = attrs.get("kind")
            if kind not in NAMED_KINDS:
                continue
            rank = (_KIND_RANK[kind], -len(attrs.get("evidence") or ()), node_id)
            names = [attrs.get("name") or "", node_id.split(":", 1)[-1].replace("-", " "), *(attrs.get("aliases") or ())]
            for name in names:
                for key in {normalize_key(name), _singular(normalize_key(name))}:
                    if key and (key not in ranked or rank < ranked[key][0]):
                        ranked[key] = (rank, node_id)
        keys = {key: node_id for key, (_, node_id) in ranked.items()}
        return cls(keys, sorted(keys))

    def lookup(self, graph: nx.MultiDiGraph, name: str) -> str | None:
        if name in graph and graph.nodes[name].get("kind"):  # an id, as the app and --json output give them
            return name
        key = normalize_key(name)
        if not key:
            return None
        for candidate in (key, _singular(key)):
            if candidate in self.keys:
                return self.keys[candidate]
        match = process.extractOne(key, self.names, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if match and match[1] >= 90 and _is_typo(key, match[0]):  # a typo of a full name beats a fragment of a longer one
            return self.keys[match[0]]
        padded = f" {key} "
        for found in (
            [k for k in self.names if k.startswith(key + " ") or (len(key) >= 4 and k.startswith(key))],  # "dynamo"
            [k for k in self.names if padded in f" {k} "] if len(key) >= 4 else [],  # "visibility timeout"
            [k for k in self.names if len(k) >= 0.5 * len(key) and padded.startswith(f" {k} ")],  # "aurora global database"
        ):
            if found:
                shortest = min(len(k) for k in found)
                return min((self.keys[k] for k in found if len(k) == shortest), key=lambda n: _rank(graph, n))
        return self.keys[match[0]] if match and _is_typo(key, match[0]) else None

    def suggestions(self, graph: nx.MultiDiGraph, name: str, limit: int = 3) -> list[str]:
        # Plain edit distance first (typos), then partial matches (fragments of longer names).
        key = normalize_key(name)
        typos = process.extract(key, self.names, scorer=fuzz.ratio, limit=limit * 8, score_cutoff=50)
        typos.sort(key=lambda hit: (-hit[1], _rank(graph, self.keys[hit[0]])))  # ties: services, then evidence
        found = [*typos, *process.extract(key, self.names, scorer=fuzz.WRatio, limit=limit * 4)]
        labels: list[str] = []
        for key, _score, _ in found:
            label = topic_label(graph, self.keys[key])
            if label not in labels:
                labels.append(label)
        return labels[:limit]


def _is_typo(typed: str, key: str) -> bool:
    """Whether ``typed`` is ``key`` with typos in long words only ("cloudfrnt", not "sqs standard" for "s3 standard").

    >>> _is_typo("cloudfrnt", "cloudfront"), _is_typo("sqs standard", "s3 standard")
    (True, False)
    """
    words, key_words = typed.split(), key.split()
    return len(words) == len(key_words) and all(a == b or min(len(a), len(b)) >= 4 for a, b in zip(words, key_words))


def _rank(graph: nx.MultiDiGraph, node_id: str) -> tuple:
    attrs = graph.nodes[node_id]
    return (_KIND_RANK.get(attrs.get("kind"), 3), -len(attrs.get("evidence") or ()), node_id)


def topic_index(graph: nx.MultiDiGraph) -> TopicIndex:
    """The graph's name index, built once per graph (rebuilt if the graph grew or shrank)."""
    return per_graph(graph, "topic_index", TopicIndex.build)


def resolve_topic(graph: nx.MultiDiGraph, name: str) -> str:
    """The node id of the topic ``name`` names, through case, aliases, plurals, prefixes and typos.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("service:amazon-s3", kind="service", name="Amazon S3", aliases=["S3", "Simple Storage Service"])
    >>> g.add_node("service:amazon-cloudfront", kind="service", name="Amazon CloudFront", aliases=["CloudFront"])
    >>> [resolve_topic(g, n) for n in ("s3", "Simple Storage", "cloudfrnt")]
    ['service:amazon-s3', 'service:amazon-s3', 'service:amazon-cloudfront']
    >>> resolve_topic(g, "S4")
    Traceback (most recent call last):
    ...
    graph.queries.topics.UnknownTopic: no topic named 'S4' — did you mean Amazon S3 or Amazon CloudFront?
    """
    index = topic_index(graph)
    found = index.lookup(graph, name.strip())
    if found is None:
        raise UnknownTopic(name.strip(), index.suggestions(graph, name))
    return found


def evidence_of(attrs: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    """A node's or edge's evidence as plain dicts (file, line, text), first ``limit`` only."""
    evidence = [dict(e) for e in attrs.get("evidence") or ()]
    return evidence if limit is None else evidence[:limit]


def section_lines_of(attrs: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    """The lines of a topic's own sections that don't name it ("- no cache" under "Global Accelerator")."""
    lines = [dict(e) for e in attrs.get("section_lines") or ()]
    return lines if limit is None else lines[:limit]


def service_names(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """The name and aliases of the service a lexicon concept is part of ([] for any other topic)."""
    service = graph.nodes[node].get("part_of")
    if not service or service not in graph:
        return []
    data = graph.nodes[service]
    return [data.get("name") or "", *(data.get("aliases") or ())]


def _after_prefix(text: str, start: int, prefixes: list[str]) -> list[int]:
    """Where ``text`` goes on after the first of ``prefixes`` it opens with (at ``start``) and a gap
    ("DynamoDB – ", "S3 "); [] when it opens with none of them."""
    lowered = text[start:start + (len(prefixes[0]) if prefixes else 0)].lower()
    for prefix in prefixes:
        if lowered.startswith(prefix):
            gap = _PREFIX_GAP.match(text, start + len(prefix))
            return [gap.end()] if gap.end() > start + len(prefix) else []
    return []


def naming_lines(data: dict[str, Any], prefixes: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The topic's evidence lines that open with its name or an alias ("PITR: restore …", "DAX — cache …"),
    also after one of ``prefixes``, its service's names ("DynamoDB – GSI (Global Secondary Index) — whole new table").

    Examples
    --------
    >>> naming_lines({"name": "PITR", "aliases": [], "evidence": [
    ...     {"file": "n", "line": 1, "text": "PITR: restore a table to any second"},
    ...     {"file": "n", "line": 2, "text": "Backups: PITR, on-demand"}]})
    [{'file': 'n', 'line': 1, 'text': 'PITR: restore a table to any second'}]
    >>> [e["line"] for e in naming_lines({"name": "GSI", "aliases": [], "evidence": [
    ...     {"file": "n", "line": 3, "text": "DynamoDB – GSI — a whole new table"},
    ...     {"file": "n", "line": 4, "text": "DynamoDBGSI — no gap, no prefix"}]}, ["DynamoDB"])]
    [3]
    """
    names = {n.lower() for n in [data.get("name") or "", *(data.get("aliases") or ())] if len(n) >= 2}
    services = sorted({p.lower() for p in prefixes if len(p) >= 2}, key=len, reverse=True)
    # Lower-cased openings are compared with the names by length: no pattern to compile per topic.
    lengths = sorted({len(n) for n in names})
    found, examined = [], set()
    for line in data.get("evidence") or ():
        text = str(line.get("text") or "").strip()
        if text in examined:  # a vault repeats lines: each text is looked at once
            continue
        examined.add(text)
        start = _LEADING_SYMBOLS.match(text).end()
        starts = [start, *_after_prefix(text, start, services)]
        for begin in starts:
            opening = text[begin:begin + lengths[-1]].lower() if lengths else ""
            if any(opening[:size] in names and len(text) - begin > size + 8 for size in lengths):
                found.append(line)
                break
    return found
