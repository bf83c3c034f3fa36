"""Bag-of-features scorers: each sentence becomes a bag of string features (an anchor, a
word translated through a lexicon …); a group's bag is the sum of its sentences' bags and
two groups are compared by the cosine of their IDF-weighted bags.

Only features that occur on *both* sides of the document pair are kept: the rest cannot
link anything and would only dilute the cosine. Shared features get their own column while
they fit in ``dims``; beyond that they are hashed (crc32, so runs are reproducible).
"""

from __future__ import annotations

import math
import zlib
from abc import abstractmethod
from collections import Counter
from collections.abc import Sequence

import numpy as np

from corpus_tools.align.scorers.base import Scorer, VectorPrepared

Bag = Counter  # feature → count (or weight)


def bags_to_vectors(src_bags: Sequence[Bag], tgt_bags: Sequence[Bag], dims: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """IDF-weighted vectors over the features both sides share."""
    src_df = Counter(f for bag in src_bags for f in bag)
    tgt_df = Counter(f for bag in tgt_bags for f in bag)
    shared = sorted(set(src_df) & set(tgt_df))
    total = len(src_bags) + len(tgt_bags)
    if len(shared) <= dims:
        column = {f: i for i, f in enumerate(shared)}
        dims = max(len(shared), 1)
    else:
        column = {f: zlib.crc32(f.encode()) % dims for f in shared}
    idf = {f: math.log(1 + total / (src_df[f] + tgt_df[f])) for f in shared}

    def vectors(bags: Sequence[Bag]) -> np.ndarray:
        out = np.zeros((len(bags), dims), dtype=np.float32)
        for row, bag in enumerate(bags):
            for f, count in bag.items():
                if f in column:
                    out[row, column[f]] += count * idf[f]
        return out

    return vectors(src_bags), vectors(tgt_bags)


class BagPrepared(VectorPrepared):
    """Bag vectors (non-negative feature weights) that can also say how much of one
    sentence's bag a group of the other side holds: a group's cosine hardly drops when a
    sentence with no counterpart there is added to it; what that sentence misses shows."""

    def covered(self, side: int, sentence: int, group: Sequence[int]) -> tuple[float, float]:
        """(weight of ``sentence``'s features that ``group`` also has, its whole weight);
        ``side`` 0 takes a source sentence and a target group, 1 the reverse."""
        mine, theirs = (self.src, self.tgt) if side == 0 else (self.tgt, self.src)
        row = mine[sentence]
        return float(np.minimum(row, theirs[list(group)].sum(axis=0)).sum()), float(row.sum())


class FeatureScorer(Scorer):
    """A scorer defined by the bags it makes of each side; cosine of bags does the rest."""

    dims = 1024
    once_per_sentence = False  # count each feature at most once per sentence (comparable mode)

    @abstractmethod
    def bag_pair(self, src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str
                 ) -> tuple[list[Bag], list[Bag]]:
        """One bag of features per sentence of each side, comparable across the sides."""

    def prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str,
                tgt_lang: str) -> BagPrepared:
        src_bags, tgt_bags = self.bag_pair(src, tgt, src_lang, tgt_lang)
        if self.once_per_sentence:
            src_bags, tgt_bags = ([Counter({f: min(w, 1.0) for f, w in bag.items()})
                                   for bag in bags] for bags in (src_bags, tgt_bags))
        src_vec, tgt_vec = bags_to_vectors(src_bags, tgt_bags, self.dims)
        return BagPrepared(src_vec, tgt_vec)
