"""Comparison scoring on sacrebleu: BLEU, chrF++ and TER (COMET optional) at corpus, document
and sentence level, with sacrebleu's confidence intervals, paired tests and signatures.

- ``metrics``: which sacrebleu metric and settings a target language gets.
- ``significance``: sacrebleu's bootstrap intervals and paired tests.
- ``levels``: which segments each number covers (``score_systems``).
- ``results``: score records as a terminal table, JSON rows or a ``scores`` frame.
- ``files``: the ``score`` command's plain-file input; ``corpus``: the ``build`` stage.
"""

from corpus_tools.score.levels import ScoreOptions, Segments, score_systems
from corpus_tools.score.metrics import DEFAULT_METRICS, METRICS, bleu_tokenizer, make_metric
from corpus_tools.score.results import LEVELS, ScoreRecord, records_frame, render_table

__all__ = [
    "DEFAULT_METRICS",
    "LEVELS",
    "METRICS",
    "ScoreOptions",
    "ScoreRecord",
    "Segments",
    "bleu_tokenizer",
    "make_metric",
    "records_frame",
    "render_table",
    "score_systems",
]
