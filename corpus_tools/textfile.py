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
  segmenter.

Paragraph ends and the ends of kept lines are the author's units, which the aligner weighs
as evidence, each at its own price (never as walls, see :mod:`corpus_tools.align.dp`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.fileio import read_text
from corpus_tools.lang import join_sentences
from corpus_tools.segment import Segmenter, Sentence, get_segmenter, segment_text

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
    lines: frozenset[int] = frozenset()  # … that start a new line inside a paragraph


def normalise_text(text: str, lang: str, segmented: bool = False) -> str:
    """The ``documents`` form of a file's text (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [[line.strip() for line in block.split("\n") if line.strip()]
              for block in BLANK_LINE.split(text)]
    keep_lines = segmented or _lines_end_sentences(blocks)
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
    breaks, lines = sentence_breaks(normalised, spans)
    return SentenceText([normalised[s.start:s.end] for s in spans], breaks, lines)


def sentence_breaks(text: str, spans: Sequence[Sentence]
                    ) -> tuple[frozenset[int], frozenset[int]]:
    """The sentences of ``text`` (a ``documents`` text) that start a paragraph, and those
    that start a line inside one."""
    paragraphs, lines = set(), set()
    for k in range(1, len(spans)):
        if spans[k].paragraph_id != spans[k - 1].paragraph_id:
            paragraphs.add(k)
        elif "\n" in text[spans[k - 1].end:spans[k].start]:
            lines.add(k)
    return frozenset(paragraphs), frozenset(lines)


def read_sentences(path: str | Path, lang: str, segmented: bool = False,
                   segmenter: Segmenter | None = None) -> SentenceText:
    """A text file's sentences and paragraph starts (``-``: stdin); an empty file is an
    error, as it is in a build."""
    read = text_sentences(read_text(path), lang, segmented, segmenter)
    if not read.sentences:
        raise InputError(f"{'<stdin>' if str(path) == '-' else path}: the file is empty "
                         "(no sentences)")
    return read
