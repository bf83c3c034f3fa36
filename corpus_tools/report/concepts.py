"""The concept-first view: per glossary concept, how each language renders it, by whom and
when, with the concordance under each variant; and the commentary documents' links.

Each concordance line links to its unit in the aligned-text view (:func:`unit_anchor`),
where the matches are highlighted (:func:`unit_marks`, :func:`highlight`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable

import polars as pl

from corpus_tools.report.blocks import Block, Cell, Group, Note, Row, Section, Table, cell
from corpus_tools.report.charts import share_chart
from corpus_tools.report.data import ReportData

UNDATED = "undated"
# The columns the view reads (tables of another shape are shown only as plain tables).
TERMS_COLUMNS = {"concept_id", "lang", "variant", "tag", "system", "role", "published", "site",
                 "source", "count"}
LINE_COLUMNS = {"concept_id", "lang", "variant", "system", "doc_id", "group_id", "unit_id",
                "source", "left", "match", "right", "aligned"}


def unit_anchor(group_id: str, unit_id: int) -> str:
    """The id of a unit's row in the aligned-text view (group ids may hold any character)."""
    return f"unit-{hashlib.sha1(group_id.encode()).hexdigest()[:8]}-{unit_id}"


def unit_marks(concordance: pl.DataFrame | None) -> dict[tuple[str, int, str], set[str]]:
    """(group_id, unit_id, lang) → the matched strings of human text in that unit."""
    marks: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    if concordance is None or not LINE_COLUMNS <= set(concordance.columns):
        return marks
    human = concordance.filter(pl.col("system").is_null() & pl.col("unit_id").is_not_null())
    for group_id, unit_id, lang, match in human.select("group_id", "unit_id", "lang",
                                                       "match").iter_rows():
        marks[(group_id, unit_id, lang)].add(match)
    return marks


def highlight(text: str, needles: Iterable[str]) -> tuple[tuple[str, bool], ...]:
    """``text`` cut into pieces, those equal to one of ``needles`` marked (longest first)."""
    spans: list[tuple[int, int]] = []
    for needle in sorted(set(needles), key=len, reverse=True):
        start = text.find(needle)
        while needle and start >= 0:
            end = start + len(needle)
            if all(end <= a or start >= b for a, b in spans):
                spans.append((start, end))
            start = text.find(needle, end)
    pieces, at = [], 0
    for start, end in sorted(spans):
        pieces += [(text[at:start], False)] if start > at else []
        pieces.append((text[start:end], True))
        at = end
    return tuple(pieces + ([(text[at:], False)] if at < len(text) else []))


def concepts(data: ReportData, max_rows: int) -> Section | None:
    """None without terms tables of the terms stage's shape (the terminology section then
    says what is missing, or shows the tables as they are)."""
    terms, concordance = data.get("terms"), data.get("concordance")
    if terms is None or concordance is None or not (
            TERMS_COLUMNS <= set(terms.columns) and LINE_COLUMNS <= set(concordance.columns)):
        return None
    roles = _roles(data)
    lines = concordance.with_columns(role=pl.col("doc_id").replace_strict(
        roles, default=None, return_dtype=pl.String))
    lines = lines.with_columns(role=pl.when(pl.col("system").is_not_null())
                               .then(pl.format("mt: {}", "system")).otherwise("role"))
    blocks: list[Block] = [Note(
        "Per concept: each language's variants with their counts and shares by role, source "
        "and year; open a variant's lines for its concordance, each line linked to its unit "
        "in the aligned text. Reviewed rows (docs/review.md) are marked ✓.")]
    for i, ((concept_id,), rows) in enumerate(terms.group_by("concept_id", maintain_order=True)):
        mine = lines.filter(pl.col("concept_id") == concept_id)
        blocks.append(Group(concept_id, f"{int(rows['count'].sum())} matches in "
                            f"{rows['lang'].n_unique()} languages",
                            [_variant_table(i, rows, mine, max_rows), _share_chart(rows)],
                            open=i == 0))
    return Section("concepts", "Concepts", blocks)


def _roles(data: ReportData) -> dict[str, str]:
    documents = data.get("documents")
    return {} if documents is None else dict(documents.select("doc_id", "role").iter_rows())


