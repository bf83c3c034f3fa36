"""Gale–Church length scorer: do the character lengths of two groups fit one another?"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from corpus_tools.align.scorers.base import Prepared, Scorer, prefix_sums

# Variance of target characters per source character (Gale & Church 1993 measured 6.8 for
# European pairs); scaled by the ratio so that it holds for e.g. zh→en as well.
VARIANCE = 6.8
# Beside an encoder: news and literary translations stray further from their source's length
# than parliamentary proceedings, and at 6.8 a sentence translated a third shorter scored
# next to nothing, so that a neighbour with no counterpart was merged in to even it out. The
# encoder sees such a neighbour; without one, length is all that sees a sentence with no
# dictionary words, and at the wider variance it was merged (tests/test_align.py). Measured in
# docs/benchmarks.md, issue 23, fifth wave.
ENCODER_VARIANCE = 13.6


def length_ratio(src_lengths: Sequence[int], tgt_lengths: Sequence[int]) -> float:
    """Characters of target per character of source, estimated from the input itself."""
    return max(sum(tgt_lengths), 1) / max(sum(src_lengths), 1)


def text_length(sentence: str) -> int:
    """Characters that carry content: whitespace does not count."""
    return len(sentence) - sentence.count(" ")


def erfc(x: np.ndarray) -> np.ndarray:
    """Complementary error function for x >= 0 (Abramowitz & Stegun 7.1.26, error < 2e-7)."""
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                        + t * 1.061405429))))
    return poly * np.exp(-x * x)


class LengthPrepared(Prepared):
    def __init__(self, src: Sequence[str], tgt: Sequence[str], variance: float) -> None:
        src_len = [text_length(s) for s in src]
        tgt_len = [text_length(t) for t in tgt]
        self.ratio = length_ratio(src_len, tgt_len)
        self.variance = variance * max(self.ratio, 1.0)
        self.src = prefix_sums(np.asarray(src_len, dtype=np.float64))
        self.tgt = prefix_sums(np.asarray(tgt_len, dtype=np.float64))

    def delta(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        """Gale–Church's standardised length difference, in target characters."""
        x = (self.src[src_spans[:, 1]] - self.src[src_spans[:, 0]]) * self.ratio
        y = self.tgt[tgt_spans[:, 1]] - self.tgt[tgt_spans[:, 0]]
        return (x - y) / np.sqrt(self.variance * np.maximum((x + y) / 2, 1.0))

    def similarity(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        # P(|delta| this large | a true match) = erfc(|delta| / sqrt 2), the normal tail.
        return erfc(np.abs(self.delta(src_spans, tgt_spans)) / np.sqrt(2))


class LengthScorer(Scorer):
    def __init__(self, variance: float = VARIANCE) -> None:
        self.variance = variance
        self.name = "length"

    def prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str,
                tgt_lang: str) -> LengthPrepared:
        return LengthPrepared(src, tgt, self.variance)
