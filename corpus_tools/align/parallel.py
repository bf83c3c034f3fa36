"""The wide ``parallel`` view: one row per unit of the many-way alignment of each group.

Per document group, one document per language is aligned many-way
(:func:`~corpus_tools.align.multiway.align_many`) from the group's pairwise ``parallel``-mode
alignments; comparable-mode links never enter this view. The pivot of the many-way
alignment (the language whose pairs count most when alignments disagree) is the group's
original: a document of role ``original``, else one that is not a translation.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from itertools import combinations

import polars as pl

from corpus_tools.align.aligner import Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.align.multiway import Unit, agreement_rate, align_many, aligner_costs
from corpus_tools.lang import join_sentences
from corpus_tools.tables import parallel_schema

log = logging.getLogger(__name__)

LENGTH_RATIO = 2.0  # versions whose sentence counts differ more than this get a warning
MIN_LENGTH_GAP = 5  # … when they differ by this many sentences at least


FixedUnit = Mapping[str, tuple[str, tuple[int, ...]]]  # language → (doc_id, sentence ids)


def build_parallel(alignments: pl.DataFrame, sentences: pl.DataFrame, documents: pl.DataFrame,
                   langs: list[str] | None = None, aligner: Aligner | None = None,
                   fixed: Mapping[str, Sequence[FixedUnit]] | None = None) -> pl.DataFrame:
    """Units of every group with two or more languages, in the languages ``langs``; disputed
    stretches are re-aligned with the bead costs of ``aligner`` (default: model-free).
    ``fixed[group_id]`` are reviewed units to keep (those that give every language of the
    group's view; others only constrain the pairwise alignments)."""
    langs = langs or sorted(documents["lang"].unique().to_list())
    alignments = alignments.filter(pl.col("mode") == "parallel")
    texts = {doc_id: group["text"].to_list()
             for (doc_id,), group in sentences.sort("doc_id", "sent_id").group_by("doc_id")}
    rows: list[dict] = []
    for (group_id,), group in documents.sort("group_id").group_by("group_id",
                                                                  maintain_order=True):
        docs = _one_document_per_language(group_id, group, langs)
        if len(docs) < 2:
            log.info("group %s: only one language, no parallel units", group_id)
            continue
        _warn_unequal_lengths(group_id, {lang: len(texts.get(d, [])) for lang, d in docs.items()})
        units = align_group(docs, texts, alignments.filter(pl.col("group_id") == group_id),
                            pivot=_original_language(group, docs), aligner=aligner,
                            fixed=_fixed_for(docs, (fixed or {}).get(group_id, ())),
                            lines=_segmented(group))
        log.info("group %s: %d units, pairwise alignments agree on %.0f%%", group_id,
                 len(units), 100 * agreement_rate(units))
        rows += _unit_rows(group_id, docs, units, texts, langs)
    return pl.DataFrame(rows, schema=parallel_schema(langs))


def _fixed_for(docs: dict[str, str], units: Sequence[FixedUnit]
               ) -> list[dict[str, tuple[int, ...]]]:
    """The reviewed units that say, for each of the view's documents, which sentences it
    holds (language → ids)."""
    return [{lang: unit[lang][1] for lang in docs} for unit in units
            if all(lang in unit and unit[lang][0] == doc_id for lang, doc_id in docs.items())]


def _warn_unequal_lengths(group_id: str, counts: dict[str, int]) -> None:
    """Versions whose sentence counts differ by more than LENGTH_RATIO are hardly versions of
    one text (a wrong file, a cut-off page): their units cannot be trusted, agreed or not."""
    shortest, longest = min(counts.values()), max(counts.values())
    if longest - shortest >= MIN_LENGTH_GAP and longest > LENGTH_RATIO * shortest:
        log.warning("group %s: versions of very different lengths (%s sentences); check that "
                    "they are the same text", group_id,
                    ", ".join(f"{lang} {count:,}" for lang, count in counts.items()))


def align_group(docs: dict[str, str], texts: dict[str, list[str]], alignments: pl.DataFrame,
                pivot: str | None = None, aligner: Aligner | None = None,
                fixed: Sequence[Mapping[str, tuple[int, ...]]] = (),
                lines: Collection[str] = ()) -> list[Unit]:
    """Many-way units for ``docs`` (language → doc_id) from their pairwise alignments; ids
    in the order of ``docs``, the ``pivot`` language (default: the first) aligned first;
    ``fixed`` units (language → ids) are kept; ``lines``: the doc_ids of sentence-per-line
    (segmented) documents."""
    langs = sorted(docs, key=lambda lang: lang != pivot)  # stable: the rest keep their order
    order = [docs[lang] for lang in langs]
    index = {doc_id: k for k, doc_id in enumerate(order)}
    pairwise: dict[tuple[int, int], list[Bead]] = {}
    for bead in alignments.sort("bead_id").iter_rows(named=True):
        a, b = index.get(bead["src_doc_id"]), index.get(bead["tgt_doc_id"])
        if a is None or b is None:
            continue
        pairwise.setdefault((a, b), []).append(
            Bead(tuple(bead["src_sent_ids"]), tuple(bead["tgt_sent_ids"]), bead["score"]))
    missing = [f"{order[a]}–{order[b]}" for a, b in combinations(range(len(order)), 2)
               if (a, b) not in pairwise and (b, a) not in pairwise]
    if missing:
        log.info("no parallel alignment for %s; units follow the other pairs", ", ".join(missing))
    doc_texts = [texts.get(doc_id, []) for doc_id in order]
    units = align_many([len(t) for t in doc_texts], pairwise,
                       aligner_costs(doc_texts, langs, aligner),
                       fixed=[tuple(unit[lang] for lang in langs) for unit in fixed],
                       lines=[k for k, doc_id in enumerate(order) if doc_id in lines])
    return [replace(u, ids=tuple(u.ids[langs.index(lang)] for lang in docs)) for u in units]


def _one_document_per_language(group_id: str, group: pl.DataFrame, langs: list[str]
                               ) -> dict[str, str]:
    """language → doc_id, commentaries last; extra versions of a language are left out."""
    docs: dict[str, str] = {}
    ranked = group.sort(pl.col("role") == "commentary", "doc_id")
    for row in ranked.iter_rows(named=True):
        if row["lang"] not in langs:
            continue
        if row["lang"] in docs:
            log.info("group %s: two %s documents; %s left out of the parallel view", group_id,
                     row["lang"], row["doc_id"])
            continue
        docs[row["lang"]] = row["doc_id"]
    return {lang: docs[lang] for lang in langs if lang in docs}


def _segmented(group: pl.DataFrame) -> set[str]:
    """The group's documents whose sentences are the lines of a segmented file."""
    if "segmented" not in group.columns:
        return set()
    return set(group.filter(pl.col("segmented").fill_null(False))["doc_id"])


def _original_language(group: pl.DataFrame, docs: dict[str, str]) -> str:
    """The language of the group's original among ``docs``: role ``original`` first, then
    any role but ``translation``; the first language when all are translations."""
    rank = {"original": 0, "commentary": 1}
    chosen = group.filter(pl.col("doc_id").is_in(list(docs.values()))).sort(
        pl.col("role").replace_strict(rank, default=2), "doc_id")
    return chosen["lang"][0] if chosen.height else next(iter(docs))


def _unit_rows(group_id: str, docs: dict[str, str], units: list[Unit],
               texts: dict[str, list[str]], langs: list[str]) -> list[dict]:
    rows = []
    for unit_id, unit in enumerate(units):
        row: dict = {"group_id": group_id, "unit_id": unit_id, "score": unit.score,
                     "agreement": unit.agreement, "reviewed": unit.reviewed}
        ids = dict(zip(docs, unit.ids, strict=True))
        for lang in langs:
            mine = ids.get(lang, ())
            row[f"{lang}_doc_id"] = docs.get(lang)
            row[f"{lang}_sent_ids"] = list(mine)
            row[lang] = join_sentences((texts[docs[lang]][i] for i in mine), lang) or None
        rows.append(row)
    return rows
