"""``ask``: which services and concepts answer a situation told in the user's own words.

Every USE_WHEN condition and definition in the notes is a document about its topic (see
``graph.queries.ask_index``). A question is ranked against them by meaning (sentence
embeddings, all-MiniLM-L6-v2; the question's vector weighs its words by rarity and leaves out
stop words, ``AskIndex.situation_vector``), by shared words (BM25), or by both (the default, ``"fused"``:
a weighted sum of the cosine similarity and the BM25 score scaled to the best one). A topic
scores as its best document blended with its profile (``PROFILE_WEIGHT``); topics joined
to a service the question names ("my DynamoDB table …") get a small boost, those joined to a
service an everyday word of it hints at ("my function" → Lambda) a smaller one, and topics the
lexicon knows a smaller one still; a question that asks for a service ("Which service …") favours
services. A note text answers for two topics at most (``distinct_top``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graph.errors import Errors

from graph.queries.ask_index import AskIndex, iter_neighbours

METHODS = ("fused", "embedding", "bm25", "rrf")
DEFAULT_METHOD = "fused"
# Share of the embedding in the fused score; the rest is BM25 scaled to [0, 1]. Chosen on the dev set
# (0.6–0.9 all within a few questions of each other; 0.85 had the best top-3, and still has with BM25 over
# stems: top-3 0.664 / 0.682 / 0.691 / 0.664 at 0.75 / 0.8 / 0.85 / 0.9; on the 190 dev questions with
# today's profile weight and boosts, 0.85 and 0.9 are within a question of each other).
EMBEDDING_WEIGHT = 0.85
# Share of the topic's profile (name, definition, first documents, blended with the mean of all its
# documents: ask_index.CENTROID_SHARE) in a node's fused or embedding score; the rest is its best document.
# Chosen with KNOWN_TOPIC_BOOST on the 190 dev questions, the two together: 0.2 / 0.02 gave top-1 0.337,
# top-3 0.568; 0.4 / 0.06 gave 0.395 / 0.616 and lifted the 40 held-out questions from 0.175 / 0.575 to
# 0.300 / 0.575. With the blended profile 0.6 is best (top-3 0.621 / 0.663 / 0.647 at 0.5 / 0.6 / 0.7).
PROFILE_WEIGHT = 0.6
# Added to topics joined to a service the question names (scores are roughly in [0, 1]).
SERVICE_BOOST = 0.1
# Added to topics the lexicon knows (services, and the features it names: they carry a category) over
# phrases the extractor took from the notes, of which about half are no topic ("Analytics app"). Tuned with
# PROFILE_WEIGHT (see there): alone, 0.02 was best on the first 110 dev questions.
KNOWN_TOPIC_BOOST = 0.06
# Added to topics joined to a service an everyday word of the question hints at ("my function" → Lambda,
# the lexicon's hints), when the question does not name it. On the dev set 0.03 lifted top-1 from 0.336
# to 0.400 and top-3 from 0.645 to 0.673; 0.01 to 0.05 gave top-3 within a question of that (top-1
# 0.373 at 0.01, 0.409 at 0.05).
HINTED_SERVICE_BOOST = 0.03
# Added to services when the question asks for one ("Which service …", "Is there a service that …"): on the
# 190 dev questions (13 ask so) 0.03 to 0.1 all lifted top-1 from 0.400 to 0.411 and top-3 from 0.616 to
# 0.626–0.632; the held-out set has one such question, already answered.
SERVICE_ASKED_BOOST = 0.05
_ASKS_FOR_SERVICE = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}service\b|\bis\s+there\s+(?:a|an|one|any)\s+(?:[\w-]+\s+){0,2}service\b",
    re.IGNORECASE)
# Reciprocal rank fusion's damping constant (the usual 60).
RRF_K = 60
# How many answers one note text may bring. On the dev set one (each answer a text of its own) lost three
# questions whose line named the answer but sat in another topic's section (top-3 0.51; two: 0.54).
ANSWERS_PER_TEXT = 2


@dataclass(frozen=True)
class Answer:
    """A topic that answers the question, with the note text that matched best.

    Attributes
    ----------
    id, name, kind
        The topic's node id, display name and kind (``"service"`` or ``"concept"``).
    score
        How well it matched; higher is better, comparable within one call only.
    condition
        The USE_WHEN condition, definition or note line that matched best.
    evidence
        The note lines behind ``condition``, ``{file, line, text}`` dicts.
    """

    id: str
    name: str
    kind: str
    score: float
    condition: str
    evidence: tuple[dict[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: id, name, kind, score, condition and evidence (a list)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "score": round(float(self.score), 6),
            "condition": self.condition,
            "evidence": [dict(e) for e in self.evidence],
        }


def check_question(question: Any, k: Any, method: str) -> str:
    """The question with its whitespace collapsed, or a ValueError naming what is wrong."""
    if not isinstance(question, str) or not question.strip():
        raise ValueError(Errors.E120)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(Errors.E121.format(k=k))
    if method not in METHODS:
        raise ValueError(Errors.E122.format(method=method, methods=", ".join(METHODS)))
    return " ".join(question.split())


def scaled_bm25(index: AskIndex, question: str) -> np.ndarray:
    """BM25 document scores divided by the best one, so they lie in [0, 1]."""
    scores = index.bm25_scores(question)
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else scores


def document_scores(index: AskIndex, question: str, method: str, vector: np.ndarray | None) -> np.ndarray:
    """One score per document of ``index`` by ``method`` (``"rrf"`` scores documents as ``"fused"``);
    ``vector`` is the question's ``index.situation_vector`` (unused by ``"bm25"``)."""
    if method == "bm25":
        return scaled_bm25(index, question)
    if method == "embedding":
        return index.embedding_scores(vector)
    return EMBEDDING_WEIGHT * index.embedding_scores(vector) + (1 - EMBEDDING_WEIGHT) * scaled_bm25(index, question)


