"""Confidence intervals and paired tests, delegated to sacrebleu's own implementation.

sacrebleu's bootstrap (``Metric.corpus_score(n_bootstrap=…)``) and its paired bootstrap /
approximate randomisation (``sacrebleu.significance.PairedTest``) run with their defaults and
their seed (``SACREBLEU_SEED``, 12345 unless set), so the numbers match the ``sacrebleu``
command. A 95 % interval is sacrebleu's: the bootstrap mean ± half the spread of the middle
95 % of the resampled scores.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sacrebleu.metrics.base import Metric
from sacrebleu.significance import PairedTest, _bootstrap_resample

N_BOOTSTRAP = 1000  # sacrebleu's --confidence-n default
PAIRED_TESTS = ("bs", "ar")  # paired bootstrap resampling, approximate randomisation

# sacrebleu narrates every test step at INFO; our stderr carries only notices and warnings.
logging.getLogger("sacrebleu").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Estimate:
    """One corpus score with its interval, its p-value against a baseline, and its signature."""

    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    signature: str = ""


def _interval(mean: float | None, half_width: float | None) -> tuple[float | None, float | None]:
    if mean is None or half_width is None or half_width < 0:
        return None, None
    return float(mean - half_width), float(mean + half_width)


def corpus_estimate(metric: Metric, hyps: Sequence[str], refs: Sequence[Sequence[str]],
                    n_bootstrap: int = N_BOOTSTRAP) -> Estimate:
    """A corpus score with sacrebleu's bootstrap interval (``sacrebleu --confidence``)."""
    # Metric.corpus_score(n_bootstrap=…) step by step, because sacrebleu 2.6 mixes float and
    # numpy.float32 resampled scores when some resample scores 0, which statistics.mean
    # rejects; as floats the values are the same.
    hyps, refs = list(hyps), [list(r) for r in refs]
    metric._check_corpus_score_args(hyps, refs)
    stats = metric._extract_corpus_statistics(hyps, refs)
    score = metric._aggregate_and_compute(stats)
    if n_bootstrap > 1:
        metric.n_bootstrap = n_bootstrap
        metric.seed, resampled = _bootstrap_resample(stats, metric, n_bootstrap)
        for sample in resampled:
            sample.score = float(sample.score)
        score.estimate_ci(resampled)
    # Score keeps its bootstrap mean and half-width in _mean/_ci (-1 when not computed).
    low, high = _interval(score._mean, score._ci) if n_bootstrap > 1 else (None, None)
    return Estimate(float(score.score), low, high, None, metric.get_signature().format())


def paired_estimates(systems: Sequence[tuple[str, Sequence[str]]], metric: Metric,
                     refs: Sequence[Sequence[str]], test: str) -> dict[str, Estimate]:
    """``sacrebleu --paired-bs`` / ``--paired-ar`` for one metric; the first system is the
    baseline. Approximate randomisation also gets sacrebleu's bootstrap interval (1000)."""
    named = [(name, list(hyps)) for name, hyps in systems]
    test_run = PairedTest(named, {"metric": metric}, [list(r) for r in refs], test_type=test,
                          n_ar_confidence=0)  # 0: sacrebleu's default number of resamples
    signatures, table = test_run()
    (score_name,) = [k for k in table if k != "System"]
    signature = signatures[score_name].format()
    estimates = {}
    for (name, _), result in zip(named, table[score_name], strict=True):
        low, high = _interval(result.mean, result.ci)
        p_value = None if result.p_value is None else float(result.p_value)
        estimates[name] = Estimate(float(result.score), low, high, p_value, signature)
    return estimates
