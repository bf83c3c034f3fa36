"""A table as text for people: fitted to the terminal, or Markdown for files (``query`` and
``terms`` print their results with it)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence

import polars as pl


def text_table(table: pl.DataFrame, columns: Sequence[str] | None = None,
               markdown: bool = False) -> str:
    """Every row of ``table`` (only ``columns``, those of them it has, when given), nested
    columns as text. A terminal table fits the terminal; Markdown is for files: never wrapped
    or cut."""
    if columns is not None:
        table = table.select([c for c in columns if c in table.columns])
    width = 65535 if markdown else max(shutil.get_terminal_size((160, 24)).columns, 100)
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True,
                   tbl_hide_column_data_types=True, fmt_str_lengths=10000 if markdown else 200,
                   tbl_width_chars=width, tbl_formatting="MARKDOWN" if markdown else None):
        return str(flatten_nested(table))


def flatten_nested(table: pl.DataFrame) -> pl.DataFrame:
    """Nested columns as text, for csv and terminal tables."""
    columns = []
    for name, dtype in table.schema.items():
        if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct):
            columns.append(pl.col(name).list.eval(
                pl.element().struct.field("lang") + ": " + pl.element().struct.field("text")
            ).list.join(" | ").alias(name))
        elif isinstance(dtype, pl.List):
            columns.append(pl.col(name).cast(pl.List(pl.String)).list.join(",").alias(name))
        else:
            columns.append(pl.col(name))
    return table.select(columns)
