"""Comparable alignment: which sentences of one text render which of another, in any order.

A commentary quotes and paraphrases its source out of order and mostly says other things,
so there is no monotonic path to find. Instead, as in margin-based bitext mining:

1. **Candidates** (blocking): every sentence keeps its ``neighbours`` nearest sentences of
   the other side by the cosine of the scorers' sentence vectors (anchors, lexicon,
   embeddings), computed a block of rows at a time, so memory stays linear in the number of
   sentences. Each candidate pair is widened to the ≤2-sentence groups around it.
2. **Scores**: every candidate is scored by the same scorers as parallel alignment; content
   scorers are combined by noisy-or (any one strong piece of evidence counts) and damped by
   the length scorer.
3. **Selection**: a candidate is kept when it beats every other candidate that shares one of
   its sentences, beats the best candidate pairing those sentences with *other* sentences by
   ``margin``, and scores at least ``threshold``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus_tools.align.beads import Bead
from corpus_tools.align.scorers import Prepared, Scorer
from corpus_tools.align.scorers.base import VectorPrepared

log = logging.getLogger(__name__)

MAX_GROUP = 2
ROW_BLOCK = 512  # source rows per block of the similarity matrix
LENGTH_FLOOR = 0.5  # the length factor for groups whose lengths do not fit at all
EVIDENCE_SCALE = 8.0  # shared IDF² mass at which a bag scorer's cosine counts 63 %


@dataclass(frozen=True)
class ComparableSettings:
    threshold: float = 0.2  # lowest combined score a link may have
    margin: float = 0.05  # how much a link must beat its sentences' other counterparts
    neighbours: int = 8  # candidates kept per sentence and side before widening to groups

    def describe(self) -> str:
        return f"comparable(t={self.threshold},m={self.margin},k={self.neighbours})"


def align_comparable(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                     scorers: Sequence[Scorer], settings: ComparableSettings | None = None
                     ) -> list[Bead]:
    """Links between sentence groups of ``src`` and ``tgt``, best first; most sentences none."""
    settings = settings or ComparableSettings()
    if not src or not tgt:
        return []
    prepared = {s.name: s.prepare(src, tgt, src_lang, tgt_lang) for s in scorers}
    pairs = candidate_pairs(prepared.values(), len(src), len(tgt), settings.neighbours)
    src_spans, tgt_spans = widen(pairs, len(src), len(tgt))
    if not len(src_spans):
        return []
    scores = combined_similarity(prepared, src_spans, tgt_spans)
    src_spans, tgt_spans, scores = drop_weak_groups(prepared, src_spans, tgt_spans, scores)
    keep = select(src_spans, tgt_spans, scores, len(src), len(tgt), settings)
    order = sorted(keep, key=lambda k: -scores[k])
    return [Bead(tuple(range(*src_spans[k])), tuple(range(*tgt_spans[k])),
                 round(float(scores[k]), 4)) for k in order]


def candidate_pairs(prepared: Sequence[Prepared] | object, n: int, m: int, neighbours: int
                    ) -> np.ndarray:
    """``(k, 2)`` sentence pairs: each sentence's nearest neighbours under each vector scorer."""
    found = []
    for scorer in prepared:
        if isinstance(scorer, VectorPrepared):
            found.append(_nearest(_sentence_vectors(scorer.src), _sentence_vectors(scorer.tgt),
                                  neighbours))
    if not found:
        raise ValueError("comparable alignment needs a vector scorer (anchors, lexicon, "
                         "embedding) to find candidates")
    return np.unique(np.concatenate(found), axis=0)


