"""MT scorer: translate the source side with any callable, compare with the target by a
character n-gram F-score (chrF: orders 1–6, β = 2, spaces ignored).

Counts of a group are sums of its sentences' counts (n-grams across a sentence boundary
are not counted), held as hashed count vectors with prefix sums, so any span costs one
subtraction; matched n-grams are the element-wise minimum of two groups' counts.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from corpus_tools.align.scorers.base import Prepared, Scorer, prefix_sums, span_sums

Translator = Callable[[list[str]], list[str]]
ORDERS = 6
BETA = 2.0


def char_ngram_counts(sentences: Sequence[str], dims: int) -> np.ndarray:
    """(sentences, ORDERS, dims) hashed character n-gram counts, whitespace removed."""
    out = np.zeros((len(sentences), ORDERS, dims), dtype=np.float32)
    for row, sentence in enumerate(sentences):
        text = "".join(sentence.split())
        for n in range(1, ORDERS + 1):
            grams = Counter(text[k:k + n] for k in range(len(text) - n + 1))
            for gram, count in grams.items():
                out[row, n - 1, zlib.crc32(gram.encode()) % dims] += count
    return out


class CharFPrepared(Prepared):
    CHUNK = 4096

    def __init__(self, hypotheses: Sequence[str], references: Sequence[str],
                 dims: int) -> None:
        self.hyp = prefix_sums(char_ngram_counts(hypotheses, dims))
        self.ref = prefix_sums(char_ngram_counts(references, dims))

    def similarity(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        out = np.zeros(len(src_spans), dtype=np.float32)
        for rows, hyp, ref in span_sums(self.hyp, self.ref, src_spans, tgt_spans, self.CHUNK):
            match = np.minimum(hyp, ref).sum(-1)
            precision = match / np.maximum(hyp.sum(-1), 1e-9)
            recall = match / np.maximum(ref.sum(-1), 1e-9)
            p, r = precision.mean(-1), recall.mean(-1)  # averaged over n-gram orders
            denom = BETA ** 2 * p + r
            out[rows] = np.where(denom > 0, (1 + BETA ** 2) * p * r / np.maximum(denom, 1e-9),
                                 0.0)
        return out


class MTScorer(Scorer):
    """``translator(source sentences) → sentences in the target language``."""

    def __init__(self, translator: Translator, name: str = "mt", dims: int = 512) -> None:
        self.translator, self.dims = translator, dims
        self.name = f"mt({name})" if name != "mt" else "mt"

    def prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str,
                tgt_lang: str) -> CharFPrepared:
        translated = list(self.translator(list(src))) if src else []
        return CharFPrepared(translated, tgt, self.dims)
