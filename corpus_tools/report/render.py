"""Turn a corpus's tables into the report's sections, and the sections into one HTML page.

Sections are plain records (tables, stats, charts, notes); the Jinja2 templates draw them with
autoescaping on, so no text from a scraped page can add markup. The page's own CSS and script
are inlined, and its Content-Security-Policy lets only that one script run and nothing load.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path

import jinja2
import polars as pl
from markupsafe import Markup

from corpus_tools import __version__
from corpus_tools.export import parallel_langs
from corpus_tools.report.blocks import (
    KWIC,
    Block,
    Cell,
    Group,
    Note,
    Row,
    Section,
    Stats,
    Table,
    cell,
    frame_table,
    styled,
)
from corpus_tools.report.charts import BarChart, bar_chart, histogram
from corpus_tools.report.concepts import commentary, concepts, highlight, unit_anchor, unit_marks
from corpus_tools.report.data import ReportData, why_missing

# Columns that tie a terms row to its concordance lines, when both tables have them.
JOIN_KEYS = ("concept_id", "lang", "variant", "source", "system", "doc_id")
LOWER_IS_BETTER = ("ter",)


def crosstab(df: pl.DataFrame, row: str, column: str, table_id: str, caption: str) -> Table:
    """Counts of ``row`` × ``column`` values, with a total column."""
    counts = (df.with_columns(pl.col(row, column).cast(pl.String).fill_null("unknown"))
              .group_by(row, column).len()
              .pivot(on=column, index=row, values="len", sort_columns=True)
              .fill_null(0).sort(row))
    counts = counts.with_columns(total=pl.sum_horizontal(pl.exclude(row)))
    return frame_table(counts, table_id, caption, max_rows=counts.height, compact=True)


# --- sections ---------------------------------------------------------------------------------


def overview(data: ReportData, low: float, max_rows: int) -> Section:
    documents, sentences = data.get("documents"), data.get("sentences")
    parallel = data.get("parallel")
    blocks: list[Block] = []
    stats: list[tuple[str, str]] = []
    if documents is None:
        blocks.append(Note(why_missing("documents"), "missing"))
    else:
        stats += [("documents", str(documents.height)),
                  ("document groups", str(documents["group_id"].n_unique())),
                  ("languages", ", ".join(sorted(documents["lang"].unique().to_list())))]
    if sentences is not None:
        stats.append(("sentences", str(sentences.height)))
    stats += [(f"{pair} beads", str(beads.height)) for pair, beads in data.alignments.items()]
    if parallel is not None:
        stats += [("aligned units", str(parallel.height)),
                  (f"units below {low:g}", str(parallel.filter(pl.col("score") < low).height))]
    if stats:
        blocks.insert(0, Stats(stats))
    if documents is not None:
        blocks += _document_counts(documents)
    blocks += _coverage(sentences, parallel) + _alignment_blocks(data, low)
    if documents is not None:
        blocks.append(Group("Documents", f"{documents.height} documents: open for the list",
                            [_document_listing(documents, sentences, max_rows)]))
    fetch_log = data.get("fetch_log")
    if fetch_log is not None:
        blocks.append(Group("Fetch log", f"{fetch_log.height} requests: open for the log",
                            [frame_table(_local_paths_relative(fetch_log, ("url", "request_url")),
                                         "table-fetch-log", "", max_rows)]))
    return Section("overview", "Overview", blocks)


def _document_counts(documents: pl.DataFrame) -> list[Block]:
    dated = documents.with_columns(pl.col("published").dt.strftime("%Y-%m"))
    return [
        crosstab(documents, "lang", "role", "docs-lang-role", "Documents by language and role"),
        crosstab(documents, "site", "lang", "docs-source", "Documents by source and language"),
        crosstab(dated, "published", "lang", "docs-date", "Documents by month and language"),
    ]


def _document_listing(documents: pl.DataFrame, sentences: pl.DataFrame | None,
                      max_rows: int) -> Table:
    listing = documents.select(
        "doc_id", "name", "group_id", "lang", "role", "site", "published", "title",
        source=pl.coalesce("url", pl.Series(relative_paths(documents["path"].to_list()))),
        characters=pl.col("text").str.len_chars())
    if "found_by" in documents.columns:  # how a gathered counterpart was found
        found = pl.format("match {} (runner-up {})", "match_confidence", "match_runner_up")
        listing = listing.with_columns(documents.select(
            found_by=pl.when(pl.col("found_by") == "match").then(found)
            .otherwise(pl.col("found_by")))["found_by"])
    if sentences is not None:
        per_doc = sentences.group_by("doc_id").agg(sentences=pl.len())
        listing = listing.join(per_doc, on="doc_id", how="left", maintain_order="left")
    return frame_table(listing, "documents", "Documents", max_rows)


def _coverage(sentences: pl.DataFrame | None, parallel: pl.DataFrame | None) -> list[Block]:
    if sentences is None:
        return [Note(why_missing("sentences"), "missing")]
    table = sentences.group_by("lang").agg(documents=pl.col("doc_id").n_unique(),
                                           sentences=pl.len()).sort("lang")
    if parallel is not None:
        aligned = {lang: parallel[f"{lang}_sent_ids"].list.len().sum()
                   for lang in parallel_langs(parallel)}
        table = table.with_columns(
            aligned=pl.col("lang").replace_strict(aligned, default=0, return_dtype=pl.Int64),
            units=pl.col("lang").replace_strict(
                {lang: parallel[lang].is_not_null().sum() for lang in aligned},
                default=0, return_dtype=pl.Int64))
        table = table.rename({"aligned": "sentences in units", "units": "aligned units"})
    return [frame_table(table, "coverage", "Sentences and aligned units by language",
                        max_rows=table.height, compact=True)]


def _alignment_blocks(data: ReportData, low: float) -> list[Block]:
    if not data.alignments:
        return [Note(why_missing("alignments"), "missing")]
    beads = pl.concat([t.select("src_lang", "tgt_lang", "src_sent_ids", "tgt_sent_ids", "score",
                                "mode") for t in data.alignments.values()])
    summary = (beads.group_by(pair=pl.format("{}-{}", "src_lang", "tgt_lang"), mode="mode")
               .agg(beads=pl.len(),
                    one_to_one=((pl.col("src_sent_ids").list.len() == 1)
                                & (pl.col("tgt_sent_ids").list.len() == 1)).sum(),
                    one_sided=((pl.col("src_sent_ids").list.len() == 0)
                               | (pl.col("tgt_sent_ids").list.len() == 0)).sum(),
                    mean_score=pl.col("score").mean(),
                    low=(pl.col("score") < low).sum())
               .sort("pair", "mode")
               .rename({"one_to_one": "1-1", "one_sided": "1-0 / 0-1",
                        "mean_score": "mean confidence", "low": f"below {low:g}"}))
    scores = beads["score"].drop_nulls().to_list()
    return [frame_table(summary, "alignment-pairs", "Alignments by language pair",
                        max_rows=summary.height, compact=True),
            histogram(scores, f"Alignment confidence of {len(scores)} beads (all language "
                              f"pairs); bins below {low:g} are marked", low)]


def viewer(data: ReportData, low: float, max_rows: int) -> Section:
    parallel = data.get("parallel")
    if parallel is None:
        return Section("viewer", "Aligned text", [Note(why_missing("parallel"), "missing")])
    langs = parallel_langs(parallel)
    names = _document_names(data)
    blocks: list[Block] = [Note(f"One row per aligned unit. Flagged: units scored below {low:g} "
                                f"(highlighted), units with no sentence in a language (1-0 / 0-1, "
                                f"a marked empty cell) and units where the pairwise alignments "
                                f"disagree (red edge).")]
    marks = unit_marks(data.get("concordance"))
    for i, ((group_id,), units) in enumerate(parallel.group_by("group_id", maintain_order=True)):
        rows = [_unit_row(unit, langs, low, marks)
                for unit in units.head(max_rows).iter_rows(named=True)]
        counts = {c: sum(c in r.cls.split() for r in rows) for c in ("low", "one-sided",
                                                                        "disagree")}
        doc_of = {lang: units[f"{lang}_doc_id"].drop_nulls().first() for lang in langs}
        docs = " · ".join(f"{lang}: {names.get(doc, '—')}" for lang, doc in doc_of.items())
        table = Table(f"group-{i}", ["unit", "confidence"] + langs, rows, units.height, docs,
                      flag_label="only flagged units", layout="viewer")
        blocks.append(Group(str(group_id), f"{units.height} units: {counts['low']} below "
                            f"{low:g}, {counts['one-sided']} one-sided (1-0 / 0-1), "
                            f"{counts['disagree']} where the pairwise alignments disagree",
                            [table], open=i == 0))
    documents = data.get("documents")
    if documents is not None:
        alone = documents.filter(~pl.col("group_id").is_in(parallel["group_id"].unique().to_list()))
        if alone.height:
            listed = ", ".join(f"{g} ({', '.join(sorted(d['lang']))})" for (g,), d in
                               alone.group_by("group_id", maintain_order=True))
            blocks.append(Note(f"Groups without aligned units: {listed}."))
    return Section("viewer", "Aligned text", blocks)


def _unit_row(unit: dict, langs: list[str], low: float,
              marks: dict[tuple[str, int, str], set[str]]) -> Row:
    """A unit's row, its id the target of concordance links, glossary matches marked."""
    is_low = unit["score"] is not None and unit["score"] < low
    cells = [cell(unit["unit_id"]), styled(cell(unit["score"]), "low" if is_low else "")]
    for lang in langs:
        if unit[lang] is None:
            cells.append(Cell("no sentence", cls="gap"))
        else:
            found = marks.get((unit["group_id"], unit["unit_id"], lang), ())
            cells.append(Cell(unit[lang], lang=lang, pieces=highlight(unit[lang], found)
                              if found else ()))
    classes = ["low" if is_low else "",
               "one-sided" if any(unit[lang] is None for lang in langs) else "",
               "" if unit["agreement"] else "disagree"]
    classes = [c for c in classes if c]
    return Row(cells, " ".join(classes + ["flag"] if classes else []),
               anchor=unit_anchor(unit["group_id"], unit["unit_id"]))


