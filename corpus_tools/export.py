"""Exports of the ``parallel`` view that other tools read: TMX 1.4b, TSV and JSONL.

One aligned unit is one TMX ``<tu>``, one TSV line or one JSON line. ``--pair en-ru`` keeps
the units that have text on both sides (a bitext, ``en`` as the source language); without a
pair, TSV and JSONL keep every unit (1-0 / 0-1 units included) and TMX every unit with text
in at least two languages (a translation memory entry needs two).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import partial
from itertools import permutations
from pathlib import Path
from typing import TextIO

import polars as pl

from corpus_tools import __version__
from corpus_tools.align.writers import write_rows
from corpus_tools.errors import InputError
from corpus_tools.fileio import atomic_output
from corpus_tools.layout import CorpusLayout
from corpus_tools.tables import read_table

FORMATS = ("tmx", "tsv", "jsonl")

# TMX 1.4b takes RFC 3066 codes; CAT tools recognise zh-CN as simplified Chinese, which is
# what corpus-tools' "zh" means. Other ISO 639-1 codes are already valid as they are.
TMX_LANG = {"zh": "zh-CN"}

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry (C0 controls other than tab/newline/CR, surrogates, FFFE/FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class ExportResult:
    output: str  # a path, or "-" for stdout
    format: str
    langs: list[str]
    units: int  # units written
    skipped: int  # units left out (text in too few of the languages)


def parallel_langs(parallel: pl.DataFrame) -> list[str]:
    """The languages of a ``parallel`` table, in column order (``en_doc_id`` → ``en``)."""
    return [c.removesuffix("_doc_id") for c in parallel.columns if c.endswith("_doc_id")]


def available_pairs(langs: list[str]) -> list[str]:
    return [f"{a}-{b}" for a, b in permutations(langs, 2)]


def select_units(parallel: pl.DataFrame, fmt: str, pair: str | None) -> tuple[list[str],
                                                                             pl.DataFrame]:
    """The languages to export and the units that have enough text in them."""
    langs = parallel_langs(parallel)
    if pair is not None:
        if pair not in available_pairs(langs):
            raise InputError(f"unknown pair {pair!r}; available pairs: "
                             f"{', '.join(available_pairs(langs)) or 'none'}")
        langs = pair.split("-")
    present = pl.sum_horizontal([pl.col(lang).is_not_null().cast(pl.Int32) for lang in langs])
    needed = len(langs) if pair is not None else 2 if fmt == "tmx" else 1
    return langs, parallel.filter(present >= needed)


def export_parallel(corpus_dir: str | Path, fmt: str, output: str | Path, pair: str | None = None,
                    force: bool = False) -> ExportResult:
    """Write ``corpus_dir``'s parallel view as ``fmt`` to ``output`` (``-`` is stdout)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise InputError(f"{corpus_dir}: no such corpus folder")
    parallel = read_table(CorpusLayout.of_corpus_dir(corpus_dir).path("parallel"),
                          stage_hint="parallel")
    langs, units = select_units(parallel, fmt, pair)
    write = write_tmx if fmt == "tmx" else partial(write_view_rows, fmt=fmt)
    if str(output) == "-":
        write(units, langs, pair, sys.stdout)
    else:
        with atomic_output(output, force) as tmp, open(tmp, "w", encoding="utf-8",
                                                       newline="") as handle:
            write(units, langs, pair, handle)
    return ExportResult(str(output), fmt, langs, units.height, parallel.height - units.height)


def view_columns(langs: list[str]) -> list[str]:
    """The parallel table's columns for ``langs``, in the order every export writes them."""
    ids = ["group_id", "unit_id", "score", "agreement"]
    return ids + [c for lang in langs for c in (f"{lang}_doc_id", f"{lang}_sent_ids", lang)]


def write_view_rows(units: pl.DataFrame, langs: list[str], pair: str | None, out: TextIO,
                    fmt: str) -> None:
    """TSV or JSON lines (:mod:`corpus_tools.align.writers`): one row per unit with the
    parallel table's columns for ``langs``."""
    columns = view_columns(langs)
    write_rows(units.select(columns).iter_rows(named=True), columns, fmt, out)


def write_tmx(units: pl.DataFrame, langs: list[str], pair: str | None, out: TextIO) -> None:
    """TMX 1.4b: one ``<tu>`` per unit; props and a note carry group, doc ids and confidence."""
    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(tmx, "header", {
        "creationtool": "corpus-tools", "creationtoolversion": __version__,
        "datatype": "plaintext", "segtype": "sentence", "adminlang": "en",
        "srclang": tmx_lang(langs[0]) if pair else "*all*", "o-tmf": "corpus-tools parquet",
        "creationdate": dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
    })
    body = ET.SubElement(tmx, "body")
    for row in units.iter_rows(named=True):
        tu = ET.SubElement(body, "tu", tuid=f"{row['group_id']}:{row['unit_id']}")
        sides = [lang for lang in langs if row[lang] is not None]
        where = "; ".join(f"{lang} {row[f'{lang}_doc_id']}#"
                          f"{','.join(map(str, row[f'{lang}_sent_ids']))}" for lang in sides)
        _text(tu, "note", f"group {row['group_id']} unit {row['unit_id']}; "
                          f"confidence {_score(row['score'])}; {where}")
        _prop(tu, "x-group", row["group_id"])
        _prop(tu, "x-confidence", _score(row["score"]))
        _prop(tu, "x-agreement", str(row["agreement"]).lower())
        for lang in sides:
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: tmx_lang(lang)})
            _prop(tuv, "x-doc-id", row[f"{lang}_doc_id"])
            _prop(tuv, "x-sent-ids", ",".join(map(str, row[f"{lang}_sent_ids"])))
            _text(tuv, "seg", row[lang])
    ET.indent(tmx)
    buffer = io.StringIO()
    ET.ElementTree(tmx).write(buffer, encoding="unicode")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write(buffer.getvalue() + "\n")


def tmx_lang(lang: str) -> str:
    return TMX_LANG.get(lang, lang)


def _score(score: float | None) -> str:
    return "unknown" if score is None else f"{score:.4f}"


def _prop(parent: ET.Element, kind: str, value: str) -> None:
    _text(parent, "prop", value).set("type", kind)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("\ufffd", text)
    return element
