"""Query results as text or files: a terminal table, TSV, JSON Lines or Parquet."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.fileio import write_text_atomic
from corpus_tools.tables import provenance, write_table
from corpus_tools.terms.views import flatten_nested

FORMATS = ("table", "tsv", "jsonl", "parquet")

# Columns of a terminal concordance; the file formats get every column.
BRIEF = {"concordance": ["doc", "sent_id", "role", "site", "published", "left", "match", "right",
                         "aligned"]}


def render(table: pl.DataFrame, view: str, fmt: str, query: str, output: Path | None = None,
           force: bool = False) -> str:
    """The table as text; written to ``output`` when given (Parquet only there), and then
    the text is empty."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    if fmt == "parquet":
        if output is None:
            raise InputError("--format parquet needs -o/--output")
        write_table(table, output, None, provenance(query=query, view=view), force=force)
        return ""
    if fmt == "tsv":
        text = flatten_nested(table).write_csv(separator="\t")
    elif fmt == "jsonl":
        text = table.write_ndjson()
    else:
        shown = table.select([c for c in BRIEF.get(view, table.columns) if c in table.columns])
        width = max(shutil.get_terminal_size((160, 24)).columns, 100)
        with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True,
                       tbl_hide_column_data_types=True, fmt_str_lengths=200,
                       tbl_width_chars=width):
            text = str(flatten_nested(shown)) + "\n"
    if output is None:
        return text
    write_text_atomic(output, text, force)
    return ""
