"""A corpus's learnt lexicon: learnt from the first pass of every group, kept as a table.

The bootstrap lexicon (:meth:`~corpus_tools.align.aligner.Aligner.align_many`) learnt from
the whole corpus makes every group's alignment depend on every other group. Kept as the
``learnt_lexicon`` table, learnt by its own step and then read as an input, it lets a
group be aligned alone, as it would be among the whole corpus (measured: a lexicon learnt
per group instead costs 0.007–0.012 strict F1 on NTREX-dev, see docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from corpus_tools.align.aligner import Aligner, Evidence
from corpus_tools.align.corpus import LanguagePair
from corpus_tools.align.scorers.lexicon import Lexicon
from corpus_tools.tables import LEARNT_LEXICON


def learn_corpus_lexicons(evidence: Iterable[Mapping[LanguagePair, Evidence]],
                          aligner: Aligner) -> dict[LanguagePair, Lexicon]:
    """One lexicon per language pair from the groups' evidence
    (:func:`~corpus_tools.align.corpus.learning_evidence`), pooled: the same lexicon as
    :meth:`Aligner.align_many` learns over all the groups' pairs at once."""
    pooled: dict[LanguagePair, list[Evidence]] = {}
    for group in evidence:
        for pair, part in group.items():
            pooled.setdefault(pair, []).append(part)
    return {pair: aligner.learn_from(parts, *pair) for pair, parts in sorted(pooled.items())}


def lexicon_table(lexicons: Mapping[LanguagePair, Lexicon]) -> pl.DataFrame:
    """The ``learnt_lexicon`` table: one row per (language pair, word, translation)."""
    rows = [{"src_lang": src_lang, "tgt_lang": tgt_lang, "src_word": word,
             "tgt_word": translation, "dice": dice}
            for (src_lang, tgt_lang), lexicon in lexicons.items()
            for word, translations in lexicon.entries.items()
            for translation, dice in translations.items()]
    return pl.DataFrame(rows, schema=LEARNT_LEXICON).sort(
        "src_lang", "tgt_lang", "src_word", "dice", "tgt_word",
        descending=[False, False, False, True, False])


def lexicons_of(table: pl.DataFrame) -> dict[LanguagePair, Lexicon]:
    """The lexicons a ``learnt_lexicon`` table holds, by language pair."""
    lexicons: dict[LanguagePair, Lexicon] = {}
    for row in table.iter_rows(named=True):
        pair = (row["src_lang"], row["tgt_lang"])
        lexicon = lexicons.setdefault(pair, Lexicon(*pair, {}, "learnt"))
        lexicon.entries.setdefault(row["src_word"], {})[row["tgt_word"]] = row["dice"]
    return lexicons
