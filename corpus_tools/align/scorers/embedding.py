"""Embedding scorer: a transformers encoder (LaBSE by default), mean-pooled, cached.

A group's vector is the sum of its sentences' unit-length embeddings; groups are compared
by cosine (Vecalign's idea without re-embedding every concatenation). Embeddings are cached
in memory per scorer and, with ``cache_dir``, on disk (one ``.npy`` per model and text).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from corpus_tools.align.scorers.base import Scorer, VectorPrepared
from corpus_tools.errors import ModelMissingError

DEFAULT_MODEL = "sentence-transformers/LaBSE"


class EmbeddingScorer(Scorer):
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32, max_length: int = 128,
                 cache_dir: str | Path | None = None, device: str = "cpu") -> None:
        self.model_name = model
        self.name = f"embedding({Path(model).name if Path(model).exists() else model})"
        self.batch_size, self.max_length, self.device = batch_size, max_length, device
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._memory: dict[str, np.ndarray] = {}
        self._model = None

    def prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str,
                tgt_lang: str) -> VectorPrepared:
        return VectorPrepared(self.encode(src), self.encode(tgt))

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Unit-length mean-pooled embeddings, one row per sentence."""
        todo = [s for s in dict.fromkeys(sentences) if s not in self._memory
                and not self._from_disk(s)]
        for lo in range(0, len(todo), self.batch_size):
            batch = todo[lo:lo + self.batch_size]
            for text, vector in zip(batch, self._embed(batch), strict=True):
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

    def _load(self):
        if self._model is None:
            from transformers import AutoModel, AutoTokenizer

            offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
            try:
                tokenizer = AutoTokenizer.from_pretrained(self.model_name,
                                                          local_files_only=offline)
                model = AutoModel.from_pretrained(self.model_name, local_files_only=offline)
            except OSError:
                raise ModelMissingError(self.model_name, "embedding scorer") from None
            self._model = (tokenizer, model.to(self.device).eval())
        return self._model

    def _embed(self, batch: list[str]) -> np.ndarray:
        import torch

        tokenizer, model = self._load()
        inputs = tokenizer(batch, padding=True, truncation=True, max_length=self.max_length,
                           return_tensors="pt").to(self.device)
        with torch.no_grad():
            hidden = model(**inputs).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        pooled = torch.nn.functional.normalize(pooled, dim=-1)
        return pooled.cpu().numpy().astype(np.float32)
