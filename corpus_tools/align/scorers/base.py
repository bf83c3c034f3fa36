"""The scorer interface and the span-sum machinery most backends share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence

import numpy as np

CHUNK = 1 << 15  # sentence pairs whose vectors are multiplied at once (bounds memory)


class Prepared(ABC):
    """A scorer bound to one document pair; scores batches of (src span, tgt span) pairs."""

    # Whether the similarity reads meaning (a sentence encoder), not surface features
    # (length, shared words): only then does a group's rise when a neighbouring sentence
    # joins it say that the neighbour belongs (see ``Aligner.reach_penalty``).
    semantic = False

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


def span_sums(src_prefix: np.ndarray, tgt_prefix: np.ndarray, src_spans: np.ndarray,
              tgt_spans: np.ndarray, block: int) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
    """The summed rows of each span pair (from prefix sums), ``block`` pairs at a time: all
    pairs at once would take pairs × dimensions. Yields (the pairs' slice, sums, sums)."""
    for lo in range(0, len(src_spans), block):
        s, t = src_spans[lo:lo + block], tgt_spans[lo:lo + block]
        yield (slice(lo, lo + block), src_prefix[s[:, 1]] - src_prefix[s[:, 0]],
               tgt_prefix[t[:, 1]] - tgt_prefix[t[:, 0]])


class VectorPrepared(Prepared):
    """Cosine of summed sentence vectors: a group's vector is the sum of its sentences'.

    Short groups (at most ``SHORT`` sentences a side, what the fine DP asks about) are scored
    exactly from sentence-pair dot products, each computed once and cached, and from the
    dot products of neighbouring sentences of one side; the many bead types of a cell share
    the same sentence pairs, so this is several times cheaper than summing vectors. Long
    groups (the coarse passes) use prefix sums of the vectors projected to ``PROJECTED``
    dimensions (a fixed random projection keeps cosines within a few hundredths).
    """

    SHORT = 4
    PROJECTED = 128

    def __init__(self, src_vectors: np.ndarray, tgt_vectors: np.ndarray) -> None:
        self.src = np.ascontiguousarray(src_vectors, dtype=np.float32)
        self.tgt = np.ascontiguousarray(tgt_vectors, dtype=np.float32)
        self.src_gram = _neighbour_gram(self.src, self.SHORT)
        self.tgt_gram = _neighbour_gram(self.tgt, self.SHORT)
        dims = self.src.shape[1]
        if dims > self.PROJECTED:
            rng = np.random.default_rng(0)
            project = rng.standard_normal((dims, self.PROJECTED)).astype(np.float32)
            self.src_sum = prefix_sums(self.src @ project)
            self.tgt_sum = prefix_sums(self.tgt @ project)
        else:
            self.src_sum, self.tgt_sum = prefix_sums(self.src), prefix_sums(self.tgt)
        self._sentence_dots = PairDots(self.src, self.tgt)

    def similarity(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        src_spans, tgt_spans = np.asarray(src_spans), np.asarray(tgt_spans)
        src_len = src_spans[:, 1] - src_spans[:, 0]
        tgt_len = tgt_spans[:, 1] - tgt_spans[:, 0]
        short = (src_len <= self.SHORT) & (tgt_len <= self.SHORT)
        out = np.zeros(len(src_spans), dtype=np.float32)
        if short.any():
            out[short] = self._short(src_spans[short], tgt_spans[short])
        if (~short).any():
            out[~short] = self._long(src_spans[~short], tgt_spans[~short])
        out[(src_len <= 0) | (tgt_len <= 0)] = 0.0
        return np.clip(out, 0.0, 1.0)

    def _long(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        out = np.zeros(len(src_spans), dtype=np.float32)
        for rows, a, b in span_sums(self.src_sum, self.tgt_sum, src_spans, tgt_spans,
                                    CHUNK):
            norm = np.sqrt(np.einsum("kd,kd->k", a, a) * np.einsum("kd,kd->k", b, b))
            out[rows] = np.einsum("kd,kd->k", a, b) / np.maximum(norm, 1e-12)
        return out

    def _short(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        dot = np.zeros(len(src_spans), dtype=np.float64)
        for di in range(int((src_spans[:, 1] - src_spans[:, 0]).max())):
            for dj in range(int((tgt_spans[:, 1] - tgt_spans[:, 0]).max())):
                inside = (src_spans[:, 0] + di < src_spans[:, 1]) & (
                    tgt_spans[:, 0] + dj < tgt_spans[:, 1])
                dot[inside] += self._sentence_dots(src_spans[inside, 0] + di,
                                                   tgt_spans[inside, 0] + dj)
        norm = np.sqrt(_span_norm2(self.src_gram, src_spans) * _span_norm2(self.tgt_gram,
                                                                             tgt_spans))
        return dot / np.maximum(norm, 1e-12)


class PairDots:
    """``a[i] · b[j]`` for batches of row pairs, each pair computed once and cached: the
    many bead types of a DP cell ask about the same pairs of rows."""

    def __init__(self, a: np.ndarray, b: np.ndarray) -> None:
        self.a, self.b = a, b
        self._codes = np.zeros(0, dtype=np.int64)  # cached pairs, sorted
        self._dots = np.zeros(0, dtype=np.float32)

    def __call__(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        codes = i.astype(np.int64) * (len(self.b) + 1) + j
        where = np.searchsorted(self._codes, codes)
        known = where < len(self._codes)
        known[known] = self._codes[where[known]] == codes[known]
        missing = np.unique(codes[~known])
        if len(missing):
            mi, mj = np.divmod(missing, len(self.b) + 1)
            values = np.concatenate([
                np.einsum("kd,kd->k", self.a[mi[lo:lo + CHUNK]],
                          self.b[mj[lo:lo + CHUNK]])
                for lo in range(0, len(missing), CHUNK)])
            self._codes = np.concatenate([self._codes, missing])
            self._dots = np.concatenate([self._dots, values])
            order = np.argsort(self._codes, kind="stable")
            self._codes, self._dots = self._codes[order], self._dots[order]
            where = np.searchsorted(self._codes, codes)
        return self._dots[where]


def _neighbour_gram(vectors: np.ndarray, width: int) -> np.ndarray:
    """Prefix sums over i of ``v[i] · v[i + k]`` for k < width: shape (width, n + 1)."""
    n = len(vectors)
    gram = np.zeros((width, n), dtype=np.float64)
    for k in range(min(width, n)):
        gram[k, :n - k] = np.einsum("kd,kd->k", vectors[:n - k], vectors[k:])
    return np.concatenate([np.zeros((width, 1)), np.cumsum(gram, axis=1)], axis=1)


def _span_norm2(gram: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """``|Σ_{i in span} v[i]|²`` from neighbour dot products (spans at most ``width`` long)."""
    start, end = spans[:, 0], spans[:, 1]
    total = gram[0, end] - gram[0, start]
    for k in range(1, gram.shape[0]):
        longer = end - start > k
        total[longer] += 2 * (gram[k, end[longer] - k] - gram[k, start[longer]])
    return np.maximum(total, 0.0)  # differences of prefix sums can dip below 0 by rounding