def asks_for_service(question: str) -> bool:
    """Whether ``question`` asks for a service rather than a feature.

    Examples
    --------
    >>> asks_for_service("Which managed service does that?"), asks_for_service("Is there a service that scans …")
    (True, True)
    >>> asks_for_service("When a service like ECS manages my resources, what role does it use?")
    False
    """
    return _ASKS_FOR_SERVICE.search(question) is not None


def topic_boost(index: AskIndex, question: str) -> np.ndarray:
    """``SERVICE_BOOST`` for each node of ``index`` joined to a service named in ``question``,
    ``HINTED_SERVICE_BOOST`` for one joined to a service a word of it hints at, plus
    ``KNOWN_TOPIC_BOOST`` for each topic the lexicon knows, and ``SERVICE_ASKED_BOOST`` for each
    service when the question asks for one."""
    boost = KNOWN_TOPIC_BOOST * index.known_topics
    if asks_for_service(question):
        boost = boost + SERVICE_ASKED_BOOST * index.service_topics
    named = index.services_named(question)
    hinted = index.services_hinted(question) - named
    for services, amount in ((named, SERVICE_BOOST), (hinted, HINTED_SERVICE_BOOST)):
        for node in set(iter_neighbours(index.graph, services)) - services:
            if node in index.position:
                boost[index.position[node]] += amount
    return boost


def rrf_scores(*rankings: np.ndarray) -> np.ndarray:
    """Reciprocal rank fusion of node score arrays: sum of 1 / (RRF_K + rank) over the rankings.

    Examples
    --------
    >>> np.round(rrf_scores(np.array([0.9, 0.1]), np.array([0.2, 0.8])) * 1000, 2)
    array([32.52, 32.52])
    """
    fused = np.zeros(len(rankings[0]))
    for scores in rankings:
        ranks = np.empty(len(scores))
        ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
        fused += 1.0 / (RRF_K + ranks)
    return fused


def node_scores(index: AskIndex, question: str, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Each node's score by ``method`` (``topic_boost`` included) and the index of its best document."""
    boost = topic_boost(index, question)
    vector = None if method == "bm25" else index.situation_vector(question)  # encoded once per question
    scores, best_doc = index.best_per_node(document_scores(index, question, method, vector))
    if method in ("fused", "embedding"):
        profile = index.profile_scores(vector)
        scores = np.where(scores > 0, (1 - PROFILE_WEIGHT) * scores + PROFILE_WEIGHT * profile, scores)
    if method != "rrf":
        return scores + boost * (scores > 0), best_doc
    by_meaning, _ = index.best_per_node(index.embedding_scores(vector))
    by_words, _ = index.best_per_node(scaled_bm25(index, question))
    fused = rrf_scores(by_meaning + boost, by_words + boost * (by_words > 0))
    return np.where(scores > 0, fused, 0.0), best_doc


def top_nodes(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best positive scores, best first (ties in node order)."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        positive = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        # argpartition may cut through a tie; take every node tied with the k-th, then sort and cut.
        positive = np.flatnonzero(scores >= scores[positive].min())
    order = np.lexsort((positive, -scores[positive]))
    return positive[order][:k]


def distinct_top(index: AskIndex, scores: np.ndarray, best_doc: np.ndarray, k: int) -> list[int]:
    """Positions of the ``k`` best nodes, best first, no note text answering for more than ``ANSWERS_PER_TEXT``.

    Topics that share a line ("No stale data = fast reads" under a heading and in a phrase) would
    otherwise fill the answers with that one line. Two may share it: a line often sits in one topic's
    section and names another ("CloudTrail shows who/what caused change" under "Integration
    Workflow"), and the one it names may rank second.
    """
    picked: list[int] = []
    shown: Counter[int] = Counter()
    for position in top_nodes(scores, len(scores)):
        text = int(index.text_of[best_doc[position]])
        if shown[text] == ANSWERS_PER_TEXT:
            continue
        shown[text] += 1
        picked.append(int(position))
        if len(picked) == k:
            break
    return picked


def ask(graph: nx.MultiDiGraph, question: str, *, k: int = 5, method: str = DEFAULT_METHOD) -> list[Answer]:
    """The ``k`` services and concepts whose notes best answer ``question``, best first.

    Parameters
    ----------
    graph
        A servicemap graph (``EmbeddedStore(path).load()``).
    question
        A situation in the user's own words ("my table got corrupted, how do I roll it back?").
    k
        How many answers at most.
    method
        ``"fused"`` (default), ``"embedding"``, ``"bm25"`` or ``"rrf"`` (reciprocal rank fusion).

    Returns
    -------
    list of Answer
        Empty when the graph has no USE_WHEN conditions or definitions (or nothing matches).

    Raises
    ------
    ValueError
        When the question is empty, ``k`` is below 1 or ``method`` is unknown.
    """
    question = check_question(question, k, method)
    index = AskIndex.for_graph(graph)
    if not index.documents:
        return []
    scores, best_doc = node_scores(index, question, method)
    answers = []
    for position in distinct_top(index, scores, best_doc, k):
        document = index.documents[best_doc[position]]
        data = graph.nodes[document.node]
        answers.append(Answer(
            id=document.node,
            name=data.get("name") or document.node,
            kind=data.get("kind", ""),
            score=float(scores[position]),
            condition=document.display,
            evidence=document.evidence,
        ))
    return answers
