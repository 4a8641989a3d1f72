"""The searchable side of ``ask``: one document per thing the notes say about a topic, embedded and BM25-indexed.

A topic (service or concept) gets a document for every USE_WHEN condition it is the subject of,
one for its definition, one for each line of its own sections ("- no cache" under "Global
Accelerator": on the dev set this lifts top-3 from 0.34 to 0.39) and, when asked for, one for each
note line it is mentioned on (no better on the dev set, and 11k more texts to embed). Each
document keeps the text shown to the user (``display``) and the note lines behind it. Embeddings
rank ``display`` alone (on the dev set the topic's name in front pulled questions towards topics
with similar names); BM25 ranks it with the topic's name in front, so a question naming the topic
finds it.

Each topic also has a profile, its name with its definition and first documents in one text, so
that a question can match what the topic is about as a whole and not only one line of it. The profile's
vector is blended with the mean of all the topic's document vectors (``CENTROID_SHARE``), which also
hears the documents past the profile's first 80 words.

Identical texts are embedded and indexed once (a graph built from a vault with the same facts
repeated has many), and ``AskIndex.for_graph`` keeps one index per graph object.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

import bm25s
import networkx as nx
import numpy as np
import Stemmer

from graph.queries import embedding
from graph.queries.cache import per_graph
from graph.queries.topics import naming_lines, service_names

ANSWER_KINDS = ("service", "concept")
# A topic's profile: its name, then its definition and documents in order, up to about this many words
# (all-MiniLM-L6-v2 reads 256 word pieces; 40 and 80 words did alike on the dev set, 80 a little better).
PROFILE_WORDS = 80
# Share of the mean of a topic's document vectors in its profile vector; the rest is the profile text's own
# vector. On the 190 dev questions (with PROFILE_WEIGHT 0.6) top-3 went 0.637 -> 0.663 at 0.25 to 0.4
# (0.642 at 0.2, 0.632 at 0.5), and the 40 held-out questions 0.550 -> 0.600.
CENTROID_SHARE = 0.35
SOURCES = ("use_when", "definition", "naming_lines", "section_lines", "evidence")
DEFAULT_SOURCES = ("use_when", "definition", "naming_lines", "section_lines")
# Section lines shorter than this are no documents. On the dev set one-word lines cost a question or two
# (top-3 0.655 with them, 0.673 without; embedding alone 0.591 and 0.600, BM25 0.355 and 0.364).
MIN_SECTION_LINE_WORDS = 2

# A question is embedded as the mean of its word pieces' vectors weighted by idf ** this, with stop words
# and punctuation left out, not as the model's plain mean: "A colleague wants to … What should we do
# instead?" then leans on the words that say what it is about. On the dev set (fused) top-1 went 0.25 →
# 0.29 and top-3 0.48 → 0.50; powers 0 to 2 all did within a question or two of that, 3 worse; the same
# weighting on the notes' side added nothing.
QUESTION_IDF_POWER = 1.0
# Document frequencies of word pieces are counted on at most this many texts (evenly spread), so the
# first question on a very large graph does not tokenize all of it.
IDF_SAMPLE = 20_000

_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an and are as at be been but by can could do does for from had has have how i if in into is it its "
    "me my of on or our should so than that the their them then there these they this to too use used using "
    "was we what when where which while who why will with without would you your".split()
)


@dataclass(frozen=True)
class AskDocument:
    """One thing the notes say about a topic.

    Attributes
    ----------
    node
        The topic's node id.
    source
        ``"use_when"``, ``"definition"`` or ``"evidence"``.
    display
        What the user is shown as the matching condition (the USE_WHEN condition, the definition or the line);
        the embedding ranks this text.
    words
        What BM25 ranks: the topic's name, a colon and ``display``.
    evidence
        The note lines behind it, ``{file, line, text}`` dicts.
    """

    node: str
    source: str
    display: str
    words: str
    evidence: tuple[dict[str, Any], ...]


def lexical_tokens(text: str) -> list[str]:
    """Lowercase words minus stop words, reduced to their stems (Snowball's English stemmer), for BM25:
    "invalidate" finds "invalidation", "throttled" finds "throttling".

    Examples
    --------
    >>> lexical_tokens("Restore the Tables to yesterday's state")
    ['restor', 'tabl', 'yesterday', 'state']
    >>> lexical_tokens("throttled requests") == lexical_tokens("throttling request")
    True
    """
    words = [w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS and (len(w) >= 2 or w.isdigit())]
    return _stemmer().stemWords(words)


_THREAD = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    """This thread's stemmer: a PyStemmer instance is not safe to share between threads (Streamlit's sessions)."""
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = Stemmer.Stemmer("english")
    return stemmer


def piece_weights(tokens: Sequence[str], idf: np.ndarray) -> np.ndarray:
    """How much each word piece of a question counts: its idf ** ``QUESTION_IDF_POWER``, nothing for
    a stop word or punctuation.

    Examples
    --------
    >>> piece_weights(["restore", "my", "table", "?"], np.array([4.0, 0.5, 1.0, 2.0]))
    array([4., 0., 1., 0.])
    """
    counted = np.array([bool(_TOKEN.search(t)) and t not in _STOPWORDS for t in tokens], dtype=bool)
    return np.where(counted, np.asarray(idf, dtype=np.float64) ** QUESTION_IDF_POWER, 0.0)


def _document(graph: nx.MultiDiGraph, node: str, source: str, display: str, evidence: Iterable[dict]) -> AskDocument:
    name = graph.nodes[node].get("name") or node
    lines = tuple({"file": e.get("file"), "line": e.get("line"), "text": e.get("text")} for e in evidence)
    return AskDocument(node, source, display, f"{name}: {display}", lines)


def _definition_evidence(definition: str, evidence: Sequence[dict]) -> list[dict]:
    """The note lines that state ``definition`` (the first line when none quotes it)."""
    wanted = definition.lower()
    states: dict[str, bool] = {}  # a vault repeats lines: each text is looked at once
    stating = []
    for line in evidence:
        text = str(line.get("text", ""))
        if text not in states:
            states[text] = wanted in text.lower()
        if states[text]:
            stating.append(line)
    return stating or list(evidence[:1])


def build_documents(graph: nx.MultiDiGraph, sources: Sequence[str] = DEFAULT_SOURCES) -> list[AskDocument]:
    """Every document of every service and concept in ``graph``, from the ``sources`` named.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("concept:pitr", kind="concept", name="PITR", definition=None, evidence=[])
    >>> g.add_node("service:db", kind="service", name="DB", definition=None, evidence=[])
    >>> _ = g.add_edge("concept:pitr", "service:db", type="USE_WHEN", condition="restore to yesterday",
    ...                evidence=[{"file": "n.md", "line": 3, "text": "PITR: restore to yesterday"}])
    >>> [d.words for d in build_documents(g)]
    ['PITR: restore to yesterday']
    """
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown document sources {sorted(unknown)}; use some of {', '.join(SOURCES)}.")
    documents = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") not in ANSWER_KINDS:
            continue
        if "use_when" in sources:
            for _, _, edge in graph.out_edges(node, data=True):
                condition = (edge.get("condition") or "").strip()
                if edge.get("type") == "USE_WHEN" and condition:
                    documents.append(_document(graph, node, "use_when", condition, edge.get("evidence") or ()))
        evidence = data.get("evidence") or []
        definition = (data.get("definition") or "").strip()
        if "definition" in sources and definition:
            documents.append(_document(graph, node, "definition", definition, _definition_evidence(definition, evidence)))
        if "naming_lines" in sources:
            for line in naming_lines(data, service_names(graph, node)):
                documents.append(_document(graph, node, "naming_lines", line["text"].strip(), [line]))
        if "section_lines" in sources:
            for line in data.get("section_lines") or ():
                text = str(line.get("text") or "").strip()
                # One word under a heading ("Lambda", "Security", "Free") is a cell of a list, no situation.
                if len(text.split()) >= MIN_SECTION_LINE_WORDS:
                    documents.append(_document(graph, node, "section_lines", text, [line]))
        if "evidence" in sources:
            for line in evidence:
                text = str(line.get("text") or "").strip()
                if text:
                    documents.append(_document(graph, node, "evidence", text, [line]))
    return documents


def topic_profile(graph: nx.MultiDiGraph, node: str, displays: Iterable[str]) -> str:
    """The topic as one text: its name, its definition and its documents, up to ``PROFILE_WORDS`` words.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("concept:pitr", name="PITR", definition="restore a table to any second")
    >>> topic_profile(g, "concept:pitr", ["restore to state 24 hours ago", "restore a table to any second"])
    'PITR: restore a table to any second; restore to state 24 hours ago'
    """
    data = graph.nodes[node]
    parts: list[str] = []
    words = 0
    for text in [data.get("definition") or "", *displays]:
        text = text.strip()
        if not text or text in parts:
            continue
        parts.append(text)
        words += len(text.split())
        if words >= PROFILE_WORDS:
            break
    return f"{data.get('name') or node}: " + "; ".join(parts)


def _note_order(document: AskDocument) -> tuple:
    """Sort key: the kind of document (USE_WHEN first), then its first note line, then its text."""
    first = document.evidence[0] if document.evidence else {}
    return (SOURCES.index(document.source), str(first.get("file") or ""), first.get("line") or 0, document.display)


def _unique(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct ``texts``, sorted (a stable cache key), and for each of ``texts`` the position of its own."""
    if not texts:
        return [], np.zeros(0, dtype=np.int64)
    distinct, of = np.unique(np.array(texts, dtype=object), return_inverse=True)
    return [str(t) for t in distinct], of.reshape(-1).astype(np.int64)


