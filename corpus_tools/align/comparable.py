"""Comparable alignment: which sentences of one text render which of another, in any order.

A commentary quotes and paraphrases its source out of order and mostly says other things,
so there is no monotonic path to find. Instead, as in margin-based bitext mining:

1. **Candidates** (blocking): every sentence keeps its ``neighbours`` nearest sentences of
   the other side by the cosine of the scorers' sentence vectors (anchors, lexicon,
   embeddings), computed a block of rows at a time, so memory stays linear in the number of
   sentences. Each candidate pair is widened to the ≤2-sentence groups around it.
2. **Scores**: every candidate is scored by the same scorers as parallel alignment, with
   each feature of a bag scorer counted once per sentence; content scorers are combined by
   noisy-or (any one strong piece of evidence counts) and damped by the length scorer, and a
   pair needs at least two shared features (one list number or quote mark links nothing).
3. **Selection**: competitive linking — best candidates first, each taking its sentences —
   so a kept link beats every remaining candidate that shares one of its sentences; it must
   also beat the best candidate pairing those sentences with *other* sentences by
   ``margin``, and score at least ``threshold``. A group must beat each pair inside it.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from corpus_tools.align.beads import Bead
from corpus_tools.align.corpus import bead_rows, pair_name
from corpus_tools.align.files import AlignedFiles
from corpus_tools.align.scorers import Prepared, Scorer, default_scorers
from corpus_tools.align.scorers.base import VectorPrepared, prefix_sums, span_sums
from corpus_tools.align.scorers.features import BagPrepared, FeatureScorer
from corpus_tools.align.scorers.lexicon import LexiconScorer, concatenated, learn_lexicon
from corpus_tools.tables import ALIGNMENTS
from corpus_tools.textfile import read_sentences

log = logging.getLogger(__name__)

MAX_GROUP = 2
ROW_BLOCK = 512  # source rows per block of the similarity matrix
SPAN_BLOCK = 4096  # candidates per block when summing their group vectors
BOOTSTRAP_ROUNDS = 2  # lexicon-learning rounds over a corpus's comparable pairs
GROUP_GAIN = 0.05  # how much a 2-sentence group must beat each pair inside it
LENGTH_FLOOR = 0.5  # the length factor for groups whose lengths do not fit at all
EVIDENCE_SCALE = 8.0  # shared IDF² mass at which a bag scorer's cosine counts 63 %
MIN_SHARED = 2  # distinct features (anchors, words) a pair must share to be scored at all


@dataclass(frozen=True)
class ComparableSettings:
    threshold: float = 0.35  # lowest combined score a link may have (tuned on NTREX-dev)
    margin: float = 0.1  # how much a link must beat its sentences' other counterparts
    neighbours: int = 8  # candidates kept per sentence and side before widening to groups

    def describe(self) -> str:
        return f"comparable(t={self.threshold},m={self.margin},k={self.neighbours})"


def align_comparable(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                     scorers: Sequence[Scorer], settings: ComparableSettings | None = None
                     ) -> list[Bead]:
    """Links between sentence groups of ``src`` and ``tgt``, best first; most sentences none."""
    if not src or not tgt:
        return []
    return _links(_prepare(src, tgt, src_lang, tgt_lang, scorers), len(src), len(tgt),
                  settings or ComparableSettings())


def _prepare(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
             scorers: Sequence[Scorer]) -> dict[str, Prepared]:
    return {s.name: s.prepare(src, tgt, src_lang, tgt_lang) for s in map(counted_once, scorers)}


def _links(prepared: dict[str, Prepared], n: int, m: int, settings: ComparableSettings
           ) -> list[Bead]:
    """The links of one document pair of ``n`` × ``m`` sentences, from its bound scorers."""
    pairs = candidate_pairs(prepared.values(), n, m, settings.neighbours)
    src_spans, tgt_spans = widen(pairs, n, m)
    if not len(src_spans):
        return []
    scores = combined_similarity(prepared, src_spans, tgt_spans)
    src_spans, tgt_spans, scores = drop_weak_groups(prepared, src_spans, tgt_spans, scores,
                                                     settings.threshold)
    keep = select(src_spans, tgt_spans, scores, n, m, settings)
    order = sorted(keep, key=lambda k: -scores[k])
    return [Bead(tuple(range(*src_spans[k])), tuple(range(*tgt_spans[k])),
                 round(float(scores[k]), 4)) for k in order]


def align_comparable_corpus(pairs: Sequence[tuple[Sequence[str], Sequence[str]]], src_lang: str,
                            tgt_lang: str, scorers: Sequence[Scorer],
                            settings: ComparableSettings | None = None,
                            bootstrap: int = BOOTSTRAP_ROUNDS) -> list[list[Bead]]:
    """Align several document pairs of one language pair. Each of the ``bootstrap`` rounds
    learns a lexicon from the links found over all pairs (as parallel alignment does from its
    confident beads) and aligns again with it; the other scorers are bound to each pair once."""
    settings = settings or ComparableSettings()
    bound = [_prepare(s, t, src_lang, tgt_lang, scorers) if s and t else None for s, t in pairs]

    def align_all(extra: Sequence[Scorer] = ()) -> list[list[Bead]]:
        return [[] if base is None else
                _links(base | _prepare(s, t, src_lang, tgt_lang, extra), len(s), len(t), settings)
                for base, (s, t) in zip(bound, pairs, strict=True)]

    links = align_all()
    learnt = ""  # one notice for the last round, not one per round
    for _ in range(bootstrap):
        src_all, tgt_all, found = concatenated(pairs, links)
        beads = [(b.src, b.tgt) for b in found]
        lexicon = learn_lexicon(src_all, tgt_all, src_lang, tgt_lang, beads)
        if not lexicon.entries:
            break
        learnt = (f"comparable {src_lang}-{tgt_lang}: learnt {len(lexicon.entries)} lexicon "
                  f"entries from {len(beads)} links")
        links = align_all([LexiconScorer([lexicon], builtin=False)])
    if learnt:
        log.info(learnt)
    return links


def align_comparable_files(src_path: str | Path, tgt_path: str | Path, src_lang: str,
                           tgt_lang: str, presegmented: bool = False,
                           settings: ComparableSettings | None = None,
                           bootstrap: int = BOOTSTRAP_ROUNDS,
                           scorers: Sequence[Scorer] | None = None) -> AlignedFiles:
    """Comparable links between two text files, as :func:`align_files` gives parallel ones
    (so that the same renderers write them); a notice when nothing links."""
    settings = settings or ComparableSettings()
    scorers = list(scorers) if scorers is not None else default_scorers()
    src = read_sentences(src_path, src_lang, presegmented)
    tgt = read_sentences(tgt_path, tgt_lang, presegmented)
    links = align_comparable_corpus([(src.sentences, tgt.sentences)], src_lang, tgt_lang,
                                    scorers, settings, bootstrap)[0]
    if not links:
        log.warning("%s ↔ %s: no link above the threshold %.2f; empty comparable alignment",
                    src_path, tgt_path, settings.threshold)
    method = f"{settings.describe()}:{'+'.join(s.name for s in scorers)}"
    return AlignedFiles(src, tgt, src_lang, tgt_lang, links, method)


def counted_once(scorer: Scorer) -> Scorer:
    """``scorer`` with each feature counted at most once per sentence, if it is a bag scorer.

    A quotation has four quote marks and a sentence may repeat a number or a word; counted,
    such a repeat outweighs everything else the pair shares, and carried most false links on
    NTREX-dev (en–ru precision 0.853 → 0.900 from anchors alone, see docs/benchmarks.md).
    """
    if not isinstance(scorer, FeatureScorer):
        return scorer
    once = copy.copy(scorer)
    once.once_per_sentence = True
    return once


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


def _sentence_vectors(vectors: np.ndarray) -> np.ndarray:
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
    IDF-weighted dot product), so that a link rests on several or on rare features, and a
    pair that shares fewer than ``MIN_SHARED`` features over all bag scorers scores only
    what an embedding says: a rare anchor alone ("4." ↔ 第四条) is no evidence of a link.
    """
    bag_miss = np.ones(len(src_spans))  # of the bag scorers
    other_miss = np.ones(len(src_spans))  # of the others (embeddings, MT)
    factor = np.ones(len(src_spans))
    shared = np.zeros(len(src_spans))
    for name, scorer in prepared.items():
        sim = np.asarray(scorer.similarity(src_spans, tgt_spans), dtype=np.float64)
        if name == "length":
            factor = LENGTH_FLOOR + (1 - LENGTH_FLOOR) * sim
        elif isinstance(scorer, BagPrepared):
            mass, count = _shared(scorer, src_spans, tgt_spans)
            bag_miss *= 1.0 - sim * (1.0 - np.exp(-mass / EVIDENCE_SCALE))
            shared += count
        else:
            other_miss *= 1.0 - sim
    bag_miss[shared < MIN_SHARED] = 1.0
    return (1.0 - bag_miss * other_miss) * factor


