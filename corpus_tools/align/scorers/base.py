"""The scorer interface and the span-sum machinery most backends share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np


class Prepared(ABC):
    """A scorer bound to one document pair; scores batches of (src span, tgt span) pairs."""

    @abstractmethod
    def similarity(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        """Similarity in [0, 1] for each row of two ``(k, 2)`` arrays of ``[start, end)``."""

    def score_groups(self, pairs: Sequence[tuple[Sequence[int], Sequence[int]]]) -> np.ndarray:
        """Similarity of explicit bead-like groups of contiguous sentence ids."""
        src, tgt = groups_to_spans(pairs)
        return self.similarity(src, tgt)


class Scorer(ABC):
    name: str

    @abstractmethod
    def prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str,
                tgt_lang: str) -> Prepared:
        """Look at one document pair once and return a scorer bound to it."""


def groups_to_spans(pairs: Sequence[tuple[Sequence[int], Sequence[int]]]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``[((0, 1), (0,)), …]`` → two ``(k, 2)`` span arrays; groups must be contiguous."""
    spans = np.zeros((2, len(pairs), 2), dtype=np.int64)
    for row, groups in enumerate(pairs):
        for side, group in enumerate(groups):
            ids = sorted(group)
            if ids and ids[-1] - ids[0] + 1 != len(ids):
                raise ValueError(f"group {tuple(group)} is not a contiguous run of sentences")
            spans[side, row] = (ids[0], ids[-1] + 1) if ids else (0, 0)
    return spans[0], spans[1]


def prefix_sums(rows: np.ndarray) -> np.ndarray:
    """Row-wise prefix sums with a leading zero row: ``P[e] - P[s]`` sums rows ``s..e-1``."""
    out = np.zeros((rows.shape[0] + 1, *rows.shape[1:]), dtype=np.float64 if rows.ndim == 1
                   else rows.dtype)
    np.cumsum(rows, axis=0, out=out[1:])
    return out


class VectorPrepared(Prepared):
    """Cosine of summed sentence vectors: a group's vector is the sum of its sentences'.

    Sums come from prefix sums, so a span of any length costs one subtraction; candidates
    are scored in chunks to bound memory.
    """

    CHUNK = 1 << 14

    def __init__(self, src_vectors: np.ndarray, tgt_vectors: np.ndarray) -> None:
        self.src = prefix_sums(np.asarray(src_vectors, dtype=np.float32))
        self.tgt = prefix_sums(np.asarray(tgt_vectors, dtype=np.float32))

    def similarity(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        out = np.zeros(len(src_spans), dtype=np.float32)
        for lo in range(0, len(src_spans), self.CHUNK):
            s, t = src_spans[lo:lo + self.CHUNK], tgt_spans[lo:lo + self.CHUNK]
            a = self.src[s[:, 1]] - self.src[s[:, 0]]
            b = self.tgt[t[:, 1]] - self.tgt[t[:, 0]]
            dot = np.einsum("kd,kd->k", a, b)
            norm = np.sqrt(np.einsum("kd,kd->k", a, a) * np.einsum("kd,kd->k", b, b))
            out[lo:lo + self.CHUNK] = np.where(norm > 0, dot / np.maximum(norm, 1e-12), 0.0)
        return np.clip(out, 0.0, 1.0)
