"""Scores at three levels — the corpus, each document, each segment — for named systems.

Every number comes from a sacrebleu metric (or COMET); this module only decides which
segments a number covers: all of them, those of one document, or one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from corpus_tools.errors import InputError
from corpus_tools.score.comet import NOTICE, comet_available, comet_segment_scores, comet_signature
from corpus_tools.score.metrics import DEFAULT_METRICS, make_metric
from corpus_tools.score.results import LEVELS, ScoreRecord
from corpus_tools.score.significance import (
    N_BOOTSTRAP,
    PAIRED_TESTS,
    corpus_estimate,
    paired_estimates,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Segments:
    """The references and labels the systems' hypotheses are parallel to, line by line."""

    refs: Sequence[Sequence[str]]  # one sequence per reference set
    docs: Sequence[str] | None = None  # document id per segment (document level)
    ids: Sequence[int] | None = None  # segment id per segment (default: 0-based line number)
    sources: Sequence[str] | None = None  # source segments (COMET)

    def __len__(self) -> int:
        return len(self.refs[0])

    def segment_id(self, index: int) -> int:
        return self.ids[index] if self.ids is not None else index

    def doc(self, index: int) -> str | None:
        return self.docs[index] if self.docs is not None else None

    def by_document(self) -> dict[str, list[int]]:
        """Segment indices of each document, in order of first appearance."""
        groups: dict[str, list[int]] = {}
        for index, doc in enumerate(self.docs or ()):
            groups.setdefault(doc, []).append(index)
        return groups

    def ref_subset(self, indices: Sequence[int]) -> list[list[str]]:
        return [[ref[i] for i in indices] for ref in self.refs]


@dataclass(frozen=True)
class ScoreOptions:
    tgt_lang: str
    metrics: tuple[str, ...] = DEFAULT_METRICS
    levels: tuple[str, ...] = ("corpus",)
    tokenize: str | None = None  # BLEU tokenizer override
    paired: str | None = None  # "bs" or "ar": paired test against the baseline
    baseline: str | None = None  # default: the first system
    comet_model: str | None = None  # local COMET checkpoint
    n_bootstrap: int = N_BOOTSTRAP


def score_systems(systems: Mapping[str, Sequence[str]], segments: Segments,
                  options: ScoreOptions) -> list[ScoreRecord]:
    """Every requested metric at every requested level for every system (baseline first)."""
    systems = _baseline_first(systems, options)
    if "document" in options.levels and segments.docs is None:
        raise InputError("document-level scores need a document id per segment (--docs)")
    unknown = [level for level in options.levels if level not in LEVELS]
    if unknown:
        raise InputError(f"levels {unknown}: use some of {', '.join(LEVELS)}")
    metrics = list(options.metrics)
    if "comet" in metrics and not comet_available():
        log.warning(NOTICE)
        metrics.remove("comet")
    comet = {name: _comet_scores(hyps, segments, options) for name, hyps in systems.items()
             } if "comet" in metrics else {}
    records: list[ScoreRecord] = []
    for level in [level for level in LEVELS if level in options.levels]:
        for metric in metrics:
            if metric == "comet":
                records += _comet_records(level, comet, segments, options.comet_model or "")
            elif level == "corpus":
                records += corpus_level(systems, segments, metric, options)
            elif level == "document":
                records += document_level(systems, segments, metric, options)
            else:
                records += sentence_level(systems, segments, metric, options)
    return records


def _baseline_first(systems: Mapping[str, Sequence[str]],
                    options: ScoreOptions) -> dict[str, Sequence[str]]:
    if options.paired is not None and options.paired not in PAIRED_TESTS:
        raise InputError(f"paired test {options.paired!r}: use one of {', '.join(PAIRED_TESTS)}")
    if options.paired and len(systems) < 2:
        raise InputError("a paired test needs at least two systems")
    baseline = options.baseline or next(iter(systems), None)
    if baseline not in systems:
        raise InputError(f"baseline {baseline!r} is not one of the systems "
                         f"({', '.join(systems)})")
    return {baseline: systems[baseline]} | dict(systems)


def corpus_level(systems: Mapping[str, Sequence[str]], segments: Segments, metric: str,
                 options: ScoreOptions) -> list[ScoreRecord]:
    scorer = make_metric(metric, options.tgt_lang, options.tokenize)
    if options.paired:
        estimates = paired_estimates(list(systems.items()), scorer, segments.refs,
                                     options.paired)
    else:
        estimates = {name: corpus_estimate(scorer, hyps, segments.refs, options.n_bootstrap)
                     for name, hyps in systems.items()}
    return [ScoreRecord(name, "corpus", metric, e.value, len(segments), e.signature,
                        ci_low=e.ci_low, ci_high=e.ci_high, p_value=e.p_value)
            for name, e in estimates.items()]


def document_level(systems: Mapping[str, Sequence[str]], segments: Segments, metric: str,
                   options: ScoreOptions) -> list[ScoreRecord]:
    scorer = make_metric(metric, options.tgt_lang, options.tokenize)
    records = []
    for doc, indices in segments.by_document().items():
        refs = segments.ref_subset(indices)
        for name, hyps in systems.items():
            e = corpus_estimate(scorer, [hyps[i] for i in indices], refs, options.n_bootstrap)
            records.append(ScoreRecord(name, "document", metric, e.value, len(indices),
                                       e.signature, doc=doc, ci_low=e.ci_low,
                                       ci_high=e.ci_high))
    return records


def sentence_level(systems: Mapping[str, Sequence[str]], segments: Segments, metric: str,
                   options: ScoreOptions) -> list[ScoreRecord]:
    scorer = make_metric(metric, options.tgt_lang, options.tokenize, sentence=True)
    records = []
    for name, hyps in systems.items():
        for index, hyp in enumerate(hyps):
            score = scorer.sentence_score(hyp, [ref[index] for ref in segments.refs])
            records.append(ScoreRecord(name, "sentence", metric, float(score.score), 1,
                                       scorer.get_signature().format(), doc=segments.doc(index),
                                       segment=segments.segment_id(index)))
    return records


def _comet_scores(hyps: Sequence[str], segments: Segments, options: ScoreOptions) -> list[float]:
    if options.comet_model is None:
        raise InputError("COMET needs a local model checkpoint (--comet-model PATH)")
    if segments.sources is None:
        raise InputError("COMET needs the source segments (--src FILE)")
    return comet_segment_scores(options.comet_model, segments.sources, hyps, segments.refs[0])


def _comet_records(level: str, scores: Mapping[str, list[float]], segments: Segments,
                   model: str) -> list[ScoreRecord]:
    signature = comet_signature(model)
    if level == "corpus":
        return [ScoreRecord(name, level, "comet", fmean(s), len(s), signature)
                for name, s in scores.items()]
    if level == "document":
        return [ScoreRecord(name, level, "comet", fmean(s[i] for i in indices), len(indices),
                            signature, doc=doc)
                for doc, indices in segments.by_document().items()
                for name, s in scores.items()]
    return [ScoreRecord(name, level, "comet", value, 1, signature, doc=segments.doc(i),
                        segment=segments.segment_id(i))
            for name, s in scores.items() for i, value in enumerate(s)]
