"""The report's building blocks: tables, cells, notes, groups and sections, as plain records
that the Jinja2 templates draw (``templates/blocks.html.j2``), and the generic table of any
DataFrame."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from corpus_tools.report.charts import BarChart, Histogram, ShareChart

LONG_TEXT = 400  # characters shown in a generic table cell; the rest is in the tooltip
KWIC = ("left", "match", "right")  # the concordance's context and match columns


@dataclass(frozen=True)
class Table:
    id: str
    columns: list[str]
    rows: list[Row]
    total: int  # rows in the source table; more than len(rows) when cut at max_rows
    caption: str = ""
    column_classes: list[str] = field(default_factory=list)
    flag_label: str = ""  # rows with class "flag" can be shown alone with this checkbox label
    nested: bool = False  # drawn inside a cell, without toolbar
    compact: bool = False  # a small summary, laid out beside its neighbours
    layout: str = ""  # extra CSS class of the table element
    filters: tuple[str, ...] = ()  # columns that get a filter of their own (a choice of values)
    kind: str = "table"


@dataclass(frozen=True)
class Cell:
    text: str = ""
    sort: float | None = None  # numeric sort key
    title: str | None = None  # tooltip
    cls: str = ""
    lang: str | None = None
    nested: Table | None = None  # expands in place (e.g. concordance lines)
    href: str | None = None  # a link within the page (``#unit-…``)
    pieces: tuple[tuple[str, bool], ...] = ()  # the text in parts, marked ones highlighted


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    cls: str = ""
    anchor: str = ""  # the row's id, a link target


@dataclass(frozen=True)
class Stats:
    items: list[tuple[str, str]]
    kind: str = "stats"


@dataclass(frozen=True)
class Note:
    text: str
    cls: str = ""  # "missing" for a table that is not built yet
    kind: str = "note"


@dataclass(frozen=True)
class Group:
    title: str
    summary: str
    blocks: list[Any]
    open: bool = False
    kind: str = "group"


Block = Table | Stats | Note | Group | Histogram | BarChart | ShareChart


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: list[Block]

    @property
    def missing(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Note) and b.cls == "missing"]

    @property
    def has_content(self) -> bool:
        return any(not isinstance(b, Note) for b in self.blocks)


# --- cells and generic tables -----------------------------------------------------------------


def cell(value: Any, lang: str | None = None) -> Cell:
    """A table cell for any Parquet value: numbers sort numerically, long text is cut."""
    if value is None:
        return Cell(cls="null")
    if isinstance(value, bool):
        return Cell("yes" if value else "no")
    if isinstance(value, int | float):
        return Cell(_number(value), sort=float(value), cls="num")
    if isinstance(value, dt.date | dt.datetime):
        return Cell(value.isoformat())
    if isinstance(value, list) and all(isinstance(v, dict) and {"lang", "text"} <= set(v)
                                       for v in value) and value:
        return Cell("\n".join(f"{v['lang']}: {v['text']}" for v in value), cls="lines-text")
    if isinstance(value, list):
        return Cell(", ".join(map(str, value)))
    if isinstance(value, dict):
        return Cell(json.dumps(value, ensure_ascii=False, default=str))
    text = str(value)
    if len(text) > LONG_TEXT:
        return Cell(text[:LONG_TEXT] + "…", title=text[:10 * LONG_TEXT], lang=lang)
    return Cell(text, lang=lang)


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value:  # NaN
        return "NaN"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def frame_table(df: pl.DataFrame, table_id: str, caption: str, max_rows: int,
                extra: tuple[str, Callable[[dict], Cell]] | None = None,
                nested: bool = False, compact: bool = False) -> Table:
    """Any DataFrame as a table, whatever its columns; ``extra`` adds one computed column."""
    columns = list(df.columns)
    classes = [_column_class(c) for c in columns]
    rows = []
    for record in df.head(max_rows).iter_rows(named=True):
        cells = [styled(cell(record[c]), k) for c, k in zip(columns, classes, strict=True)]
        if extra:
            cells.append(extra[1](record))
        rows.append(Row(cells))
    if extra:
        columns, classes = columns + [extra[0]], classes + [""]
    return Table(table_id, columns, rows, df.height, caption, classes, nested=nested,
                 compact=compact)


def _column_class(column: str) -> str:
    return f"kwic-{column}" if column in KWIC else ""


def styled(c: Cell, cls: str) -> Cell:
    return replace(c, cls=f"{c.cls} {cls}".strip()) if cls else c


