"""Sentence-per-line documents aligned on the sentences inside their lines.

A line of a ``segmented`` document is one sentence of the corpus, but a translator may have
joined two sentences on one line where another version keeps two lines. Aligned line by
line, that is a 2-1 bead, which the model-free scores often lose to a shifted run of 1-1
beads where a line is also left out nearby (docs/benchmarks.md, issue 19). So the aligner
sees such a document's lines cut into the sentences the rules segmenter finds in them
(parts), each line start a line end it weighs (or a paragraph end, where a blank line is),
as in plain text, and its beads are joined back into beads of whole lines: the lines stay the
units of every table.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from corpus_tools.align.aligner import LINE, PARAGRAPH, Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.segment.rules import RuleSegmenter
from corpus_tools.textfile import SentenceText


@dataclass(frozen=True)
class Parts:
    """A document as the aligner sees it: its sentences, or its lines' parts, and where its
    paragraphs and lines start (:data:`~corpus_tools.align.aligner.Breaks`)."""

    sentences: list[str]  # the document's sentences (a segmented document's lines)
    texts: list[str]  # what the aligner aligns
    sentence: list[int]  # the sentence id of each part
    breaks: dict[int, str]  # part → PARAGRAPH or LINE, where one starts (never 0)

    @classmethod
    def whole(cls, sentences: Sequence[str], paragraphs: Collection[int],
              lines: Collection[int] = ()) -> Parts:
        """Sentences aligned as they are (``paragraphs`` and ``lines``: the sentence ids
        that start one)."""
        return cls(list(sentences), list(sentences), list(range(len(sentences))),
                   dict.fromkeys(lines, LINE) | dict.fromkeys(paragraphs, PARAGRAPH))

    @classmethod
    def of_lines(cls, lines: Sequence[str], lang: str, paragraphs: Collection[int]) -> Parts:
        """Lines (a segmented document's sentences) cut by the rules segmenter; every line
        start is a LINE start, or a PARAGRAPH start for the lines in ``paragraphs``."""
        segmenter = RuleSegmenter()
        texts, sentence = [], []
        for number, line in enumerate(lines):
            spans = segmenter.split(line, lang) or [(0, len(line))]
            texts += [line[start:end] for start, end in spans]
            sentence += [number] * len(spans)
        breaks = {k: PARAGRAPH if sentence[k] in paragraphs else LINE
                  for k in range(1, len(sentence)) if sentence[k] != sentence[k - 1]}
        return cls(list(lines), texts, sentence, breaks)

    @classmethod
    def read(cls, text: SentenceText, lang: str, segmented: bool) -> Parts:
        """A text as :mod:`corpus_tools.textfile` read it."""
        if segmented:
            return cls.of_lines(text.sentences, lang, text.breaks)
        return cls.whole(text.sentences, text.breaks, text.lines)

    def ids(self, sentences: Sequence[int]) -> tuple[int, ...]:
        """The parts of ``sentences``."""
        wanted = set(sentences)
        return tuple(k for k, owner in enumerate(self.sentence) if owner in wanted)


def beads_of_parts(beads: Sequence[Bead], src: Parts, tgt: Parts) -> list[Bead]:
    """Beads over sentences (a reviewer's) as beads over the parts of ``src`` and ``tgt``."""
    return [Bead(src.ids(b.src), tgt.ids(b.tgt), b.score) for b in beads]


def beads_of_sentences(beads: Sequence[Bead], src: Parts, tgt: Parts) -> list[Bead]:
    """Beads over parts joined into beads over whole sentences: beads that share a sentence
    on either side become one, at the lowest confidence among them."""
    joined: list[Bead] = []
    for bead in beads:
        mine = (tuple(sorted({src.sentence[k] for k in bead.src})),
                tuple(sorted({tgt.sentence[k] for k in bead.tgt})))
        if joined and (set(mine[0]) & set(joined[-1].src) or set(mine[1]) & set(joined[-1].tgt)):
            last = joined.pop()
            mine = (tuple(sorted({*last.src, *mine[0]})), tuple(sorted({*last.tgt, *mine[1]})))
            joined.append(Bead(*mine, min(last.score, bead.score)))
        else:
            joined.append(Bead(*mine, bead.score))
    return joined


def align_parts(aligner: Aligner, src: Parts, tgt: Parts, src_lang: str = "",
                tgt_lang: str = "") -> list[Bead]:
    """Beads over the sentences of two documents, aligned on their parts."""
    beads = aligner.align(src.texts, tgt.texts, src_lang, tgt_lang, src.breaks, tgt.breaks)
    return beads_of_sentences(beads, src, tgt)