def _variant_table(index: int, terms: pl.DataFrame, lines: pl.DataFrame, max_rows: int
                   ) -> Table:
    terms = terms.with_columns(
        role=pl.when(pl.col("system").is_not_null()).then(pl.format("mt: {}", "system"))
        .otherwise("role"),
        year=pl.col("published").dt.year().cast(pl.String).fill_null(UNDATED),
        where=pl.coalesce("site", "source"))
    per_lang = dict(terms.group_by("lang").agg(pl.col("count").sum()).iter_rows())
    rows = []
    for (lang, variant, tag), group in terms.group_by("lang", "variant", "tag",
                                                      maintain_order=True):
        total = int(group["count"].sum())
        mine = lines.filter((pl.col("lang") == lang) & (pl.col("variant") == variant))
        reviewed = bool(group["reviewed"].any()) if "reviewed" in group.columns else False
        rows.append(Row([
            Cell(lang, lang=None), Cell(variant, lang=lang), Cell(tag or ""),
            Cell(str(total), sort=float(total), cls="num"),
            Cell(f"{100 * total / per_lang[lang]:.0f} %", sort=total / per_lang[lang],
                 cls="num"),
            Cell(_breakdown(group, "role")), Cell(_breakdown(group, "where")),
            Cell(_breakdown(group, "year")),
            Cell("✓" if reviewed else ""),
            _lines_cell(mine, max_rows)]))
    return Table(f"concept-{index}", ["language", "variant", "tag", "matches", "share",
                                      "by role", "by source", "by year", "reviewed", "lines"],
                 rows, len(rows), "Variants by language", filters=("language", "tag"))


def _breakdown(group: pl.DataFrame, column: str) -> str:
    counts: Counter[str] = Counter()
    for value, count in group.select(column, "count").iter_rows():
        counts[value or "unknown"] += count
    total = sum(counts.values())
    return " · ".join(f"{value} {count} ({100 * count / total:.0f} %)"
                      for value, count in sorted(counts.items(), key=lambda kv: -kv[1]))


def _lines_cell(lines: pl.DataFrame, max_rows: int) -> Cell:
    if not lines.height:
        return Cell("0", sort=0.0, cls="num")
    rows = []
    for line in lines.head(max_rows).iter_rows(named=True):
        unit = (Cell(f"unit {line['unit_id']}", href="#" + unit_anchor(line["group_id"],
                                                                         line["unit_id"]))
                if line["unit_id"] is not None else Cell("not aligned", cls="null"))
        rows.append(Row([
            Cell(line["source"] or ""), Cell(line["role"] or ""),
            Cell(line["left"], cls="kwic-left", lang=line["lang"]),
            Cell(line["match"], cls="kwic-match", lang=line["lang"]),
            Cell(line["right"], lang=line["lang"]),
            cell(line["aligned"]), unit], cls="reviewed" if line.get("reviewed") else ""))
    table = Table("", ["source", "role", "left", "match", "right", "aligned", "unit"], rows,
                  lines.height, nested=True, filters=("source", "role"))
    return Cell(f"{lines.height} line{'s' if lines.height > 1 else ''}",
                sort=float(lines.height), nested=table)


def _share_chart(terms: pl.DataFrame) -> Block:
    human = terms.filter(pl.col("system").is_null()).with_columns(
        row=pl.format("{} {}", "lang", pl.col("published").dt.year().cast(pl.String)
                      .fill_null(UNDATED)))
    counts = (human.group_by("row", "variant").agg(pl.col("count").sum())
              .sort("row", "count", descending=[False, True]))
    if not counts.height:
        return Note("No human source renders this concept.")
    return share_chart("Variant shares per language and year (human sources)",
                       [(r, v, int(c)) for r, v, c in counts.iter_rows()])


def commentary(data: ReportData, max_rows: int) -> Section | None:
    """Per commentary document, its links to the source text (comparable-mode beads)."""
    documents = data.get("documents")
    links = [t.filter(pl.col("mode") == "comparable") for t in data.alignments.values()]
    links = [t for t in links if t.height]
    if documents is None or not links:
        return None
    beads = pl.concat(links)
    names = dict(documents.select("doc_id", "name").iter_rows())
    blocks: list[Block] = []
    for doc_id, name in documents.filter(pl.col("role") == "commentary").select(
            "doc_id", "name").iter_rows():
        mine = beads.filter((pl.col("src_doc_id") == doc_id) | (pl.col("tgt_doc_id") == doc_id))
        if not mine.height:
            continue
        rows = []
        for bead in mine.sort("score", descending=True).head(max_rows).iter_rows(named=True):
            ours = "src" if bead["src_doc_id"] == doc_id else "tgt"
            theirs = "tgt" if ours == "src" else "src"
            rows.append(Row([
                Cell(bead[f"{ours}_text"], lang=bead[f"{ours}_lang"]),
                Cell(names.get(bead[f"{theirs}_doc_id"], "")),
                Cell(bead[f"{theirs}_text"], lang=bead[f"{theirs}_lang"]),
                cell(bead["score"])]))
        blocks.append(Group(name, f"{mine.height} links to its sources", [Table(
            f"commentary-{len(blocks)}", ["commentary sentence", "source", "source sentence",
                                          "score"], rows, mine.height,
            f"{name}: links by score", filters=("source",))]))
    return Section("commentary", "Commentary links", blocks) if blocks else None
