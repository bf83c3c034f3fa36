"""Association measures for word pairs: logDice (Rychlý 2008) and Dunning's log-likelihood G².

Shared by term discovery (candidate × concept, counted per aligned unit) and query collocates
(neighbour × hit, counted per token in a window).
"""

from __future__ import annotations

import math


def log_dice(both: int, x: int, y: int) -> float:
    """14 + log2(2·f(x,y) / (f(x) + f(y))): at most 14; comparable across corpus sizes."""
    return 14 + math.log2(2 * both / (x + y))


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Dunning's G² for a 2×2 contingency table (a: both, b: x only, c: y only, d: neither);
    negative when the pair is rarer than chance."""
    total = a + b + c + d

    def part(observed: int, row: int, col: int) -> float:
        expected = row * col / total
        return observed * math.log(observed / expected) if observed > 0 else 0.0

    g2 = 2 * (part(a, a + b, a + c) + part(b, a + b, b + d) + part(c, c + d, a + c)
              + part(d, c + d, b + d))
    return g2 if a * d >= b * c else -g2
