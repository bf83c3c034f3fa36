"""Monotonic sentence alignment by dynamic programming over bead costs."""

from __future__ import annotations

import math

from corpus_tools.align.beads import Bead
from corpus_tools.align.length import BEAD_PRIOR, bead_cost, length_ratio


def align_sentences(src: list[str], tgt: list[str]) -> list[Bead]:
    """Align two sentence lists with the Gale–Church cost (1-0, 0-1, 1-1, 1-2, 2-1, 2-2)."""
    src_len = [len(s) for s in src]
    tgt_len = [len(t) for t in tgt]
    ratio = length_ratio(src_len, tgt_len)
    n, m = len(src), len(tgt)
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj in BEAD_PRIOR:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi][pj] == math.inf:
                    continue
                c = cost[pi][pj] + bead_cost(sum(src_len[pi:i]), sum(tgt_len[pj:j]), (di, dj),
                                             ratio)
                if c < cost[i][j]:
                    cost[i][j], back[i][j] = c, (di, dj)
    beads = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        step = cost[i][j] - cost[i - di][j - dj]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)),
                          round(math.exp(-max(step - 0.2, 0.0) / 5), 4)))
        i, j = i - di, j - dj
    return beads[::-1]
