"""The one writer of alignments and units as TSV and JSON lines, for ``align``, ``align3`` and
``export`` alike (the ladder format is :mod:`corpus_tools.align.ladder`'s).

Rows are dicts whose keys are the columns. TSV: a header line, then one line per row,
tab-separated and quoted as the ``csv`` module quotes (a field with a tab, a line break or a
double quote is put in double quotes); sentence ids as ``0,1``; booleans ``true``/``false``;
a missing value empty. JSON lines: one object per row, ids as lists, text as UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import TextIO

ROW_FORMATS = ("tsv", "jsonl")


def write_rows(rows: Iterable[dict], columns: Sequence[str], fmt: str, out: TextIO) -> None:
    """``rows`` (their ``columns``, in that order) to ``out`` as TSV or JSON lines."""
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({c: row[c] for c in columns}, ensure_ascii=False) + "\n")
        return
    if fmt != "tsv":
        raise ValueError(f"unknown row format {fmt!r}; choose one of {', '.join(ROW_FORMATS)}")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([tsv_value(row[c]) for c in columns])


def format_rows(rows: Iterable[dict], columns: Sequence[str], fmt: str) -> str:
    out = io.StringIO(newline="")
    write_rows(rows, columns, fmt, out)
    return out.getvalue()


def tsv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ",".join(map(str, value))
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