def _document_names(data: ReportData) -> dict[str, str]:
    documents = data.get("documents")
    return {} if documents is None else dict(documents.select("doc_id", "name").iter_rows())


def terminology(data: ReportData, max_rows: int) -> Section:
    terms, concordance = data.get("terms"), data.get("concordance")
    renderings = data.get("renderings")
    absent = [n for n in ("terms", "concordance", "renderings") if data.get(n) is None]
    blocks: list[Block] = [Note(why_missing(*absent), "missing")] if absent else []
    keys = [k for k in JOIN_KEYS if terms is not None and concordance is not None
            and k in terms.columns and k in concordance.columns]
    if terms is not None and concordance is not None and keys:
        # Each terms row carries its concordance lines, expanding in place.
        lines = {key: frame_table(_kwic_first(group.drop(keys)), "", "", max_rows, nested=True)
                 for key, group in concordance.group_by(keys)}
        blocks.append(frame_table(terms, "terms", "Terms: open a row's lines for its concordance",
                                  max_rows, extra=("lines", _lines_cell(keys, lines))))
    else:
        if terms is not None:
            blocks.append(frame_table(terms, "terms", "Terms", max_rows))
        if concordance is not None:
            blocks.append(frame_table(_kwic_first(concordance), "concordance", "Concordance",
                                      max_rows))
    if renderings is not None:
        blocks.append(frame_table(renderings, "renderings",
                                  "Renderings across languages and systems", max_rows))
    blocks += [frame_table(df, f"table-{name}", f"MT fidelity ({name})", max_rows)
               for name, df in data.fidelity_tables().items()]
    return Section("terminology", "Terminology", blocks)


