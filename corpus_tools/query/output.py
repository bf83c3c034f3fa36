"""Query results as text or files: a terminal table, TSV, JSON Lines or Parquet."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.fileio import write_text_atomic
from corpus_tools.tables import provenance, write_table
from corpus_tools.text_table import flatten_nested, text_table

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
        text = text_table(table, BRIEF.get(view)) + "\n"
    if output is None:
        return text
    write_text_atomic(output, text, force)
    return ""
