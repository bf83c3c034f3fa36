"""The sentence aligner: scorers → bead costs → DP path → beads with a confidence.

A match bead of type (a, b) costs ``(a + b) / 2 × (1 − sim) + penalty(a, b)``, where ``sim``
is the weighted mean of the scorers' similarities
(cost per sentence covered, so that merging is neither rewarded nor punished by itself),
plus, for a 1-n or n-1 bead, what it would gain in similarity by leaving out the first or
last sentence of its merged side (times ``edge_penalty``), and for a 1-1 bead, what it would
gain by taking in a neighbouring sentence on either side (times ``reach_penalty``); a 1-0 or
0-1 bead costs ``skip`` (:meth:`Aligner.bead_cost`). With a semantic scorer (an encoder), a
document's skip is at least ``skip_per_match`` times its typical match cost
(:meth:`Aligner.document_skip`): a literary translation's sentences match each other less
closely than a news article's, and at one skip for both its merges were split into a match
and a left-out sentence; a 2-2 bead there costs less in the same ratio
(:meth:`Aligner.for_document`). A bead's confidence is a calibrated probability that it is
exactly right (:mod:`corpus_tools.align.confidence`).

With ``bootstrap`` on, the document pair is aligned twice: the confident beads of the first
pass teach a lexicon (see :func:`~corpus_tools.align.scorers.lexicon.learn_lexicon`) that
joins the scorers for the second pass.

Fixed beads (a reviewer's units, :mod:`corpus_tools.review`) are kept as they are: the DP
runs on the stretches between those with sentences on both sides, and a fixed bead with one
empty side (a sentence with no counterpart) may not be matched with anything.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from corpus_tools.align.beads import Bead
from corpus_tools.align.confidence import Calibration, bead_features
from corpus_tools.align.dp import Step, bead_types, best_path
from corpus_tools.align.scorers import Prepared, Scorer, default_scorers
from corpus_tools.align.scorers.lexicon import (
    BeadWords,
    Lexicon,
    LexiconScorer,
    bead_words,
    dice_lexicon,
)

log = logging.getLogger(__name__)

# A document's paragraph starts (sentence ids), or each start's kind: PARAGRAPH (a blank line)
# or LINE (a line end inside a paragraph, priced by ``line_cost``).
Breaks = Collection[int] | Mapping[int, str]
PARAGRAPH, LINE = "paragraph", "line"
# (source sentences, target sentences, source breaks, target breaks)
DocumentPair = tuple[Sequence[str], Sequence[str], Breaks, Breaks]


@dataclass(frozen=True)
class Evidence:
    """Some document pairs' first pass, as the bootstrap lexicon learns from it: how many
    beads, and each match bead's confidence and words (:meth:`Aligner.evidence`)."""

    beads: int
    scores: tuple[float, ...]
    words: tuple[BeadWords, ...]

# Tuned on the dev sets (MAC-Dev, Text+Berg dev, NTREX-dev perturbed); see docs/benchmarks.md.
DEFAULT_WEIGHTS = {"length": 1.0, "anchors": 1.0, "lexicon": 2.0, "embedding": 3.0, "mt": 3.0}
SKIP = 0.6
MERGE_PENALTY = 0.2  # per sentence beyond the first on the larger side
MANY_PENALTY = 0.5  # per sentence beyond the first on the smaller side (2-2 beads)
EDGE_PENALTY = 4.0  # per unit of similarity a merge gains by leaving out an edge sentence
REACH_PENALTY = 1.0  # per unit of similarity a 1-1 bead gains by taking in a neighbour
# With a semantic scorer: a left-out sentence costs at least this many times the document's
# typical 1-1 match cost (Aligner.document_skip; tuned on MAC-Dev, Text+Berg and NTREX-dev
# with the encoder, see docs/benchmarks.md, issue 23, fourth wave).
SKIP_PER_MATCH = 1.5
MATCH_SAMPLE = 256
MATCH_WINDOW = 50
# A paragraph end the alignment does not cut at on both sides (see align/dp.py; math.inf:
# paragraphs are hard boundaries), and a line end inside a paragraph (a file with one
# sentence or one paragraph per line): versions' paragraphs differ more often than their
# lines. Tuned on the build benchmark (layouts b and a), see docs/benchmarks.md.
PARAGRAPH_COST = 0.15
LINE_COST = 0.3
BOOTSTRAP_CONFIDENCE = 0.3  # first-pass beads above this quantile of confidence teach the lexicon


