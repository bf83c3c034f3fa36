"""What ``corpus-tools terms`` shows: a view of the term tables, filtered and formatted.

Without a glossary the views read the tables ``build`` wrote under the corpus directory;
with one, they are recomputed from the corpus's documents, sentences, parallel and
translations tables (nothing is written into the corpus).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.layout import CorpusLayout
from corpus_tools.tables import provenance, read_provenance, read_table, write_table
from corpus_tools.terms.glossary import Glossary, load_glossary, unknown_concept
from corpus_tools.terms.tables import (
    TermTables,
    build_term_tables,
    fidelity_table,
    summarise_terms,
)
from corpus_tools.text_table import flatten_nested, text_table

VIEWS = ("summary", "terms", "concordance", "renderings", "fidelity")
FORMATS = ("table", "csv", "md", "parquet")

# Columns shown in a terminal table; csv, md and parquet get every column.
BRIEF = {
    "summary": ["concept_id", "lang", "variant", "tag", "human", "mt", "documents", "first",
                "last", "sources"],
    "terms": ["concept_id", "lang", "variant", "tag", "source", "role", "site", "published",
              "count"],
    "concordance": ["concept_id", "lang", "source", "sent_id", "left", "match", "right",
                    "aligned"],
    "renderings": ["group_id", "unit_id", "concept_id", "src_variant", "tgt_lang", "source",
                   "tgt_variant", "tgt_tag", "same_as_human"],
    "fidelity": ["system", "src_lang", "tgt_lang", "renderings", "same_as_human", "official",
                 "faithful", "fidelity"],
}


@dataclass(frozen=True)
class View:
    name: str
    table: pl.DataFrame
    note: str  # one line on why the table is empty, "" otherwise


def show_terms(corpus_dir: Path, view: str = "summary", concepts: tuple[str, ...] = (),
               langs: tuple[str, ...] = (), glossary: Path | None = None) -> View:
    """What ``terms show`` prints: a view of the term tables of ``corpus_dir``, or of tables
    recomputed with ``glossary`` (read once, for the concepts' check and the tables)."""
    listed = load_glossary(glossary) if glossary is not None else None
    check_concepts(corpus_dir, concepts, listed)
    return term_view(load_term_tables(corpus_dir, listed), view, concepts, langs)


def load_term_tables(corpus_dir: Path, glossary: Glossary | None = None,
                     source_lang: str | None = None) -> TermTables:
    """The built term tables of ``corpus_dir``, or fresh ones computed with ``glossary``
    (with the build's source language unless ``source_lang`` is given)."""
    if not corpus_dir.is_dir():
        raise InputError(f"{corpus_dir}: no such corpus directory (expected corpora/<name>/)")
    layout = CorpusLayout.of_corpus_dir(corpus_dir)
    built = layout.path("renderings")
    if glossary is not None:
        if source_lang is None:
            notes = read_provenance(built).get("notes", {}) if built.exists() else {}
            source_lang = notes.get("source_lang", "zh")
        optional = {name: read_table(layout.path(name))
                    for name in ("parallel", "translations") if layout.existing(name)}
        return build_term_tables(read_table(layout.path("documents"), "documents"),
                                 read_table(layout.path("sentences"), "sentences"),
                                 glossary, optional.get("parallel"),
                                 optional.get("translations"), source_lang)
    tables = {name: read_table(layout.path(name), "terms")
              for name in ("terms", "concordance", "renderings", "fidelity")}
    notes = read_provenance(built).get("notes", {})
    return TermTables(**tables, renderings_note=notes.get("renderings_note", ""),
                      matchers=notes.get("matchers", {}))


def check_concepts(corpus_dir: Path, concepts: tuple[str, ...],
                   glossary: Glossary | None = None) -> None:
    """Each of ``concepts`` is in ``glossary``, or in the glossary the term tables of
    ``corpus_dir`` were built with: an unknown one is an error, not an empty table."""
    if glossary is not None:
        known, where = list(glossary.by_id), str(glossary.path)
    else:
        built = CorpusLayout.of_corpus_dir(corpus_dir).path("renderings")
        notes = read_provenance(built).get("notes", {}) if built.exists() else {}
        known, where = notes.get("concepts"), f"{corpus_dir}'s glossary"
    for concept in concepts:
        if known is not None and concept not in known:
            raise unknown_concept(concept, known, where)


def term_view(tables: TermTables, view: str = "summary", concepts: tuple[str, ...] = (),
              langs: tuple[str, ...] = ()) -> View:
    """One view, restricted to ``concepts`` and (target) ``langs`` when given."""
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r} (use one of {', '.join(VIEWS)})")
    lang_column = "tgt_lang" if view in ("renderings", "fidelity") else "lang"
    renderings = _restrict(tables.renderings, concepts, langs, "tgt_lang")
    if view == "fidelity":
        table = fidelity_table(renderings)
    elif view == "renderings":
        table = renderings
    else:
        source = tables.concordance if view == "concordance" else tables.terms
        table = _restrict(source, concepts, langs, lang_column)
        if view == "summary":
            table = summarise_terms(table)
    return View(view, table, _why_empty(view, table, tables, renderings))


def _restrict(table: pl.DataFrame, concepts: tuple[str, ...], langs: tuple[str, ...],
              lang_column: str) -> pl.DataFrame:
    if concepts:
        table = table.filter(pl.col("concept_id").is_in(list(concepts)))
    if langs:
        table = table.filter(pl.col(lang_column).is_in(list(langs)))
    return table


def _why_empty(view: str, table: pl.DataFrame, tables: TermTables,
               renderings: pl.DataFrame) -> str:
    if table.height:
        return ""
    if view in ("renderings", "fidelity") and tables.renderings_note:
        return tables.renderings_note
    if view == "fidelity" and renderings.height:
        return "no MT output for the units: the corpus has no translations of their source side"
    return "no occurrences of the selected concepts" if view != "fidelity" else \
        "no rendering rows for the selected concepts"


def render(view: View, fmt: str, output: Path | None = None, force: bool = False) -> str:
    """The view as text (``table``, ``csv``, ``md``); ``parquet`` is written to ``output``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    table = _with_source(view.table)
    if fmt == "parquet":
        if output is None:
            raise InputError("--format parquet needs -o/--output")
        write_table(view.table, output, None, provenance(view=view.name), force=force)
        return ""
    if fmt == "csv":
        return flatten_nested(table).write_csv()
    return text_table(table, BRIEF.get(view.name) if fmt == "table" else None, fmt == "md")


def _with_source(table: pl.DataFrame) -> pl.DataFrame:
    """A readable ``source`` column: the MT system, or "human"."""
    if "system" in table.columns and "source" not in table.columns:
        return table.with_columns(source=pl.col("system").fill_null("human"))
    return table
