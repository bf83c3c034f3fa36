"""The glossary with its attested renderings, for terminologists' tools and spreadsheets.

- TBX-Basic (ISO 30042:2019, DCA style): one ``conceptEntry`` per concept, one ``langSec`` per
  language, one ``termSec`` per variant. The glossary tag becomes the administrative status
  (``official`` → preferred, ``common``/``literal``/``other`` → admitted); the counts, first and
  last attestation, tag and glossary note go into the term's ``note``; the sources into
  ``admin type="source"``; the first concordance line into ``descrip type="context"``;
  ``broader`` into a ``ref type="crossReference"``.
- XLSX (XlsxWriter): a summary sheet, then one sheet per concept with a row per variant.

Both are written without timestamps, so the same tables give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.fileio import atomic_output
from corpus_tools.lang import sentence_separator
from corpus_tools.terms.glossary import Glossary
from corpus_tools.terms.tables import TermTables, summarise_terms

FORMATS = ("tbx", "xlsx")
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"official": "preferredTerm-admn-sts"}  # every other tag: admitted
COLUMNS = ["lang", "variant", "tag", "human", "mt", "documents", "first", "last", "sources",
           "note", "example"]


@dataclass(frozen=True)
class Rendering:
    """One glossary variant with what the corpus attests of it."""

    concept_id: str
    lang: str
    variant: str
    tag: str
    note: str
    human: int
    mt: int
    documents: int
    first: dt.date | None
    last: dt.date | None
    sources: str
    example: str  # the first concordance line, "" when the variant is not attested

    @property
    def attestation(self) -> str:
        dates = (f"; first attested {self.first}, last {self.last}" if self.first else "")
        return (f"{self.human} occurrence(s) in {self.documents} document(s), {self.mt} in MT "
                f"output{dates}; glossary tag: {self.tag}")

    def row(self) -> list:
        return [self.lang, self.variant, self.tag, self.human, self.mt, self.documents,
                self.first, self.last, self.sources, self.note, self.example]


def attested_renderings(glossary: Glossary, tables: TermTables) -> list[Rendering]:
    """Every variant of the glossary, in glossary order, with its counts (zero when unseen)."""
    summary = {(r["concept_id"], r["lang"], r["variant"]): r
               for r in summarise_terms(tables.terms).iter_rows(named=True)}
    examples: dict[tuple[str, str, str], str] = {}
    for r in tables.concordance.filter(pl.col("system").is_null()).iter_rows(named=True):
        examples.setdefault((r["concept_id"], r["lang"], r["variant"]),
                            _context(r["left"], r["match"], r["right"], r["lang"]))
    out = []
    for concept in glossary.concepts:
        for v in concept.variants:
            key = (concept.id, v.lang, v.text)
            seen = summary.get(key, {})
            out.append(Rendering(concept.id, v.lang, v.text, v.tag, v.note,
                                 seen.get("human") or 0, seen.get("mt") or 0,
                                 seen.get("documents") or 0, seen.get("first"),
                                 seen.get("last"), seen.get("sources") or "",
                                 examples.get(key, "")))
    return out


def _context(left: str, match: str, right: str, lang: str) -> str:
    """A KWIC line as running text (its context was cut at word gaps, spaces collapsed)."""
    space = sentence_separator(lang)
    after = space if right[:1].isalnum() else ""
    return f"{left}{space if left else ''}{match}{after}{right}"


def export_glossary(glossary: Glossary, tables: TermTables, fmt: str, output: Path,
                    force: bool = False) -> int:
    """Write the glossary with its attestations as ``fmt``; returns the variants written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r} (use {' or '.join(FORMATS)})")
    renderings = attested_renderings(glossary, tables)
    with atomic_output(output, force) as tmp:
        (_write_tbx if fmt == "tbx" else _write_xlsx)(glossary, renderings, tmp)
    return len(renderings)


def _by_concept(renderings: list[Rendering]) -> dict[str, list[Rendering]]:
    """The renderings of each concept, in their order."""
    grouped: dict[str, list[Rendering]] = {}
    for r in renderings:
        grouped.setdefault(r.concept_id, []).append(r)
    return grouped