def _sentence_vectors(prefix: np.ndarray) -> np.ndarray:
    vectors = np.diff(prefix, axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _nearest(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    """Pairs (i, j) with j among i's k best rows of ``b`` or i among j's k best of ``a``."""
    k_row, k_col = min(k, len(b)), min(k, len(a))
    pairs = []
    col_best = np.full((k_col, len(b)), -1.0, dtype=np.float32)
    col_arg = np.zeros((k_col, len(b)), dtype=np.int64)
    for lo in range(0, len(a), ROW_BLOCK):
        sims = a[lo:lo + ROW_BLOCK] @ b.T
        rows = np.argpartition(-sims, k_row - 1, axis=1)[:, :k_row]
        i = np.repeat(np.arange(lo, lo + len(sims)), k_row)
        j = rows.ravel()
        good = sims[i - lo, j] > 0
        pairs.append(np.stack([i[good], j[good]], axis=1))
        # Running top-k per column over the blocks seen so far.
        merged = np.concatenate([col_best, sims], axis=0)
        merged_arg = np.concatenate([col_arg, np.arange(lo, lo + len(sims))[:, None]
                                     .repeat(len(b), axis=1)], axis=0)
        top = np.argpartition(-merged, k_col - 1, axis=0)[:k_col]
        col_best = np.take_along_axis(merged, top, axis=0)
        col_arg = np.take_along_axis(merged_arg, top, axis=0)
    j = np.tile(np.arange(len(b)), k_col)
    i = col_arg.ravel()
    good = col_best.ravel() > 0
    pairs.append(np.stack([i[good], j[good]], axis=1))
    return np.concatenate(pairs).astype(np.int64)


def widen(pairs: np.ndarray, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Each pair (i, j) and the 2–1 and 1–2 groups around it, as unique span pairs."""
    i, j = pairs[:, 0], pairs[:, 1]
    spans = [np.stack([i, i + 1, j, j + 1], axis=1)]
    for size in range(2, MAX_GROUP + 1):
        for back in range(size):
            spans.append(np.stack([i - back, i - back + size, j, j + 1], axis=1))
            spans.append(np.stack([i, i + 1, j - back, j - back + size], axis=1))
    spans = np.concatenate(spans)
    valid = (spans[:, 0] >= 0) & (spans[:, 1] <= n) & (spans[:, 2] >= 0) & (spans[:, 3] <= m)
    spans = np.unique(spans[valid], axis=0)
    return spans[:, :2], spans[:, 2:]


def combined_similarity(prepared: dict[str, Prepared], src_spans: np.ndarray,
                        tgt_spans: np.ndarray) -> np.ndarray:
    """Noisy-or of the content scorers, times a length factor.

    A cosine says how alike two bags are, not how much they share: one shared quotation
    mark gives 1.0. Bag scorers are therefore damped by the mass of what is shared (the
    IDF-weighted dot product), so that a link rests on several or on rare features.
    """
    miss = np.ones(len(src_spans))
    factor = np.ones(len(src_spans))
    for name, scorer in prepared.items():
        sim = np.asarray(scorer.similarity(src_spans, tgt_spans), dtype=np.float64)
        if name == "length":
            factor = LENGTH_FLOOR + (1 - LENGTH_FLOOR) * sim
            continue
        if isinstance(scorer, VectorPrepared) and name != "embedding":
            sim *= 1.0 - np.exp(-_shared_mass(scorer, src_spans, tgt_spans) / EVIDENCE_SCALE)
        miss *= 1.0 - sim
    return (1.0 - miss) * factor


def _shared_mass(scorer: VectorPrepared, src_spans: np.ndarray, tgt_spans: np.ndarray
                 ) -> np.ndarray:
    a = scorer.src[src_spans[:, 1]] - scorer.src[src_spans[:, 0]]
    b = scorer.tgt[tgt_spans[:, 1]] - scorer.tgt[tgt_spans[:, 0]]
    return np.einsum("kd,kd->k", a, b).astype(np.float64)


def drop_weak_groups(prepared: dict[str, Prepared], src_spans: np.ndarray,
                     tgt_spans: np.ndarray, scores: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep a group only where it scores above each one-to-one pair inside it: a sentence
    added to a good pair must add evidence, not just ride along (and then block rivals)."""
    keep = np.ones(len(scores), dtype=bool)
    for offset in range(MAX_GROUP):
        for side in (0, 1):
            spans = src_spans if side == 0 else tgt_spans
            other = tgt_spans if side == 0 else src_spans
            grouped = np.flatnonzero((spans[:, 1] - spans[:, 0] > 1) & (keep))
            if not len(grouped):
                continue
            part = spans[grouped, :1] + offset + np.array([[0, 1]])
            pair = (part, other[grouped]) if side == 0 else (other[grouped], part)
            keep[grouped] &= scores[grouped] > combined_similarity(prepared, *pair)
    return src_spans[keep], tgt_spans[keep], scores[keep]


def select(src_spans: np.ndarray, tgt_spans: np.ndarray, scores: np.ndarray, n: int, m: int,
           settings: ComparableSettings) -> list[int]:
    """Candidates that beat every other candidate of their sentences, by margin, above the
    threshold (ties go to the smaller group, then the earlier one)."""
    sizes = (src_spans[:, 1] - src_spans[:, 0]) + (tgt_spans[:, 1] - tgt_spans[:, 0])
    rank = np.empty(len(scores), dtype=np.int64)
    rank[np.lexsort((-np.arange(len(scores)), -sizes, scores))] = np.arange(len(scores))
    best_src = np.full(n, -1, dtype=np.int64)
    best_tgt = np.full(m, -1, dtype=np.int64)
    for spans, best in ((src_spans, best_src), (tgt_spans, best_tgt)):
        for offset in range(MAX_GROUP):
            ids = spans[:, 0] + offset
            inside = ids < spans[:, 1]
            np.maximum.at(best, ids[inside], rank[inside])
    winners = [k for k in np.flatnonzero(scores >= settings.threshold)
               if all(best_src[i] == rank[k] for i in range(*src_spans[k]))
               and all(best_tgt[j] == rank[k] for j in range(*tgt_spans[k]))]
    if not winners:
        return []
    rival = _rival_scores(src_spans, tgt_spans, scores, winners, n, m)
    return [k for k, r in zip(winners, rival, strict=True) if scores[k] - r >= settings.margin]


def _rival_scores(src_spans: np.ndarray, tgt_spans: np.ndarray, scores: np.ndarray,
                  winners: list[int], n: int, m: int) -> list[float]:
    """For each winner, the best candidate pairing one of its sentences with other ones."""
    by_src: list[list[int]] = [[] for _ in range(n)]
    by_tgt: list[list[int]] = [[] for _ in range(m)]
    for k in range(len(scores)):
        for i in range(*src_spans[k]):
            by_src[i].append(k)
        for j in range(*tgt_spans[k]):
            by_tgt[j].append(k)
    rivals = []
    for k in winners:
        s0, s1 = src_spans[k]
        t0, t1 = tgt_spans[k]
        best = 0.0
        for i in range(s0, s1):
            best = max([best] + [scores[c] for c in by_src[i]
                                 if tgt_spans[c, 1] <= t0 or tgt_spans[c, 0] >= t1])
        for j in range(t0, t1):
            best = max([best] + [scores[c] for c in by_tgt[j]
                                 if src_spans[c, 1] <= s0 or src_spans[c, 0] >= s1])
        rivals.append(float(best))
    return rivals