@dataclass
class Aligner:
    scorers: list[Scorer] = field(default_factory=default_scorers)
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    max_size: int = 4
    skip: float = SKIP
    merge_penalty: float = MERGE_PENALTY
    many_penalty: float = MANY_PENALTY
    edge_penalty: float = EDGE_PENALTY
    reach_penalty: float = REACH_PENALTY
    skip_per_match: float = SKIP_PER_MATCH
    paragraph_cost: float = PARAGRAPH_COST
    line_cost: float = LINE_COST
    bootstrap: bool = True
    calibration: Calibration = field(default_factory=Calibration)

    @property
    def method(self) -> str:
        """Aligner and scorers as recorded in tables: ``dp:length+anchors+lexicon+learnt``."""
        names = [s.name for s in self.scorers] + (["learnt"] if self.bootstrap else [])
        return "dp:" + "+".join(names)

    def align(self, src: Sequence[str], tgt: Sequence[str], src_lang: str = "",
              tgt_lang: str = "", src_breaks: Breaks = (), tgt_breaks: Breaks = (),
              fixed: Sequence[Bead] = ()) -> list[Bead]:
        """Align two sentence lists; ``*_breaks`` are paragraph starts (priced by
        ``paragraph_cost``; in a mapping, a LINE start by ``line_cost``), ``fixed`` beads to
        keep (in order, not crossing)."""
        return self.align_many([(src, tgt, src_breaks, tgt_breaks)], src_lang, tgt_lang,
                               [fixed])[0]

    def align_many(self, pairs: Sequence[DocumentPair], src_lang: str = "",
                   tgt_lang: str = "", fixed: Sequence[Sequence[Bead]] | None = None
                   ) -> list[list[Bead]]:
        """Align several document pairs of one language pair, ``(src, tgt, src_breaks,
        tgt_breaks)`` each, keeping ``fixed[k]``'s beads in pair ``k``; the bootstrap lexicon
        is learnt from all of them together, so that short documents profit from their
        neighbours."""
        prepared = self._prepare_pairs(pairs, src_lang, tgt_lang)
        results = self._first_pass(pairs, prepared, fixed)
        lexicon = self.learn(pairs, results, src_lang, tgt_lang)
        if not lexicon.entries:
            return results
        return self._second_pass(pairs, prepared, lexicon, src_lang, tgt_lang, fixed)

    def first_pass(self, pairs: Sequence[DocumentPair], src_lang: str = "",
                   tgt_lang: str = "", fixed: Sequence[Sequence[Bead]] | None = None
                   ) -> list[list[Bead]]:
        """The pairs aligned without a learnt lexicon: what :meth:`learn` learns from."""
        return self._first_pass(pairs, self._prepare_pairs(pairs, src_lang, tgt_lang), fixed)

    def learn(self, pairs: Sequence[DocumentPair], first_pass: Sequence[Sequence[Bead]],
              src_lang: str = "", tgt_lang: str = "") -> Lexicon:
        """The bootstrap lexicon of ``pairs`` from the confident beads of their first pass
        (empty when bootstrapping is off or there are too few beads to learn from)."""
        if not self.bootstrap:  # spare evidence()'s tokenising of every bead
            return Lexicon(src_lang, tgt_lang, {}, "learnt")
        return self.learn_from([self.evidence(pairs, first_pass, src_lang, tgt_lang)],
                               src_lang, tgt_lang)

    @staticmethod
    def evidence(pairs: Sequence[DocumentPair], first_pass: Sequence[Sequence[Bead]],
                 src_lang: str = "", tgt_lang: str = "") -> Evidence:
        """What :meth:`learn_from` needs of some pairs' first pass, so that pairs aligned
        apart (a corpus's groups, in several workers) can teach one lexicon together."""
        beads = [b for pair_beads in first_pass for b in pair_beads]
        matched = [(src, tgt, b) for (src, tgt, _, _), pair_beads in zip(pairs, first_pass,
                                                                          strict=True)
                   for b in pair_beads if b.src and b.tgt]
        found = [bead_words(src, tgt, src_lang, tgt_lang, [(b.src, b.tgt)])[0]
                 for src, tgt, b in matched]
        return Evidence(len(beads), tuple(b.score for _, _, b in matched), tuple(found))

    def learn_from(self, evidence: Sequence[Evidence], src_lang: str = "",
                   tgt_lang: str = "") -> Lexicon:
        """The lexicon the first-pass beads of ``evidence`` teach together: the words of
        the match beads above the ``BOOTSTRAP_CONFIDENCE`` quantile of confidence."""
        scores = [score for part in evidence for score in part.scores]
        if not self.bootstrap or sum(part.beads for part in evidence) < 10 or not scores:
            return Lexicon(src_lang, tgt_lang, {}, "learnt")
        cut = np.quantile(scores, BOOTSTRAP_CONFIDENCE)
        return dice_lexicon([found for part in evidence
                             for score, found in zip(part.scores, part.words, strict=True)
                             if score >= cut], src_lang, tgt_lang)

    def align_learnt(self, pairs: Sequence[DocumentPair], lexicon: Lexicon,
                     src_lang: str = "", tgt_lang: str = "",
                     fixed: Sequence[Sequence[Bead]] | None = None) -> list[list[Bead]]:
        """The pairs aligned with a lexicon learnt before (from these pairs and others: a
        corpus's learnt lexicon): :meth:`align_many`'s result when ``lexicon`` is the one it
        would learn, at half its cost."""
        prepared = self._prepare_pairs(pairs, src_lang, tgt_lang)
        if not self.bootstrap or not lexicon.entries:
            return self._first_pass(pairs, prepared, fixed)
        return self._second_pass(pairs, prepared, lexicon, src_lang, tgt_lang, fixed)

    def _prepare_pairs(self, pairs: Sequence[DocumentPair], src_lang: str, tgt_lang: str
                       ) -> list[list[tuple[float, Prepared]] | None]:
        """Each pair's prepared scorers; None for a pair with an empty side."""
        if any(bool(src) != bool(tgt) for src, tgt, _, _ in pairs):
            log.warning("one side is empty: every sentence is left unaligned")
        return [self.prepare(src, tgt, src_lang, tgt_lang) if src and tgt else None
                for src, tgt, _, _ in pairs]

    def _first_pass(self, pairs: Sequence[DocumentPair], prepared,
                    fixed: Sequence[Sequence[Bead]] | None = None) -> list[list[Bead]]:
        fixed = fixed if fixed is not None else [() for _ in pairs]
        results: list[list[Bead]] = []
        for (src, tgt, src_breaks, tgt_breaks), scorers, kept in zip(pairs, prepared, fixed,
                                                                      strict=True):
            if scorers is None:
                results.append([Bead((i,), (), 0.0) for i in range(len(src))]
                               + [Bead((), (j,), 0.0) for j in range(len(tgt))])
            else:
                results.append(self._run(scorers, len(src), len(tgt), src_breaks, tgt_breaks,
                                         kept))
        return results

    def _second_pass(self, pairs: Sequence[DocumentPair], prepared, lexicon: Lexicon,
                     src_lang: str, tgt_lang: str,
                     fixed: Sequence[Sequence[Bead]] | None = None) -> list[list[Bead]]:
        learnt = LexiconScorer([lexicon], builtin=False)
        with_lexicon = [None if scorers is None else scorers + [(
            self._weight("lexicon"), learnt.prepare(src, tgt, src_lang, tgt_lang))]
            for (src, tgt, _, _), scorers in zip(pairs, prepared, strict=True)]
        return self._first_pass(pairs, with_lexicon, fixed)

    def _weight(self, name: str) -> float:
        return self.weights.get(name.split("(")[0], 1.0)

    def prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str = "",
                tgt_lang: str = "") -> list[tuple[float, Prepared]]:
        """The scorers bound to one document pair, each with its weight: the ``prepared``
        argument of :meth:`similarity` and :meth:`bead_cost`."""
        return [(self._weight(s.name), s.prepare(src, tgt, src_lang, tgt_lang))
                for s in self.scorers]

    @staticmethod
    def similarity(prepared: Sequence[tuple[float, Prepared]], src_spans: np.ndarray,
                   tgt_spans: np.ndarray) -> np.ndarray:
        """Weighted mean similarity of each ``[start, end)`` span pair (rows of two arrays)."""
        total = sum(w for w, _ in prepared) or 1.0
        return sum(w * p.similarity(src_spans, tgt_spans) for w, p in prepared) / total

    def bead_cost(self, prepared: Sequence[tuple[float, Prepared]], src_spans: np.ndarray,
                  tgt_spans: np.ndarray, shape: tuple[int, int], sizes: tuple[int, int]
                  ) -> np.ndarray:
        """What the DP pays for each candidate bead of ``shape`` = (source sentences, target
        sentences), given as rows of ``[start, end)`` spans into documents of ``sizes``
        sentences; 1-0 and 0-1 beads cost ``skip`` per sentence."""
        src_spans, tgt_spans = np.asarray(src_spans), np.asarray(tgt_spans)
        if not min(shape):
            return np.full(len(src_spans), self.skip * max(shape), dtype=np.float64)
        size = (src_spans[:, 1] - src_spans[:, 0] + tgt_spans[:, 1] - tgt_spans[:, 0]) / 2
        sim = self.similarity(prepared, src_spans, tgt_spans)
        cost = (size * (1 - sim) + self.merge_penalty * (max(shape) - 1)
                + self.many_penalty * (min(shape) - 1))
        if self.edge_penalty and min(shape) == 1 < max(shape):
            cost += self.edge_penalty * self._edge_loss(prepared, src_spans, tgt_spans, sim,
                                                        int(shape[1] > 1), sizes)
        if self.reach_penalty and shape == (1, 1):
            cost += self.reach_penalty * self._reach_gain(prepared, src_spans, tgt_spans, sizes)
        return cost

    def _edge_loss(self, prepared, src_spans, tgt_spans, sim, side: int,
                   sizes: tuple[int, int]) -> np.ndarray:
        """How much a 1-n (side 1) or n-1 (side 0) bead would gain by leaving out the first
        or the last sentence of its merged side: a sentence that adds nothing has no
        counterpart here (a deleted line absorbed by its neighbour), and 1-1 + 0-1 should
        win. Only beads whose single side is one sentence: the DP's coarse passes score
        blocks of sentences, where leaving one out says little."""
        other = [src_spans, tgt_spans][1 - side]
        fine = np.flatnonzero(other[:, 1] - other[:, 0] == 1)
        loss = np.zeros(len(sim))
        loss[fine] = self._gain_by_moving(prepared, src_spans[fine], tgt_spans[fine], sim[fine],
                                          [(side, (1, 0)), (side, (0, -1))], sizes)
        return loss

    def _reach_gain(self, prepared, src_spans, tgt_spans, sizes) -> np.ndarray:
        """How much the semantic scorers' similarity of a 1-1 bead would gain by taking in
        the sentence before or after it on either side: a 1-1 whose content goes on into a
        neighbour is half of a crossing (en 3+4 | 5 against ru 3 | 4+5, a 2-2 bead) or a
        merge cut short. Length and shared words often rise with any neighbour, so without
        an encoder there is no such penalty (measured: it costs Text+Berg 0.03 strict F1).
        Sentence beads only, as for the edge loss."""
        semantic = [(w, p) for w, p in prepared if p.semantic]
        gain = np.zeros(len(src_spans))
        fine = np.flatnonzero((src_spans[:, 1] - src_spans[:, 0] == 1)
                              & (tgt_spans[:, 1] - tgt_spans[:, 0] == 1))
        if not semantic or not len(fine):
            return gain
        src, tgt = src_spans[fine], tgt_spans[fine]
        grow = [(side, delta) for side in (0, 1) for delta in ((-1, 0), (0, 1))]
        gain[fine] = self._gain_by_moving(semantic, src, tgt,
                                          self.similarity(semantic, src, tgt), grow, sizes)
        return gain

    @classmethod
    def _gain_by_moving(cls, prepared, src_spans, tgt_spans, sim, moves,
                        sizes: tuple[int, int]) -> np.ndarray:
        """How far the similarity of each span pair rises above ``sim`` at best when one of
        ``moves`` — ``(side, (change of start, change of end))`` — is applied to it (0 if it
        never does); a move that would leave its document is not taken."""
        best = np.full(len(src_spans), -np.inf)
        for side, delta in moves:
            spans = [src_spans, tgt_spans]
            spans[side] = spans[side] + np.array(delta)
            inside = (spans[side][:, 0] >= 0) & (spans[side][:, 1] <= sizes[side])
            moved = np.full(len(src_spans), -np.inf)
            moved[inside] = cls.similarity(prepared, spans[0][inside], spans[1][inside])
            best = np.maximum(best, moved)
        return np.maximum(0.0, best - sim)

    def document_skip(self, prepared: Sequence[tuple[float, Prepared]], n: int, m: int
                      ) -> float:
        """What a 1-0 or 0-1 bead costs in a document of ``n`` × ``m`` sentences: ``skip``,
        or with a semantic scorer at least ``skip_per_match`` × (1 − the median similarity of
        a sentence and its match). Matches are sought for up to MATCH_SAMPLE source sentences
        spread over the document: the target sentence the semantic scorers like best, kept
        where that sentence likes the source sentence best too (a line with no counterpart
        has none); their similarity is taken with every scorer, as bead costs are."""
        semantic = [(w, p) for w, p in prepared if p.semantic]
        if not semantic or not self.skip_per_match or not n or not m:
            return self.skip
        rows = np.unique(np.linspace(0, n - 1, min(n, MATCH_SAMPLE)).round().astype(np.int64))
        cols = self._best_match(semantic, rows, 0, (n, m))
        mutual = self._best_match(semantic, cols, 1, (n, m)) == rows
        if not mutual.any():
            return self.skip
        matched = self.similarity(prepared, _sentences(rows[mutual]), _sentences(cols[mutual]))
        return max(self.skip, self.skip_per_match * (1 - float(np.median(matched))))

    def for_document(self, prepared: Sequence[tuple[float, Prepared]], n: int, m: int
                     ) -> Aligner:
        """This aligner with a document's own skip (:meth:`document_skip`), and where that
        is raised, a 2-2 bead's ``many_penalty`` lowered in the same ratio: a freer
        translation's sentence boundaries cross more often (MAC-Dev, Text+Berg)."""
        skip = self.document_skip(prepared, n, m)
        if skip == self.skip:
            return self
        return replace(self, skip=skip, skip_per_match=0.0,
                       many_penalty=self.many_penalty * self.skip / skip)

    def _best_match(self, semantic, ids: np.ndarray, side: int, sizes: tuple[int, int]
                    ) -> np.ndarray:
        """For each sentence ``ids`` of ``side``, the sentence of the other side within
        MATCH_WINDOW of the diagonal that the ``semantic`` scorers like best."""
        other = sizes[1 - side]
        near = (np.round(ids * (other / sizes[side])).astype(np.int64)[:, None]
                + np.arange(-MATCH_WINDOW, MATCH_WINDOW + 1))
        inside = (near >= 0) & (near < other)
        spans = [_sentences(np.broadcast_to(ids[:, None], near.shape)[inside]),
                 _sentences(near[inside])]
        sim = np.full(near.shape, -np.inf)
        sim[inside] = self.similarity(semantic, *(spans[::-1] if side else spans))
        return near[np.arange(len(ids)), sim.argmax(axis=1)]

    def _run(self, prepared, n, m, src_breaks, tgt_breaks, fixed: Sequence[Bead] = ()
             ) -> list[Bead]:
        document = self.for_document(prepared, n, m)
        if document is not self:  # this document's own settings, asked for once
            return document._run(prepared, n, m, src_breaks, tgt_breaks, fixed)
        lone = ({i for b in fixed if not b.tgt for i in b.src},
                {j for b in fixed if not b.src for j in b.tgt})

        def cost(src_spans: np.ndarray, tgt_spans: np.ndarray, shape) -> np.ndarray:
            value = self.bead_cost(prepared, src_spans, tgt_spans, shape, (n, m))
            if min(shape) and (lone[0] or lone[1]):
                value = value + np.where(_covers(src_spans, lone[0])
                                         | _covers(tgt_spans, lone[1]), np.inf, 0.0)
            return value

        def similarity(src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
            return self.similarity(prepared, src_spans, tgt_spans)

        steps: list[Step] = []
        start = (0, 0)
        kept = [b for b in fixed if b.src and b.tgt]
        for bead in [*kept, None]:
            end = (n, m) if bead is None else (bead.src[0], bead.tgt[0])
            steps += self._path_between(start, end, cost, src_breaks, tgt_breaks)
            if bead is not None:
                src, tgt = (bead.src[0], bead.src[-1] + 1), (bead.tgt[0], bead.tgt[-1] + 1)
                shape = (len(bead.src), len(bead.tgt))
                steps.append(Step(src, tgt, float(cost(np.array([src]), np.array([tgt]),
                                                       shape)[0])))
                start = (src[1], tgt[1])
        confidence = np.clip(self.calibration(bead_features(steps, similarity, n, m)), 0, 1)
        beads = [Bead(tuple(range(*s.src)), tuple(range(*s.tgt)), round(float(c), 4))
                 for s, c in zip(steps, confidence, strict=True)]
        kept_keys = {(b.src, b.tgt) for b in kept}
        return [replace(b, score=1.0) if (b.src, b.tgt) in kept_keys
                or (b.src and not b.tgt and set(b.src) <= lone[0])
                or (b.tgt and not b.src and set(b.tgt) <= lone[1]) else b for b in beads]

    def _path_between(self, start: tuple[int, int], end: tuple[int, int], cost,
                      src_breaks: Breaks, tgt_breaks: Breaks) -> list[Step]:
        """The best path from node ``start`` to node ``end`` (the whole grid when no bead is
        fixed), in document positions."""
        (s0, t0), (s1, t1) = start, end

        def local_cost(src_spans: np.ndarray, tgt_spans: np.ndarray, shape) -> np.ndarray:
            return cost(src_spans + s0, tgt_spans + t0, shape)

        types = bead_types(self.max_size)
        inside = ({b - s0: price for b, price in self._prices(src_breaks).items() if s0 < b < s1},
                  {b - t0: price for b, price in self._prices(tgt_breaks).items() if t0 < b < t1})
        try:
            local = best_path(s1 - s0, t1 - t0, local_cost, types, self.skip, *inside)
        except ValueError:  # only hard boundaries can leave no path
            log.warning("paragraph boundaries cannot be kept (the two sides have different "
                        "paragraphs); aligning without them")
            local = best_path(s1 - s0, t1 - t0, local_cost, types, self.skip,
                              *({k: v for k, v in side.items() if math.isfinite(v)}
                                for side in inside))
        return [Step((s.src[0] + s0, s.src[1] + s0), (s.tgt[0] + t0, s.tgt[1] + t0), s.cost)
                for s in local]

    def _prices(self, breaks: Breaks) -> dict[int, float]:
        kinds = breaks if isinstance(breaks, Mapping) else dict.fromkeys(breaks, PARAGRAPH)
        return {k: self.line_cost if kind == LINE else self.paragraph_cost
                for k, kind in kinds.items()}


def _sentences(ids: np.ndarray) -> np.ndarray:
    """The one-sentence spans of ``ids``."""
    return np.stack([ids, ids + 1], axis=1)


def _covers(spans: np.ndarray, ids: Collection[int]) -> np.ndarray:
    """Whether each ``[start, end)`` span holds one of ``ids``."""
    marks = np.sort(np.fromiter(ids, dtype=np.int64))
    return np.searchsorted(marks, spans[:, 1], "left") > np.searchsorted(marks, spans[:, 0],
                                                                          "left")


def align_sentences(src: Sequence[str], tgt: Sequence[str], src_lang: str = "",
                    tgt_lang: str = "", **options) -> list[Bead]:
    """Align two sentence lists with the default model-free aligner."""
    return Aligner(**options).align(src, tgt, src_lang, tgt_lang)
