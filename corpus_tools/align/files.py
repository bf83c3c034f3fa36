"""Align two text files: read (:mod:`corpus_tools.textfile`), align, render.

Paragraph ends (blank lines) are evidence the aligner weighs; ``paragraphs=True`` makes them
hard boundaries. Sentence ids count sentences only, never blank lines.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

from corpus_tools.align.aligner import Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.align.ladder import format_ladder
from corpus_tools.lang import join_sentences
from corpus_tools.textfile import SentenceText, read_sentences

FORMATS = ("ladder", "tsv", "jsonl")


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
    beads = aligner.align(src.sentences, tgt.sentences, src_lang, tgt_lang, src.breaks,
                          tgt.breaks)
    return AlignedFiles(src, tgt, src_lang, tgt_lang, beads, aligner.method)


def render(result: AlignedFiles, fmt: str = "ladder", scores: bool = False) -> str:
    """Ladder (ids only), TSV (ids, score, texts) or JSON lines (everything)."""
    if fmt == "ladder":
        return format_ladder(result.beads, scores)
    rows = []
    for bead in result.beads:
        src_text = join_sentences((result.src.sentences[i] for i in bead.src), result.src_lang)
        tgt_text = join_sentences((result.tgt.sentences[j] for j in bead.tgt), result.tgt_lang)
        if fmt == "jsonl":
            rows.append(json.dumps({"src": list(bead.src), "tgt": list(bead.tgt),
                                    "score": bead.score, "src_text": src_text,
                                    "tgt_text": tgt_text}, ensure_ascii=False))
        else:
            ids = [",".join(map(str, bead.src)), ",".join(map(str, bead.tgt))]
            rows.append("\t".join(ids + ([f"{bead.score:.4f}"] if scores else [])
                                  + [_cell(src_text), _cell(tgt_text)]))
    return "".join(row + "\n" for row in rows)


def _cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")
