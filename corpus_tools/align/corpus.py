"""Align every document pair of a corpus: table in, one alignment table per language pair out."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

import polars as pl

from corpus_tools.align.aligner import Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.progress import track
from corpus_tools.tables import ALIGNMENTS

AlignFn = Callable[[list[str], list[str], str, str], list[Bead]]


def document_pairs(documents: pl.DataFrame) -> list[tuple[dict, dict]]:
    """Pairs of documents in different languages within each group, languages in code order."""
    pairs = []
    for _, group in documents.sort("group_id", "lang", "doc_id").group_by("group_id",
                                                                           maintain_order=True):
        rows = group.to_dicts()
        pairs += [(a, b) for a, b in combinations(rows, 2) if a["lang"] != b["lang"]]
    return pairs


def pair_name(src_lang: str, tgt_lang: str) -> str:
    return f"{src_lang}-{tgt_lang}"


def align_documents(documents: pl.DataFrame, sentences: pl.DataFrame,
                    aligner: AlignFn | None = None, method: str | None = None
                    ) -> dict[str, pl.DataFrame]:
    """Align all parallel document pairs; returns ``{"en-ru": alignments table, …}``.

    Without ``aligner``, the default :class:`Aligner` runs with paragraph boundaries
    kept where both documents have the same number of paragraphs.
    """
    if aligner is None:
        engine = Aligner()
        aligner, method = engine.align, method or engine.method
    method = method or "custom"
    texts = {doc_id: group["text"].to_list()
             for (doc_id,), group in sentences.sort("doc_id", "sent_id").group_by("doc_id")}
    rows: dict[str, list[dict]] = {}
    pairs = document_pairs(documents)
    for src_doc, tgt_doc in track(pairs, "align", total=len(pairs)):
        src, tgt = texts.get(src_doc["doc_id"], []), texts.get(tgt_doc["doc_id"], [])
        beads = aligner(src, tgt, src_doc["lang"], tgt_doc["lang"])
        name = pair_name(src_doc["lang"], tgt_doc["lang"])
        rows.setdefault(name, []).extend(
            bead_rows(beads, src_doc, tgt_doc, src, tgt, method=method, mode="parallel"))
    return {name: pl.DataFrame(r, schema=ALIGNMENTS) for name, r in rows.items()}


def bead_rows(beads: list[Bead], src_doc: dict, tgt_doc: dict, src: list[str], tgt: list[str],
              method: str, mode: str) -> list[dict]:
    joiner = {"zh": "", "ja": ""}
    return [{
        "group_id": src_doc["group_id"], "src_doc_id": src_doc["doc_id"],
        "tgt_doc_id": tgt_doc["doc_id"], "src_lang": src_doc["lang"],
        "tgt_lang": tgt_doc["lang"], "bead_id": bead_id, "src_sent_ids": list(bead.src),
        "tgt_sent_ids": list(bead.tgt),
        "src_text": joiner.get(src_doc["lang"], " ").join(src[i] for i in bead.src),
        "tgt_text": joiner.get(tgt_doc["lang"], " ").join(tgt[i] for i in bead.tgt),
        "score": bead.score, "method": method, "mode": mode,
    } for bead_id, bead in enumerate(beads)]
