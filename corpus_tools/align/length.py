"""Gale–Church length cost: how unlikely a pair of sentence groups is from lengths alone."""

from __future__ import annotations

import math

# Prior probabilities of bead shapes (Gale & Church 1993, Table 5).
BEAD_PRIOR = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089,
              (2, 2): 0.011}
VARIANCE = 6.8


def length_ratio(src_lengths: list[int], tgt_lengths: list[int]) -> float:
    """Characters of target per character of source, estimated from the input itself."""
    return max(sum(tgt_lengths), 1) / max(sum(src_lengths), 1)


def gale_church_cost(src_len: int, tgt_len: int, ratio: float) -> float:
    """-log P(match | lengths): the two-tailed normal tail of the length difference."""
    if src_len == 0 and tgt_len == 0:
        return 0.0
    mean = (src_len + tgt_len / ratio) / 2
    delta = (ratio * src_len - tgt_len) / math.sqrt(VARIANCE * max(mean, 1.0))
    tail = math.erfc(abs(delta) / math.sqrt(2))  # = 2 * (1 - Phi(|delta|))
    return -math.log(max(tail, 1e-12))


def bead_cost(src_len: int, tgt_len: int, shape: tuple[int, int], ratio: float) -> float:
    prior = BEAD_PRIOR.get(shape, 0.001)
    return gale_church_cost(src_len, tgt_len, ratio) - math.log(prior)
