"""Sentence segmentation: a ``Segmenter`` interface with one module per backend.

Every backend returns character spans into the text it was given, so that
``text[start:end]`` is the sentence; paragraphs are separated by blank lines and a
sentence never spans two paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import polars as pl

from corpus_tools.progress import track
from corpus_tools.tables import SENTENCES

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Sentence:
    paragraph_id: int
    start: int
    end: int


class Segmenter(Protocol):
    name: str  # recorded in the sentences table's provenance, e.g. "rules-0.1"

    def split(self, paragraph: str, lang: str) -> list[tuple[int, int]]:
        """Sentence spans within one paragraph (no blank lines inside)."""
        ...


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty paragraphs of ``text`` (blocks between blank lines)."""
    spans, start = [], 0
    for brk in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def segment_text(text: str, lang: str, segmenter: Segmenter | None = None) -> list[Sentence]:
    """Split ``text`` into sentences, paragraph by paragraph, with offsets into ``text``."""
    segmenter = segmenter or get_segmenter("rules")
    sentences = []
    for paragraph_id, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for start, end in segmenter.split(text[p_start:p_end], lang):
            sentences.append(Sentence(paragraph_id, p_start + start, p_start + end))
    return sentences


def segment_documents(documents: pl.DataFrame, segmenter: Segmenter | None = None
                      ) -> pl.DataFrame:
    """The ``sentences`` table for a ``documents`` table."""
    rows = []
    for doc in track(documents.iter_rows(named=True), "segment", total=documents.height):
        text = doc["text"]
        for sent_id, sent in enumerate(segment_text(text, doc["lang"], segmenter)):
            rows.append({"doc_id": doc["doc_id"], "sent_id": sent_id,
                         "paragraph_id": sent.paragraph_id, "lang": doc["lang"],
                         "text": text[sent.start:sent.end], "char_start": sent.start,
                         "char_end": sent.end})
    return pl.DataFrame(rows, schema=SENTENCES)


def get_segmenter(backend: str = "rules") -> Segmenter:
    from corpus_tools.segment.rules import RuleSegmenter

    if backend in ("rules", "auto"):
        return RuleSegmenter()
    raise ValueError(f"unknown segmenter backend {backend!r}")
