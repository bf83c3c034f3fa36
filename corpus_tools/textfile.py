"""The one reader of text files: paragraphs and sentences, the same for every command.

``gather``/``build`` (the ``documents`` text), ``segment``, ``align`` and ``align3`` all read
a file here, so one text gets the same sentence ids everywhere.

A file's text is first normalised (:func:`normalise_text`) into the ``documents`` text form:
paragraphs separated by one blank line, and inside a paragraph a line break only where the
text runs on in a new sentence (the segmenter never joins two lines). Then:

* ``segmented`` (the manifest's ``segmented = true``, ``--presegmented``): each line is one
  sentence, blank lines are paragraph ends;
* otherwise a blank line ends a paragraph. The lines of a file are kept as sentence
  boundaries when most of them end with a sentence stop (one or more sentences per line);
  else they are wrapped prose and joined. Each line is then split into sentences by the
  segmenter. In a file without blank lines whose lines are kept, each line is a paragraph:
  the author's units, which the aligner weighs as evidence (never as walls, see
  :mod:`corpus_tools.align.dp`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.fileio import read_text
from corpus_tools.lang import join_sentences
from corpus_tools.segment import Segmenter, get_segmenter, segment_text

DEFAULT_SEGMENTER = "auto"
BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A line that ends a sentence: a stop, then closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?:;…。！？；：][\"'”’»」』）)\]]*\s*$")
LINE_SENTENCES = 0.5  # share of lines ending a sentence above which lines are kept apart


@dataclass(frozen=True)
class SentenceText:
    """A text's sentences and where its paragraphs start."""

    sentences: list[str]
    breaks: frozenset[int]  # sentence ids that start a new paragraph (never 0)


def normalise_text(text: str, lang: str, segmented: bool = False) -> str:
    """The ``documents`` form of a file's text (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [[line.strip() for line in block.split("\n") if line.strip()]
              for block in BLANK_LINE.split(text)]
    keep_lines = segmented or _lines_end_sentences(blocks)
    if keep_lines and not segmented and len(blocks) == 1:
        blocks = [[line] for line in blocks[0]]
    paragraphs = ["\n".join(block) if keep_lines else join_sentences(block, lang)
                  for block in blocks]
    return "\n\n".join(p for p in paragraphs if p)


def _lines_end_sentences(blocks: list[list[str]]) -> bool:
    """Whether most lines that another line follows in their paragraph end a sentence."""
    inner = [line for block in blocks for line in block[:-1]]
    if not inner:
        return True
    return sum(bool(SENTENCE_END.search(line)) for line in inner) >= LINE_SENTENCES * len(inner)


def text_sentences(text: str, lang: str, segmented: bool = False,
                   segmenter: Segmenter | None = None) -> SentenceText:
    """The sentences and paragraph starts of a file's text."""
    normalised = normalise_text(text, lang, segmented)
    spans = segment_text(normalised, lang, segmenter or get_segmenter(DEFAULT_SEGMENTER),
                         segmented)
    breaks = {k for k in range(1, len(spans)) if spans[k].paragraph_id != spans[k - 1].paragraph_id}
    return SentenceText([normalised[s.start:s.end] for s in spans], frozenset(breaks))


def read_sentences(path: str | Path, lang: str, segmented: bool = False,
                   segmenter: Segmenter | None = None) -> SentenceText:
    """A text file's sentences and paragraph starts (``-``: stdin); an empty file is an
    error, as it is in a build."""
    read = text_sentences(read_text(path), lang, segmented, segmenter)
    if not read.sentences:
        raise InputError(f"{'<stdin>' if str(path) == '-' else path}: the file is empty "
                         "(no sentences)")
    return read
