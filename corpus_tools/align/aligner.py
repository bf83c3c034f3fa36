"""The sentence aligner: scorers → bead costs → DP path → beads with a confidence.

A match bead of type (a, b) costs ``(a + b) / 2 × (1 − sim) + penalty(a, b)``, where ``sim``
is the weighted mean of the scorers' similarities
(cost per sentence covered, so that merging is neither rewarded nor punished by itself);
a 1-0 or 0-1 bead costs ``skip``. A bead's confidence is the weighted mean of its scorers'
similarities (for a 1-0/0-1 bead: one minus the best similarity the left-out sentence has
with the neighbouring sentences of the other side).

With ``bootstrap`` on, the document pair is aligned twice: the confident beads of the first
pass teach a lexicon (see :func:`~corpus_tools.align.scorers.lexicon.learn_lexicon`) that
joins the scorers for the second pass.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

from corpus_tools.align.beads import Bead
from corpus_tools.align.dp import Step, bead_types, best_path
from corpus_tools.align.scorers import Prepared, Scorer, default_scorers
from corpus_tools.align.scorers.lexicon import LexiconScorer, learn_lexicon

log = logging.getLogger(__name__)

# Tuned on the dev sets (MAC-Dev, Text+Berg dev, NTREX-dev perturbed); see docs/benchmarks.md.
DEFAULT_WEIGHTS = {"length": 1.0, "anchors": 1.0, "lexicon": 2.0, "embedding": 3.0, "mt": 3.0}
SKIP = 0.6
MERGE_PENALTY = 0.15  # per sentence beyond the first on the larger side
MANY_PENALTY = 0.5  # per sentence beyond the first on the smaller side (2-2 beads)
BOOTSTRAP_CONFIDENCE = 0.5  # quantile of first-pass confidences that teach the lexicon


@dataclass
class Aligner:
    scorers: list[Scorer] = field(default_factory=default_scorers)
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    max_size: int = 4
    skip: float = SKIP
    merge_penalty: float = MERGE_PENALTY
    many_penalty: float = MANY_PENALTY
    bootstrap: bool = True

    @property
    def method(self) -> str:
        """Aligner and scorers as recorded in tables: ``dp:length+anchors+lexicon+learnt``."""
        names = [s.name for s in self.scorers] + (["learnt"] if self.bootstrap else [])
        return "dp:" + "+".join(names)

    def align(self, src: Sequence[str], tgt: Sequence[str], src_lang: str = "",
              tgt_lang: str = "", src_breaks: Collection[int] = (),
              tgt_breaks: Collection[int] = ()) -> list[Bead]:
        """Align two sentence lists; ``*_breaks`` are paragraph starts to respect."""
        if not src or not tgt:
            if src or tgt:
                log.warning("one side is empty: every sentence is left unaligned")
            return [Bead((i,), (), 0.0) for i in range(len(src))] + \
                   [Bead((), (j,), 0.0) for j in range(len(tgt))]
        prepared = self._prepare(self.scorers, src, tgt, src_lang, tgt_lang)
        beads = self._run(prepared, len(src), len(tgt), src_breaks, tgt_breaks)
        if self.bootstrap and len(beads) >= 10:
            lexicon = learn_lexicon(src, tgt, src_lang, tgt_lang, self._confident(beads))
            if lexicon.entries:
                learnt = LexiconScorer([lexicon], builtin=False)
                prepared.append((self._weight("lexicon"), learnt.prepare(src, tgt, src_lang,
                                                                         tgt_lang)))
                beads = self._run(prepared, len(src), len(tgt), src_breaks, tgt_breaks)
        return beads

    def _weight(self, name: str) -> float:
        return self.weights.get(name.split("(")[0], 1.0)

    def _prepare(self, scorers, src, tgt, src_lang, tgt_lang) -> list[tuple[float, Prepared]]:
        return [(self._weight(s.name), s.prepare(src, tgt, src_lang, tgt_lang))
                for s in scorers]

    @staticmethod
    def _confident(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        matched = [b for b in beads if b.src and b.tgt]
        if not matched:
            return []
        cut = np.quantile([b.score for b in matched], BOOTSTRAP_CONFIDENCE)
        return [(b.src, b.tgt) for b in matched if b.score >= cut]

    def _run(self, prepared, n, m, src_breaks, tgt_breaks) -> list[Bead]:
        def similarity(src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
            total = sum(w for w, _ in prepared)
            return sum(w * p.similarity(src_spans, tgt_spans) for w, p in prepared) / total

        def cost(src_spans: np.ndarray, tgt_spans: np.ndarray, shape) -> np.ndarray:
            size = (src_spans[:, 1] - src_spans[:, 0] + tgt_spans[:, 1] - tgt_spans[:, 0]) / 2
            return (size * (1 - similarity(src_spans, tgt_spans))
                    + self.merge_penalty * (max(shape) - 1)
                    + self.many_penalty * (min(shape) - 1))

        types = bead_types(self.max_size)
        try:
            steps = best_path(n, m, cost, types, self.skip, src_breaks, tgt_breaks)
        except ValueError:
            log.warning("paragraph boundaries cannot be kept (the two sides have different "
                        "paragraphs); aligning without them")
            steps = best_path(n, m, cost, types, self.skip)
        return _beads(steps, similarity, n, m)


def _beads(steps: list[Step], similarity, n: int, m: int) -> list[Bead]:
    match = [k for k, s in enumerate(steps) if s.src[0] < s.src[1] and s.tgt[0] < s.tgt[1]]
    conf = np.zeros(len(steps))
    if match:
        conf[match] = similarity(np.array([steps[k].src for k in match]),
                                 np.array([steps[k].tgt for k in match]))
    gaps = [k for k in range(len(steps)) if k not in set(match)]
    for k in gaps:  # how unlike its neighbours on the other side the left-out sentence is
        s, t = steps[k].src, steps[k].tgt
        if s[0] < s[1]:
            others = [(t[0] - 1, t[0]), (t[0], t[0] + 1)]
            pairs = [(s, o) for o in others if 0 <= o[0] and o[1] <= m]
        else:
            others = [(s[0] - 1, s[0]), (s[0], s[0] + 1)]
            pairs = [(o, t) for o in others if 0 <= o[0] and o[1] <= n]
        best = similarity(np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
                          ).max() if pairs else 0.0
        conf[k] = 1 - best
    return [Bead(tuple(range(*s.src)), tuple(range(*s.tgt)), round(float(c), 4))
            for s, c in zip(steps, np.clip(conf, 0, 1), strict=True)]


def align_sentences(src: Sequence[str], tgt: Sequence[str], src_lang: str = "",
                    tgt_lang: str = "", **options) -> list[Bead]:
    """Align two sentence lists with the default model-free aligner."""
    return Aligner(**options).align(src, tgt, src_lang, tgt_lang)