def _write_tbx(glossary: Glossary, renderings: list[Rendering], path: Path) -> None:
    ET.register_namespace("", TBX_NAMESPACE)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{TBX_NAMESPACE}}}{tag}", attrs)
        child.text = text
        return child

    root = ET.Element(f"{{{TBX_NAMESPACE}}}tbx", {"type": "TBX-Basic", "style": "dca",
                                                  XML_LANG: "en"})
    file_desc = el(el(root, "tbxHeader"), "fileDesc")
    el(el(file_desc, "titleStmt"), "title", "corpus-tools glossary with attested renderings")
    el(el(file_desc, "sourceDesc"), "p",
       f"glossary: {glossary.path.name if glossary.path else 'unnamed'}; counts from the "
       "corpus's terms and concordance tables")
    body = el(el(root, "text"), "body")
    by_concept = _by_concept(renderings)
    for concept in glossary.concepts:
        entry = el(body, "conceptEntry", id=_xml_id(concept.id))
        if concept.description:
            el(entry, "note", concept.description)
        if concept.broader:
            el(entry, "ref", concept.broader, type="crossReference",
               target=_xml_id(concept.broader))
        langs: dict[str, ET.Element] = {}
        for r in by_concept.get(concept.id, []):
            if r.lang not in langs:
                langs[r.lang] = el(entry, "langSec", **{XML_LANG: r.lang})
            term = el(langs[r.lang], "termSec")
            el(term, "term", r.variant)
            el(term, "termNote", STATUS.get(r.tag, "admittedTerm-admn-sts"),
               type="administrativeStatus")
            if r.example:
                el(term, "descrip", r.example, type="context")
            if r.sources:
                el(term, "admin", r.sources, type="source")
            el(term, "note", r.attestation + (f"; {r.note}" if r.note else ""))
    ET.indent(root)
    path.write_bytes(ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n")


def _xml_id(concept_id: str) -> str:
    """The concept id as an XML ID, which may not start with a digit."""
    return concept_id if concept_id[0].isalpha() else f"c-{concept_id}"


def _write_xlsx(glossary: Glossary, renderings: list[Rendering], path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                           "default_date_format": "yyyy-mm-dd"})
    book.set_properties({"title": "corpus-tools glossary", "created": dt.datetime(2000, 1, 1)})
    bold = book.add_format({"bold": True})
    overview = book.add_worksheet("concepts")
    overview.write_row(0, 0, ["concept", "sheet", "description", "broader", "variants",
                              "human", "mt"], bold)
    names: set[str] = {"concepts"}
    by_concept = _by_concept(renderings)
    for number, concept in enumerate(glossary.concepts, start=1):
        rows = by_concept.get(concept.id, [])
        name = _sheet_name(concept.id, names)
        overview.write_row(number, 0, [concept.id, name, concept.description,
                                       concept.broader or "", len(rows),
                                       sum(r.human for r in rows), sum(r.mt for r in rows)])
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, COLUMNS, bold)
        for i, r in enumerate(rows, start=1):
            sheet.write_row(i, 0, r.row())
        sheet.freeze_panes(1, 0)
        sheet.set_column(1, 1, 36)
    book.close()


def _sheet_name(concept_id: str, taken: set[str]) -> str:
    """A unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = re.sub(r"[\[\]:*?/\\]", "-", concept_id)[:31]
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f"~{n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def export_corpus_glossary(corpus_dir: Path, fmt: str, output: Path,
                           glossary: Path | None = None, force: bool = False) -> int:
    """:func:`export_glossary` with the term tables built under ``corpus_dir`` and the
    glossary they were built with — or, given ``glossary``, tables recomputed with it."""
    from corpus_tools.terms.glossary import load_glossary
    from corpus_tools.terms.views import load_term_tables

    if glossary is None:
        tables = load_term_tables(corpus_dir)  # first: it tells a missing corpus folder
        listed = load_glossary(built_glossary(corpus_dir))
    else:
        listed = load_glossary(glossary)
        tables = load_term_tables(corpus_dir, listed)
    return export_glossary(listed, tables, fmt, output, force)


def built_glossary(corpus_dir: Path) -> Path:
    """The glossary file the ``terms`` tables of ``corpus_dir`` were built with: the shipped
    one, or the manifest's (found through ``build.json``), unchanged since the build."""
    from corpus_tools.build import BuildState
    from corpus_tools.layout import CorpusLayout
    from corpus_tools.manifest import load_manifest
    from corpus_tools.stages.base import file_hash
    from corpus_tools.tables import read_provenance
    from corpus_tools.terms import DEFAULT_GLOSSARY, terms_settings

    layout = CorpusLayout.of_corpus_dir(corpus_dir)
    built = read_provenance(layout.path("terms")).get("settings", {})
    if built.get("glossary", "shipped") == "shipped":
        path = DEFAULT_GLOSSARY
    else:
        manifest = BuildState.read(layout.state_path).manifest
        if manifest is None or not Path(manifest).is_file():
            raise InputError(f"{corpus_dir}: the terms tables were built with glossary "
                             f"{built['glossary']!r}, but build.json names no manifest to find "
                             "it from; pass --glossary")
        path = terms_settings(load_manifest(manifest)).glossary
    if built.get("glossary_sha256") not in (None, file_hash(path)):
        raise InputError(f"{path}: changed since {corpus_dir} was built; rebuild, or pass "
                         "--glossary to count it anew")
    return path