def _kwic_first(df: pl.DataFrame) -> pl.DataFrame:
    """Put left context, match and right context side by side, first, when present."""
    kwic = [name for name in KWIC if name in df.columns]
    return df.select(kwic + [c for c in df.columns if c not in kwic])


def _lines_cell(keys: list[str], lines: dict[tuple, Table]) -> Callable[[dict], Cell]:
    def lines_of(record: dict) -> Cell:
        table = lines.get(tuple(record[k] for k in keys))
        if table is None:
            return Cell("0", sort=0.0, cls="num")
        return Cell(f"{table.total} line{'s' if table.total > 1 else ''}",
                    sort=float(table.total), nested=table)

    return lines_of


def mt_scores(data: ReportData, max_rows: int) -> Section:
    scores = data.get("scores")
    if scores is None:
        return Section("scores", "MT scores", [Note(why_missing("scores"), "missing")])
    names = _document_names(data)
    corpus = scores.filter(pl.col("level") == "corpus")
    blocks: list[Block] = [_metric_chart(metric, rows, names) for (metric,), rows in
                           corpus.filter(pl.col("value").is_not_nan())
                           .group_by("metric", maintain_order=True)]
    blocks.append(frame_table(corpus.drop("level", "key"), "scores-corpus",
                              "Corpus-level scores", max_rows))
    for level in ("document", "sentence"):
        rows = scores.filter(pl.col("level") == level)
        if rows.height:
            blocks.append(Group(f"{level.capitalize()}-level scores", f"{rows.height} rows",
                                [frame_table(rows.drop("level"), f"scores-{level}", "",
                                             max_rows)]))
    return Section("scores", "MT scores", blocks)


