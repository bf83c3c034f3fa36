"""Align every document pair of a corpus: table in, one alignment table per language pair out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

import polars as pl

from corpus_tools.align.aligner import Aligner, DocumentPair, Evidence
from corpus_tools.align.beads import Bead
from corpus_tools.align.lines import Parts, beads_of_parts, beads_of_sentences
from corpus_tools.align.scorers.lexicon import Lexicon
from corpus_tools.lang import join_sentences
from corpus_tools.progress import track
from corpus_tools.segment import Sentence
from corpus_tools.tables import ALIGNMENTS
from corpus_tools.textfile import SentenceText, sentence_breaks


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


LanguagePair = tuple[str, str]


NO_PARTS = Parts.whole([], ())  # a document without sentences


def document_parts(documents: pl.DataFrame, sentences: pl.DataFrame) -> dict[str, Parts]:
    """What the aligner aligns of each document: its sentences, paragraph and line starts,
    or for a ``segmented`` document the sentences inside its lines
    (:mod:`~corpus_tools.align.lines`)."""
    by_id = {row["doc_id"]: row for row in documents.select(
        "doc_id", "lang", "text", *(["segmented"] if "segmented" in documents.columns else [])
    ).iter_rows(named=True)}
    parts = {}
    for (doc_id,), group in sentences.sort("doc_id", "sent_id").group_by("doc_id"):
        doc = by_id.get(doc_id, {})
        spans = [Sentence(*row) for row in group.select("paragraph_id", "char_start",
                                                        "char_end").iter_rows()]
        breaks, lines = sentence_breaks(doc.get("text") or "", spans)
        text = SentenceText(group["text"].to_list(), breaks, lines)
        parts[doc_id] = Parts.read(text, doc.get("lang", ""), bool(doc.get("segmented")))
    return parts


def pair_inputs(documents: pl.DataFrame, parts: Mapping[str, Parts]
                ) -> dict[LanguagePair, tuple[list[tuple[dict, dict]], list[DocumentPair]]]:
    """Per language pair, its document pairs and their aligner inputs (the documents'
    ``parts``: texts and the paragraph starts, which the aligner weighs as evidence)."""
    by_pair: dict[LanguagePair, tuple[list[tuple[dict, dict]], list[DocumentPair]]] = {}
    for src_doc, tgt_doc in document_pairs(documents):
        docs, inputs = by_pair.setdefault((src_doc["lang"], tgt_doc["lang"]), ([], []))
        docs.append((src_doc, tgt_doc))
        src, tgt = parts.get(src_doc["doc_id"], NO_PARTS), parts.get(tgt_doc["doc_id"], NO_PARTS)
        inputs.append((src.texts, tgt.texts, src.breaks, tgt.breaks))
    return by_pair


def align_documents(documents: pl.DataFrame, sentences: pl.DataFrame,
                    aligner: Aligner | None = None,
                    fixed: Mapping[tuple[str, str], Sequence[Bead]] | None = None,
                    learnt: Mapping[LanguagePair, Lexicon] | None = None
                    ) -> dict[str, pl.DataFrame]:
    """Align all parallel document pairs; returns ``{"en-ru": alignments table, …}``.
    ``fixed[(src doc_id, tgt doc_id)]`` are a reviewer's beads, kept as they are.

    Pairs of one language pair are aligned together (:meth:`Aligner.align_many`), so the
    bootstrap lexicon learns from all of them; with ``learnt`` (a corpus's learnt lexicons,
    :func:`learning_evidence`), each language pair is aligned with its lexicon from there
    instead (:meth:`Aligner.align_learnt`), so that a group aligns alone as it would among
    the whole corpus. Paragraph ends are evidence the aligner weighs (its
    ``paragraph_cost``), never walls unless that cost is infinite.
    """
    aligner = aligner or Aligner()
    tables = {}
    parts = document_parts(documents, sentences)
    by_pair = pair_inputs(documents, parts)
    for (src_lang, tgt_lang), (docs, inputs) in track(list(by_pair.items()), "align",
                                                      total=len(by_pair)):
        kept = [(fixed or {}).get((s["doc_id"], t["doc_id"]), ()) for s, t in docs]
        sides = [(parts.get(s["doc_id"], NO_PARTS), parts.get(t["doc_id"], NO_PARTS))
                 for s, t in docs]
        in_parts = [beads_of_parts(mine, *side) for mine, side in zip(kept, sides, strict=True)]
        if learnt is None:
            found = aligner.align_many(inputs, src_lang, tgt_lang, in_parts)
        else:
            lexicon = learnt.get((src_lang, tgt_lang), Lexicon(src_lang, tgt_lang))
            found = aligner.align_learnt(inputs, lexicon, src_lang, tgt_lang, in_parts)
        rows = []
        for (src_doc, tgt_doc), (src, tgt), beads, mine in zip(docs, sides, found, kept,
                                                                strict=True):
            rows += bead_rows(beads_of_sentences(beads, src, tgt), src_doc, tgt_doc,
                              src.sentences, tgt.sentences, method=aligner.method,
                              mode="parallel", fixed=mine)
        tables[pair_name(src_lang, tgt_lang)] = pl.DataFrame(rows, schema=ALIGNMENTS)
    return tables


def learning_evidence(documents: pl.DataFrame, sentences: pl.DataFrame,
                      aligner: Aligner | None = None) -> dict[LanguagePair, Evidence]:
    """Per language pair, what the first pass of these documents teaches the bootstrap
    lexicon (:meth:`Aligner.evidence`); pooled over a corpus's groups by
    :meth:`Aligner.learn_from`."""
    aligner = aligner or Aligner()
    return {(src_lang, tgt_lang): aligner.evidence(
                inputs, aligner.first_pass(inputs, src_lang, tgt_lang), src_lang, tgt_lang)
            for (src_lang, tgt_lang), (_, inputs)
            in pair_inputs(documents, document_parts(documents, sentences)).items()}


def bead_rows(beads: list[Bead], src_doc: dict, tgt_doc: dict, src: list[str], tgt: list[str],
              method: str, mode: str, fixed: Sequence[Bead] = ()) -> list[dict]:
    """Alignment table rows; a bead with the sentences of one of ``fixed`` (or within one
    with an empty side) is ``reviewed``."""
    reviewed = {(b.src, b.tgt) for b in fixed}
    alone = ({i for b in fixed if not b.tgt for i in b.src},
             {j for b in fixed if not b.src for j in b.tgt})
    return [{
        "group_id": src_doc["group_id"], "src_doc_id": src_doc["doc_id"],
        "tgt_doc_id": tgt_doc["doc_id"], "src_lang": src_doc["lang"],
        "tgt_lang": tgt_doc["lang"], "bead_id": bead_id, "src_sent_ids": list(bead.src),
        "tgt_sent_ids": list(bead.tgt),
        "src_text": join_sentences((src[i] for i in bead.src), src_doc["lang"]),
        "tgt_text": join_sentences((tgt[i] for i in bead.tgt), tgt_doc["lang"]),
        "score": bead.score, "method": method, "mode": mode,
        "reviewed": (bead.src, bead.tgt) in reviewed
        or bool(bead.src and not bead.tgt and set(bead.src) <= alone[0])
        or bool(bead.tgt and not bead.src and set(bead.tgt) <= alone[1]),
    } for bead_id, bead in enumerate(beads)]
