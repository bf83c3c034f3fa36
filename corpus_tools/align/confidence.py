"""Bead confidence: a calibrated estimate of the probability that a bead is exactly right.

The weighted similarity of a bead is a poor confidence by itself: its level depends on the
language pair and on which scorers had anything to say (a correct 1-1 bead of a treaty in a
pair without a lexicon may score 0.13). So each bead of the best path is described by a few
features computed from the same similarity function the DP used — its similarity, that
similarity against the document's typical match, its margin over the neighbouring
alternatives (the same groups shifted by one sentence, or grown by one), its size, and for a
1-0 / 0-1 bead how much the left-out sentence resembles the sentences beside it on the other
side — and a logistic model maps them to a probability.

The coefficients were fitted on the dev sets only (MAC-Dev, Text+Berg dev, NTREX-dev
perturbed en–ru and en–zh) by ``python benchmarks/align_calibrate.py``; calibration quality
is recorded in docs/benchmarks.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from corpus_tools.align.dp import Step

Similarity = Callable[[np.ndarray, np.ndarray], np.ndarray]

FEATURES = ("bias", "gap", "sim", "sim_rel", "shift_margin", "grow_margin", "merged",
            "gap_best", "gap_best_rel")
# Fitted by `python benchmarks/align_calibrate.py` (dev sets only); same order as FEATURES.
FITTED = (0.537, -5.542, 1.225, -2.465, 4.460, 7.553, -0.737, 6.669, -18.162)


@dataclass(frozen=True)
class Calibration:
    """A logistic model over :data:`FEATURES`."""

    coef: tuple[float, ...] = FITTED

    def __call__(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(features @ np.asarray(self.coef))))


def bead_features(steps: Sequence[Step], similarity: Similarity, n: int, m: int) -> np.ndarray:
    """One row of :data:`FEATURES` per bead of a path over ``n`` × ``m`` sentences."""
    out = np.zeros((len(steps), len(FEATURES)))
    out[:, 0] = 1.0
    src = np.array([s.src for s in steps], dtype=np.int64).reshape(-1, 2)
    tgt = np.array([s.tgt for s in steps], dtype=np.int64).reshape(-1, 2)
    match = (src[:, 1] > src[:, 0]) & (tgt[:, 1] > tgt[:, 0])
    col = {name: k for k, name in enumerate(FEATURES)}
    typical = 0.0
    if match.any():
        s, t = src[match], tgt[match]
        sim = similarity(s, t)
        typical = float(np.median(sim))
        shifted = [(s, t + d) for d in (-1, 1)] + [(s + d, t) for d in (-1, 1)]
        grown = [(s, t + g) for g in ((-1, 0), (0, 1))] + [(s + g, t) for g in ((-1, 0), (0, 1))]
        out[match, col["sim"]] = sim
        out[match, col["sim_rel"]] = sim - typical
        out[match, col["shift_margin"]] = sim - _best(similarity, shifted, n, m)
        out[match, col["grow_margin"]] = sim - _best(similarity, grown, n, m)
        out[match, col["merged"]] = (s[:, 1] - s[:, 0]) + (t[:, 1] - t[:, 0]) - 2
    gap = ~match
    if gap.any():
        s, t = src[gap], tgt[gap]
        # The left-out sentence against each of the two sentences beside it on the other side.
        one_src = s[:, 1] > s[:, 0]
        beside = []
        for d in (-1, 0):
            near_t = np.stack([t[:, 0] + d, t[:, 0] + d + 1], axis=1)
            near_s = np.stack([s[:, 0] + d, s[:, 0] + d + 1], axis=1)
            beside.append((np.where(one_src[:, None], s, near_s),
                           np.where(one_src[:, None], near_t, t)))
        best = np.maximum(_best(similarity, beside, n, m), 0.0)
        out[gap, col["gap"]] = 1.0
        out[gap, col["gap_best"]] = best
        out[gap, col["gap_best_rel"]] = best - typical
    return out


def _best(similarity: Similarity, candidates: list[tuple[np.ndarray, np.ndarray]], n: int,
          m: int) -> np.ndarray:
    """Per row, the highest similarity among the candidate span pairs inside the grid."""
    src = np.concatenate([s for s, _ in candidates])
    tgt = np.concatenate([t for _, t in candidates])
    inside = ((src[:, 0] >= 0) & (src[:, 1] <= n) & (src[:, 1] > src[:, 0])
              & (tgt[:, 0] >= 0) & (tgt[:, 1] <= m) & (tgt[:, 1] > tgt[:, 0]))
    sims = np.full(len(src), -np.inf)
    if inside.any():
        sims[inside] = similarity(src[inside], tgt[inside])
    best = sims.reshape(len(candidates), -1).max(axis=0)
    return np.where(np.isfinite(best), best, 0.0)