def _shared(scorer: BagPrepared, src_spans: np.ndarray, tgt_spans: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """What each candidate's bags share: the IDF²-weighted dot product and the number of
    features (columns; hashed ones may merge), a block of candidates at a time."""
    mass, count = np.zeros(len(src_spans)), np.zeros(len(src_spans))
    for rows, a, b in span_sums(prefix_sums(scorer.src), prefix_sums(scorer.tgt), src_spans,
                                tgt_spans, SPAN_BLOCK):
        mass[rows] = np.einsum("kd,kd->k", a, b)
        count[rows] = ((a > 0) & (b > 0)).sum(axis=1)
    return mass, count


def drop_weak_groups(prepared: dict[str, Prepared], src_spans: np.ndarray,
                     tgt_spans: np.ndarray, scores: np.ndarray, threshold: float
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep a group only where it beats each pair inside it by ``GROUP_GAIN`` and each of
    those pairs reaches ``threshold`` on its own: a sentence added to a good pair must bring
    evidence of its own, not ride along (and then block its rivals)."""
    keep = np.ones(len(scores), dtype=bool)
    for offset in range(MAX_GROUP):
        for side in (0, 1):
            spans = src_spans if side == 0 else tgt_spans
            other = tgt_spans if side == 0 else src_spans
            grouped = np.flatnonzero((spans[:, 1] - spans[:, 0] > 1) & keep)
            if not len(grouped):
                continue
            part = spans[grouped, :1] + offset + np.array([[0, 1]])
            pair = (part, other[grouped]) if side == 0 else (other[grouped], part)
            part_score = combined_similarity(prepared, *pair)
            keep[grouped] &= (scores[grouped] > part_score + GROUP_GAIN) & (
                part_score >= threshold)
    return src_spans[keep], tgt_spans[keep], scores[keep]


def select(src_spans: np.ndarray, tgt_spans: np.ndarray, scores: np.ndarray, n: int, m: int,
           settings: ComparableSettings) -> list[int]:
    """Competitive linking: best candidates first, each taking its sentences, so a kept
    link beats every remaining candidate of its sentences; then the margin over the best
    candidate pairing its sentences with other ones, and the threshold."""
    sizes = (src_spans[:, 1] - src_spans[:, 0]) + (tgt_spans[:, 1] - tgt_spans[:, 0])
    order = np.lexsort((np.arange(len(scores)), sizes, -scores))
    src_free = np.ones(n, dtype=bool)
    tgt_free = np.ones(m, dtype=bool)
    winners = []
    for k in order:
        if scores[k] < settings.threshold:
            break
        (s0, s1), (t0, t1) = src_spans[k], tgt_spans[k]
        if src_free[s0:s1].all() and tgt_free[t0:t1].all():
            src_free[s0:s1] = tgt_free[t0:t1] = False
            winners.append(int(k))
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


def align_comparable_documents(documents: pl.DataFrame, sentences: pl.DataFrame,
                               pairs: Sequence[tuple[str, str]],
                               scorers: Sequence[Scorer] | None = None,
                               settings: ComparableSettings | None = None
                               ) -> dict[str, pl.DataFrame]:
    """Align the named document pairs (manifest ids) in comparable mode, by language pair.

    Rows follow the ``alignments`` schema with ``mode = "comparable"``, source and target
    in language-code order so that they join the parallel tables of the same pair.
    """
    scorers = list(scorers) if scorers is not None else default_scorers()
    settings = settings or ComparableSettings()
    by_name = {row["name"]: row for row in documents.iter_rows(named=True)}
    texts = {doc_id: group["text"].to_list()
             for (doc_id,), group in sentences.sort("doc_id", "sent_id").group_by("doc_id")}
    method = f"{settings.describe()}:{'+'.join(s.name for s in scorers)}"
    by_langs: dict[str, list[tuple[dict, dict]]] = {}
    for names in pairs:
        src_doc, tgt_doc = sorted((by_name[n] for n in names), key=lambda d: (d["lang"],
                                                                             d["name"]))
        by_langs.setdefault(pair_name(src_doc["lang"], tgt_doc["lang"]), []).append(
            (src_doc, tgt_doc))
    tables: dict[str, pl.DataFrame] = {}
    for name, docs in by_langs.items():
        sides = [(texts.get(s["doc_id"], []), texts.get(t["doc_id"], [])) for s, t in docs]
        found = align_comparable_corpus(sides, docs[0][0]["lang"], docs[0][1]["lang"], scorers,
                                        settings)
        rows = []
        for (src_doc, tgt_doc), (src, tgt), beads in zip(docs, sides, found, strict=True):
            if not beads:
                log.warning("%s ↔ %s: no link above the threshold %.2f; empty comparable "
                            "alignment", src_doc["name"], tgt_doc["name"], settings.threshold)
            rows += bead_rows(beads, src_doc, tgt_doc, src, tgt, method=method,
                              mode="comparable")
        tables[name] = pl.DataFrame(rows, schema=ALIGNMENTS)
    return tables
