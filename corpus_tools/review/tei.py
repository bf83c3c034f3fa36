"""InterText-style TEI stand-off alignments, out and in.

One ``linkGrp`` per document pair (``fromDoc``/``toDoc`` are manifest document ids), one
``link`` per bead: ``xtargets`` lists the sentence ids of each side, separated by ``;``
(``treaty-en:0 treaty-en:1;treaty-ru:0``), ``type`` is the bead's shape (``2-1``) and
``status`` is ``man`` for a reviewed bead, ``auto`` for the aligner's. Importing takes the
``man`` links as unit decisions for the review file: ``confirmed`` where the built alignment
has the same bead, ``corrected`` where it does not.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.fileio import read_text
from corpus_tools.review.decisions import UnitDecision, parse_sentence_id, text_hash

MANUAL, AUTOMATIC = "man", "auto"


def export_tei(documents: pl.DataFrame, alignments: pl.DataFrame) -> str:
    """The parallel-mode beads of ``alignments`` as a TEI document (same input, same bytes)."""
    name = dict(zip(documents["doc_id"], documents["name"], strict=True))
    root = ET.Element("TEI.2")
    beads = alignments.filter(pl.col("mode") == "parallel").sort(
        "src_doc_id", "tgt_doc_id", "bead_id")
    for (src_doc, tgt_doc), group in beads.group_by("src_doc_id", "tgt_doc_id",
                                                     maintain_order=True):
        links = ET.SubElement(root, "linkGrp", {"type": "alignment",
                                                "fromDoc": name[src_doc], "toDoc": name[tgt_doc]})
        for bead in group.iter_rows(named=True):
            src = " ".join(f"{name[src_doc]}:{i}" for i in bead["src_sent_ids"])
            tgt = " ".join(f"{name[tgt_doc]}:{i}" for i in bead["tgt_sent_ids"])
            ET.SubElement(links, "link", {
                "type": f"{len(bead['src_sent_ids'])}-{len(bead['tgt_sent_ids'])}",
                "xtargets": f"{src};{tgt}",
                "status": MANUAL if bead["reviewed"] else AUTOMATIC})
    ET.indent(root)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TEI.2>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def import_tei(path: Path, documents: pl.DataFrame, sentences: pl.DataFrame,
               alignments: pl.DataFrame) -> list[UnitDecision]:
    """The manual links of the TEI file at ``path`` as unit decisions, with the hashes of
    their sentences' texts; a link naming an unknown document or sentence is an error."""
    try:
        root = ET.fromstring(read_text(path).replace("<!DOCTYPE TEI.2>", "", 1))
    except ET.ParseError as err:
        raise InputError(f"{path}: not valid XML: {err}") from None
    docs = {r["name"]: r for r in documents.iter_rows(named=True)}
    texts = {(d, s): t for d, s, t in sentences.select("doc_id", "sent_id", "text").iter_rows()}
    existing = {(r["src_doc_id"], r["tgt_doc_id"], tuple(r["src_sent_ids"]),
                 tuple(r["tgt_sent_ids"])) for r in alignments.iter_rows(named=True)}
    decisions = []
    for group in root.iter("linkGrp"):
        ends = [docs.get(group.get(key, "")) for key in ("fromDoc", "toDoc")]
        if None in ends:
            raise InputError(f"{path}: linkGrp {group.get('fromDoc')!r}–{group.get('toDoc')!r}"
                             ": not documents of this corpus")
        for link in group.iter("link"):
            if link.get("status") != MANUAL:
                continue
            sides = _sides(path, link.get("xtargets", ""), ends)
            ids = [tuple(parse_sentence_id(s)[1] for s in side) for side in sides]
            same = (ends[0]["doc_id"], ends[1]["doc_id"], *ids) in existing
            hashes = {}
            for doc, side in zip(ends, sides, strict=True):
                for sentence in side:
                    text = texts.get((doc["doc_id"], parse_sentence_id(sentence)[1]))
                    if text is None:
                        raise InputError(f"{path}: link {link.get('xtargets')!r}: no sentence "
                                         f"{sentence} in the corpus")
                    hashes[sentence] = text_hash(text)
            decisions.append(UnitDecision(
                ends[0]["group_id"], {ends[0]["lang"]: sides[0], ends[1]["lang"]: sides[1]},
                "confirmed" if same else "corrected", hashes))
    return decisions


def _sides(path: Path, xtargets: str, ends: list[Mapping]) -> tuple[tuple[str, ...], ...]:
    parts = xtargets.split(";")
    if len(parts) != 2:
        raise InputError(f"{path}: link xtargets {xtargets!r}: expected 'ids;ids'")
    sides = tuple(tuple(part.split()) for part in parts)
    for doc, side in zip(ends, sides, strict=True):
        for sentence in side:
            try:
                name, _ = parse_sentence_id(sentence)
            except ValueError as err:
                raise InputError(f"{path}: link xtargets {xtargets!r}: {err}") from None
            if name != doc["name"]:
                raise InputError(f"{path}: link xtargets {xtargets!r}: {sentence} is not in "
                                 f"{doc['name']}")
    return sides
