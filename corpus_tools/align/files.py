"""Align two text files: read (:mod:`corpus_tools.textfile`), align, render.

Paragraph ends (blank lines) and line ends are evidence the aligner weighs; ``paragraphs=True``
makes paragraph ends hard boundaries. A presegmented file is aligned on the sentences inside
its lines (:mod:`~corpus_tools.align.lines`). Sentence ids count sentences only, never blank
lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from corpus_tools.align.aligner import Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.align.ladder import format_ladder
from corpus_tools.align.lines import Parts, align_parts
from corpus_tools.align.writers import format_rows
from corpus_tools.lang import join_sentences
from corpus_tools.textfile import SentenceText, read_sentences

FORMATS = ("ladder", "tsv", "jsonl")
ROW_COLUMNS = ("src_sent_ids", "tgt_sent_ids", "score", "src_text", "tgt_text")


@dataclass(frozen=True)
class AlignedFiles:
    src: SentenceText
    tgt: SentenceText
    src_lang: str
    tgt_lang: str
    beads: list[Bead]
    method: str


def align_files(src_path: str | Path, tgt_path: str | Path, src_lang: str, tgt_lang: str,
                presegmented: bool = False, paragraphs: bool = False,
                aligner: Aligner | None = None) -> AlignedFiles:
    aligner = aligner or Aligner()
    if paragraphs:
        aligner = replace(aligner, paragraph_cost=math.inf)
    src = read_sentences(src_path, src_lang, presegmented)
    tgt = read_sentences(tgt_path, tgt_lang, presegmented)
    beads = align_parts(aligner, Parts.read(src, src_lang, presegmented),
                        Parts.read(tgt, tgt_lang, presegmented), src_lang, tgt_lang)
    return AlignedFiles(src, tgt, src_lang, tgt_lang, beads, aligner.method)


def render(result: AlignedFiles, fmt: str = "ladder", scores: bool = False) -> str:
    """Ladder (ids, and each bead's score with ``scores``), or TSV / JSON lines
    (:mod:`~corpus_tools.align.writers`: ids, score and texts)."""
    if fmt == "ladder":
        return format_ladder(result.beads, scores)
    rows = [{"src_sent_ids": list(bead.src), "tgt_sent_ids": list(bead.tgt), "score": bead.score,
             "src_text": join_sentences((result.src.sentences[i] for i in bead.src),
                                        result.src_lang),
             "tgt_text": join_sentences((result.tgt.sentences[j] for j in bead.tgt),
                                        result.tgt_lang)}
            for bead in result.beads]
    return format_rows(rows, ROW_COLUMNS, fmt)