def _metric_chart(metric: str, rows: pl.DataFrame, names: dict[str, str]) -> BarChart:
    several_refs = rows.group_by("src_lang", "tgt_lang").agg(
        pl.col("ref_doc_id").n_unique()).get_column("ref_doc_id").max() > 1
    bars = []
    for r in rows.iter_rows(named=True):
        label = f"{r['system']} {r['src_lang']}→{r['tgt_lang']}"
        if several_refs:
            label += f" vs {names.get(r['ref_doc_id'], r['ref_doc_id'])}"
        bars.append((label, r["value"], r["ci_low"], r["ci_high"], r["p_value"]))
    better = "lower is better" if metric.lower() in LOWER_IS_BETTER else "higher is better"
    return bar_chart(f"{metric} (corpus level, {better})",
                     "Whiskers: 95 % confidence interval. Against the baseline (paired test): "
                     "* p < 0.05, ** p < 0.01, *** p < 0.001, n.s. not significant.", bars)


def other_tables(data: ReportData, max_rows: int) -> Section | None:
    others = data.other_tables()
    if not others:
        return None
    return Section("other", "Other tables", [
        Group(name, f"{df.height} rows, {df.width} columns",
              [frame_table(df, f"table-{name}", "", max_rows)]) for name, df in others.items()])


def relative_paths(paths: list[str | None]) -> list[str | None]:
    """Local file paths as the page names them: a relative one (to the manifest, as a build
    records it) as it is; absolute ones (a file gathered or matched from elsewhere) relative
    to the folder that holds them all: the page names no one's home directory."""
    absolute = [Path(p) for p in paths if p and Path(p).is_absolute()]
    if not absolute:
        return paths
    base = Path(os.path.commonpath([p.parent for p in absolute]))
    return [Path(p).relative_to(base).as_posix() if p and Path(p).is_absolute() else p
            for p in paths]


def _local_paths_relative(df: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """``columns`` with their local file paths (not URLs) made relative (:func:`relative_paths`)."""
    for column in columns:
        values = df[column].to_list()
        local = [v if v and "://" not in v else None for v in values]
        relative = relative_paths(local)
        df = df.with_columns(pl.Series(column, [r if r is not None else v for r, v in
                                                zip(relative, values, strict=True)],
                                       dtype=pl.String))
    return df


def build_sections(data: ReportData, low: float, max_rows: int) -> list[Section]:
    sections = [overview(data, low, max_rows), viewer(data, low, max_rows),
                concepts(data, max_rows), commentary(data, max_rows),
                terminology(data, max_rows), mt_scores(data, max_rows),
                other_tables(data, max_rows)]
    return [s for s in sections if s is not None]


# --- the page -----------------------------------------------------------------------------------

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("corpus_tools.report", "templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)


def render_page(name: str, sections: Sequence[Section]) -> str:
    assets = files("corpus_tools.report") / "templates"
    script, script_hash = inline_script(report_script())
    return _ENV.get_template("report.html.j2").render(
        name=name, sections=sections, version=__version__,
        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        css=Markup((assets / "report.css").read_text(encoding="utf-8")),
        script=script, script_hash=script_hash)


def report_script() -> str:
    """The report's script: sorting and filters for its tables (the review app runs it too)."""
    return (files("corpus_tools.report") / "templates" / "report.js").read_text(encoding="utf-8")


def inline_script(*scripts: str) -> tuple[Markup, str]:
    """The package's own ``scripts`` as the one inline script of a page, and the hash its
    Content-Security-Policy names (``sha256-…``), so that it runs that script only."""
    script = "\n".join(scripts)
    return Markup(script), "sha256-" + base64.b64encode(
        hashlib.sha256(script.encode()).digest()).decode()
