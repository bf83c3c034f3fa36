"""Align two text files: read (segmenting unless presegmented), align, render.

Presegmented input is one sentence per line; a blank line there (like a blank line between
paragraphs in raw text) marks a paragraph boundary, which ``paragraphs=True`` keeps as a
hard boundary. Sentence ids count sentences only, never blank lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.align.aligner import Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.align.ladder import format_ladder
from corpus_tools.fileio import read_text
from corpus_tools.lang import join_sentences

FORMATS = ("ladder", "tsv", "jsonl")


@dataclass(frozen=True)
class Side:
    sentences: list[str]
    breaks: frozenset[int]  # sentence ids that start a new paragraph (never 0)


@dataclass(frozen=True)
class AlignedFiles:
    src: Side
    tgt: Side
    src_lang: str
    tgt_lang: str
    beads: list[Bead]
    method: str


def read_side(path: str | Path, lang: str, presegmented: bool) -> Side:
    text = read_text(path)
    if presegmented:
        sentences, breaks = [], set()
        for line in text.splitlines():
            if line.strip():
                sentences.append(line.strip())
            elif sentences:
                breaks.add(len(sentences))
    else:
        from corpus_tools.segment import segment_text

        spans = segment_text(text, lang)
        sentences = [text[s.start:s.end].strip() for s in spans]
        breaks = {k for k in range(1, len(spans))
                  if spans[k].paragraph_id != spans[k - 1].paragraph_id}
    return Side(sentences, frozenset(b for b in breaks if 0 < b < len(sentences)))


def align_files(src_path: str | Path, tgt_path: str | Path, src_lang: str, tgt_lang: str,
                presegmented: bool = False, paragraphs: bool = False,
                aligner: Aligner | None = None) -> AlignedFiles:
    aligner = aligner or Aligner()
    src = read_side(src_path, src_lang, presegmented)
    tgt = read_side(tgt_path, tgt_lang, presegmented)
    beads = aligner.align(src.sentences, tgt.sentences, src_lang, tgt_lang,
                          src.breaks if paragraphs else (), tgt.breaks if paragraphs else ())
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
