"""Sentence segmentation: a ``Segmenter`` interface with one module per backend.

Backends: ``rules`` (:mod:`.rules`, no model, any language), ``stanza``
(:mod:`.stanza_backend`, when its model is installed) and ``auto`` (stanza where its model
for the language is installed, the rules elsewhere). Every backend returns character spans
into the text it was given, so that ``text[start:end]`` is the sentence. Texts here are in
the ``documents`` form (:mod:`corpus_tools.textfile` reads files into it): paragraphs are
separated by blank lines, a line break inside a paragraph also ends a sentence, and a
sentence never spans two lines.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polars as pl

from corpus_tools.fileio import read_text
from corpus_tools.lang import script_mismatch
from corpus_tools.progress import track
from corpus_tools.tables import SENTENCES

log = logging.getLogger(__name__)

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
LINE_BREAKS = re.compile(r"\s*\n\s*")
LINE = re.compile(r"[^\n]*\S[^\n]*")  # a line with text


@dataclass(frozen=True)
class Sentence:
    paragraph_id: int
    start: int
    end: int


@dataclass(frozen=True)
class PlainSegmentation:
    text: str  # one sentence per line
    sentences: int
    paragraphs: int
    segmenter: str


class Segmenter(Protocol):
    name: str  # backend and version, recorded in the sentences table's provenance

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


def segment_text(text: str, lang: str, segmenter: Segmenter | None = None,
                 segmented: bool = False) -> list[Sentence]:
    """Split ``text`` into sentences, line by line, with offsets into ``text``; when
    ``segmented``, each line is one sentence."""
    segmenter = segmenter or get_segmenter("rules")
    sentences = []
    for paragraph_id, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for line in LINE.finditer(text, p_start, p_end):
            content = line.group()
            spans = ([(len(content) - len(content.lstrip()), len(content.rstrip()))]
                     if segmented else segmenter.split(content, lang))
            sentences += [Sentence(paragraph_id, line.start() + start, line.start() + end)
                          for start, end in spans]
    return sentences


def segment_documents(documents: pl.DataFrame, segmenter: Segmenter | None = None
                      ) -> pl.DataFrame:
    """The ``sentences`` table for a ``documents`` table (a ``segmented`` document's lines are
    its sentences)."""
    rows = []
    for doc in track(documents.iter_rows(named=True), "segment", total=documents.height):
        text = doc["text"]
        for sent_id, sent in enumerate(segment_text(text, doc["lang"], segmenter,
                                                    bool(doc.get("segmented")))):
            rows.append({"doc_id": doc["doc_id"], "sent_id": sent_id,
                         "paragraph_id": sent.paragraph_id, "lang": doc["lang"],
                         "text": text[sent.start:sent.end], "char_start": sent.start,
                         "char_end": sent.end})
    return pl.DataFrame(rows, schema=SENTENCES)


BACKENDS = ("auto", "stanza", "rules")


class AutoSegmenter:
    """For each language, stanza when its model is installed, the rules otherwise."""

    def __init__(self) -> None:
        self.chosen: dict[str, Segmenter] = {}

    @property
    def name(self) -> str:
        """The backend used for each language so far, e.g. ``en:stanza-1.15.0 zh:rules-0.1.0``."""
        return " ".join(f"{lang}:{seg.name}" for lang, seg in sorted(self.chosen.items())) \
            or "auto"

    def split(self, paragraph: str, lang: str) -> list[tuple[int, int]]:
        if lang not in self.chosen:
            self.chosen[lang] = get_segmenter("auto", lang)
        return self.chosen[lang].split(paragraph, lang)


def get_segmenter(backend: str = "rules", lang: str | None = None) -> Segmenter:
    """The segmenter called ``backend`` (auto, stanza or rules).

    With ``lang``, the one that will segment that language: ``auto`` is resolved, and
    ``stanza`` raises :class:`~corpus_tools.errors.ModelMissingError` now if the model is
    not installed (without, that happens at the first paragraph in that language).
    """
    from corpus_tools.segment.rules import RuleSegmenter
    from corpus_tools.segment.stanza_backend import StanzaSegmenter, tokenizer_model

    if backend == "rules":
        return RuleSegmenter()
    if backend == "auto" and lang is None:
        return AutoSegmenter()
    if backend == "auto":
        return StanzaSegmenter() if tokenizer_model(lang) else RuleSegmenter()
    if backend == "stanza":
        segmenter = StanzaSegmenter()
        if lang is not None:
            segmenter.require(lang)
        return segmenter
    raise ValueError(f"unknown segmenter backend {backend!r}; choose one of {BACKENDS}")


def sentence_lines(text: str, sentences: list[Sentence], keep_paragraphs: bool = False) -> str:
    """Plain-text output: one sentence per line (line breaks inside a sentence become
    spaces), with a blank line between paragraphs when ``keep_paragraphs``."""
    lines, paragraph = [], None
    for sent in sentences:
        if keep_paragraphs and paragraph is not None and sent.paragraph_id != paragraph:
            lines.append("")
        paragraph = sent.paragraph_id
        lines.append(LINE_BREAKS.sub(" ", text[sent.start:sent.end]))
    return "".join(f"{line}\n" for line in lines)


def segment_plain(source: str | Path, lang: str, backend: str = "auto",
                  keep_paragraphs: bool = False) -> PlainSegmentation:
    """Segment a UTF-8 text file (``-``: stdin) read as :mod:`corpus_tools.textfile` reads
    every file.

    Text that is not in ``lang``'s script is segmented anyway, with a warning.
    """
    from corpus_tools.textfile import normalise_text

    text = normalise_text(read_text(source), lang)
    name = "<stdin>" if str(source) == "-" else source
    mismatch = script_mismatch(text, lang)
    if mismatch:
        log.warning("%s: %s; segmenting it as '%s' anyway", name, mismatch, lang)
    segmenter = get_segmenter(backend, lang)
    sentences = segment_text(text, lang, segmenter)
    if not sentences:
        log.warning("%s: no text, so no sentences", name)
    return PlainSegmentation(sentence_lines(text, sentences, keep_paragraphs), len(sentences),
                             len({s.paragraph_id for s in sentences}), segmenter.name)