def _service_aliases(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Lowercase name or alias → the service node ids it names (names of two letters or more)."""
    aliases: dict[str, set[str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "service":
            continue
        for name in [data.get("name") or "", *(data.get("aliases") or ())]:
            key = " ".join(str(name).lower().split())
            if len(key) >= 2:
                aliases.setdefault(key, set()).add(node)
    return aliases


def _everyday_aliases(graph: nx.MultiDiGraph, aliases: dict[str, set[str]]) -> set[str]:
    """Lower-case aliases that are everyday words for every service they name ("backup", "config", "ram"):
    the one-word aliases among the lexicon's ``ambiguous`` ones, kept on service nodes. A phrase ("auto
    scaling") in a question means the service, however it is written, and so do a short form of the name's
    last word ("dynamo" for DynamoDB) and a word joined from two ("SavingsPlans", "WorkSpaces")."""
    everyday: dict[str, set[str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "service":
            last_word = (str(data.get("name") or "").lower().split() or [""])[-1]
            for alias in map(str, data.get("ambiguous") or ()):
                key = alias.lower()
                joined = alias[1:] != alias[1:].lower() and alias[1:] != alias[1:].upper()
                if key.isalpha() and not joined and not (last_word.startswith(key) and last_word != key):
                    everyday.setdefault(key, set()).add(node)
    return {key for key, nodes in everyday.items() if key in aliases and nodes >= aliases[key]}


def _service_hints(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Lowercase everyday word ("bucket") → the service node ids it hints at (the lexicon's ``hints``)."""
    hints: dict[str, set[str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "service":
            for word in data.get("hints") or ():
                hints.setdefault(" ".join(str(word).lower().split()), set()).add(node)
    return hints


def _alias_pattern(aliases: Iterable[str], *, plural: bool = False) -> re.Pattern | None:
    """Any of ``aliases`` as whole words (``plural``: with an "s" or "es" after it too)."""
    ordered = sorted(aliases, key=len, reverse=True)
    if not ordered:
        return None
    ending = "(?:e?s)?" if plural else ""
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in ordered) + rf"){ending}(?![\w-])")


class AskIndex:
    """Documents of a graph with their embeddings and a BM25 index, built once per graph.

    Use ``AskIndex.for_graph(graph)`` to get the cached index of a graph; ``AskIndex(graph)``
    always builds a new one.
    """

    def __init__(self, graph: nx.MultiDiGraph, *, sources: Sequence[str] = DEFAULT_SOURCES, cache_dir=...):
        self.graph = graph
        self.sources = tuple(sources)
        self.documents = build_documents(graph, self.sources)
        # Rank unique texts only: document i is texts[text_of[i]] and (for BM25) words[words_of[i]].
        self.texts, self.text_of = _unique([d.display for d in self.documents])
        self.words, self.words_of = _unique([d.words for d in self.documents])
        self.nodes, self.node_of = self._group_by_node()
        self.position = {node: i for i, node in enumerate(self.nodes)}
        # Documents are built node by node: node i's documents start at node_start[i].
        self.node_start = np.flatnonzero(np.r_[True, self.node_of[1:] != self.node_of[:-1]]) if self.documents else self.node_of
        displays: dict[str, list[str]] = {}
        # In note order, whatever order the store gave the edges in, so both stores build the same profile.
        for document in sorted(self.documents, key=_note_order):
            displays.setdefault(document.node, []).append(document.display)
        self.profiles = [topic_profile(graph, node, displays[node]) for node in self.nodes]
        self._embeddings: np.ndarray | None = None
        self._profile_embeddings: np.ndarray | None = None
        self._topic_vectors: np.ndarray | None = None
        self._piece_idf: np.ndarray | None = None
        self._cache_dir = embedding.cache_dir() if cache_dir is ... else cache_dir
        self.bm25 = self._build_bm25()
        # Lexicon entries carry a category; concepts the extractor found in the notes have none.
        self.known_topics = np.array([bool(graph.nodes[node].get("category")) for node in self.nodes], dtype=np.float64)
        self.service_topics = np.array([graph.nodes[node].get("kind") == "service" for node in self.nodes], dtype=np.float64)
        self.aliases = _service_aliases(graph)
        self.alias_pattern = _alias_pattern(self.aliases)
        self.everyday_aliases = _everyday_aliases(graph, self.aliases)
        self.hints = _service_hints(graph)
        self.hint_pattern = _alias_pattern(self.hints, plural=True)

    @classmethod
    def for_graph(cls, graph: nx.MultiDiGraph, *, sources: Sequence[str] = DEFAULT_SOURCES) -> "AskIndex":
        """The index of ``graph``, built on first use and kept while the graph lives (graph/queries/cache.py)."""
        return per_graph(graph, f"ask_index:{','.join(sources)}", lambda g: cls(g, sources=sources))

    def _group_by_node(self) -> tuple[list[str], np.ndarray]:
        nodes: dict[str, int] = {}
        node_of = np.fromiter((nodes.setdefault(d.node, len(nodes)) for d in self.documents), dtype=np.int64,
                              count=len(self.documents))
        return list(nodes), node_of

    def _build_bm25(self) -> bm25s.BM25 | None:
        corpus = [lexical_tokens(t) for t in self.words]
        if not any(corpus):
            return None
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        return retriever

    @property
    def embeddings(self) -> np.ndarray:
        """Unit vectors of ``self.texts``, computed (or read from the cache) on first use, with the profiles'."""
        if self._embeddings is None:
            # Profiles come in node order, which differs between stores (Neo4j gives its own): embed the sorted
            # set of all texts, so that the cache that names it serves a graph from either store.
            texts, of = _unique(self.texts + self.profiles)
            vectors = embedding.embed_texts(texts, cache=self._cache_dir)
            self._embeddings, self._profile_embeddings = vectors[of[:len(self.texts)]], vectors[of[len(self.texts):]]
        return self._embeddings

    @property
    def profile_embeddings(self) -> np.ndarray:
        """Unit vectors of ``self.profiles`` (one per node of ``self.nodes``)."""
        if self._profile_embeddings is None:
            self.embeddings  # noqa: B018 (computes both)
        return self._profile_embeddings

    @property
    def topic_vectors(self) -> np.ndarray:
        """One unit vector per node of ``self.nodes``: its profile's vector blended with the mean of its
        documents' vectors (``CENTROID_SHARE``). Sums over a node's own documents, so the node order a store
        gives does not change it."""
        if self._topic_vectors is None:
            sums = np.add.reduceat(self.embeddings[self.text_of], self.node_start, axis=0)
            centroids = sums / np.linalg.norm(sums, axis=1, keepdims=True)
            blend = CENTROID_SHARE * centroids + (1 - CENTROID_SHARE) * self.profile_embeddings
            self._topic_vectors = (blend / np.linalg.norm(blend, axis=1, keepdims=True)).astype(np.float32)
        return self._topic_vectors

    @property
    def piece_idf(self) -> np.ndarray:
        """Inverse document frequency of each word-piece id over the documents' texts (ln((n + 1) / (df + 1)))."""
        if self._piece_idf is None:
            step = max(1, -(-len(self.texts) // IDF_SAMPLE))
            sample = self.texts[::step]
            in_text = [np.unique(ids) for ids in embedding.pieces(sample)] or [np.zeros(0, dtype=np.int64)]
            counts = np.bincount(np.concatenate(in_text), minlength=embedding.vocabulary_size())
            self._piece_idf = np.log((len(sample) + 1) / (counts + 1))
        return self._piece_idf

    def situation_vector(self, question: str) -> np.ndarray:
        """The embedding of ``question`` with the services it names taken out (see ``without_service_names``):
        the mean of its word pieces' vectors, each weighted by ``piece_weights``."""
        text = self.without_service_names(question)
        tokens, ids, vectors = embedding.piece_vectors(text)
        weights = piece_weights(tokens, self.piece_idf[ids] if ids else np.zeros(0))
        if not weights.any():  # only stop words: the model's own mean
            return embedding.encode([text])[0]
        pooled = weights @ vectors
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)

    def embedding_scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of a question's ``vector`` to every document."""
        if not self.documents:
            return np.zeros(0, dtype=np.float32)
        return (self.embeddings @ vector)[self.text_of]

    def profile_scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of a question's ``vector`` to every node's ``topic_vectors``."""
        if not self.documents:
            return np.zeros(0, dtype=np.float32)
        return self.topic_vectors @ vector

    def bm25_scores(self, question: str) -> np.ndarray:
        """BM25 score of ``question`` against every document (0 where no word is shared)."""
        if self.bm25 is None:
            return np.zeros(len(self.documents), dtype=np.float32)
        vocab = self.bm25.vocab_dict
        tokens = [t for t in lexical_tokens(question) if t in vocab]
        if not tokens:
            return np.zeros(len(self.documents), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)[self.words_of]

    def services_named(self, question: str) -> set[str]:
        """Service node ids whose name or alias appears in ``question`` as whole words (an everyday-word
        alias only when written with a capital: "AWS Backup" or "Backup", not "our backup software")."""
        return {node for match in self._name_matches(question) for node in self.aliases[match.group(0)]}

    def _name_matches(self, question: str) -> list[re.Match]:
        """Matches of service names in ``question`` lower-cased and with its spacing normalised."""
        if self.alias_pattern is None:
            return []
        text = " ".join(question.split())
        lower = text.lower()
        cased = len(lower) == len(text)  # else spans of the lower-case text do not map back
        return [match for match in self.alias_pattern.finditer(lower)
                if match.group(0) not in self.everyday_aliases
                or (cased and not text[match.start():match.end()].islower())]

    def services_hinted(self, question: str) -> set[str]:
        """Service node ids an everyday word of ``question`` hints at ("my function" → Lambda)."""
        if self.hint_pattern is None:
            return set()
        text = " ".join(question.lower().split())
        return {node for match in self.hint_pattern.finditer(text) for node in self.hints[match.group(1)]}

    def without_service_names(self, question: str) -> str:
        """``question`` with the services it names taken out ("my DynamoDB table" → "my table").

        The embedding ranks the situation; a named service otherwise pulls every line that mentions
        it to the top, and the service boost already accounts for it.
        """
        text = " ".join(question.lower().split())
        for match in reversed(self._name_matches(question)):
            text = f"{text[:match.start()]} {text[match.end():]}"
        return " ".join(text.split()) or question

    def best_per_node(self, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each node of ``self.nodes``: its best document score and that document's index."""
        best = np.maximum.reduceat(scores, self.node_start) if len(scores) else np.zeros(0)
        candidates = np.flatnonzero(scores >= best[self.node_of])
        _, first = np.unique(self.node_of[candidates], return_index=True)
        return best, candidates[first]


def iter_neighbours(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> Iterator[str]:
    """Nodes joined to any of ``nodes`` by an edge in either direction."""
    for node in nodes:
        yield from graph.successors(node)
        yield from graph.predecessors(node)
