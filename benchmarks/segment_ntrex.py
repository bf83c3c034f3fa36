"""Sentence-boundary precision/recall/F1 of the segmenters on NTREX-dev (en, ru, zh).

For each document the lines are joined with single spaces (zh: nothing), except after a line
that does not end in sentence-final punctuation (a headline), where a blank line — a
paragraph break — is used, as in a real article. The text is re-segmented and the predicted
sentence ends are compared with the line ends, on the text with whitespace removed (the end
of the document is not counted). Throughput is sentences per second on one core.

    python benchmarks/segment_ntrex.py [--backend rules] [--compare] [--langs en,ru,zh]

``--compare`` also measures the libraries the rule backend was chosen against (razdel for
Russian, pysbd for all three, and sentencex if installed), paragraph by paragraph like the
backends. The data directory is
``../shared/benchmarks/ntrex-dev`` beside the repository, or ``$CORPUS_TOOLS_BENCHMARKS/ntrex-dev``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchdata import NTREX, read_ntrex  # noqa: E402

from corpus_tools.errors import ModelMissingError  # noqa: E402
from corpus_tools.segment import Segmenter, get_segmenter, segment_text  # noqa: E402

DATA = NTREX

# A line ending in one of these (before closing quotes/brackets) is a sentence, not a headline.
SENTENCE_FINAL = re.compile(r"[.!?…。！？](?:[\"'”’»“」』）)\]]*)$")
WHITESPACE = re.compile(r"\s+")

@dataclass
class Result:
    backend: str
    lang: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    sentences: int = 0
    seconds: float = 0.0
    shown: int = 0  # disagreements printed

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_documents(lang: str) -> list[list[str]]:
    """The lines of each NTREX-dev document, in order."""
    return list(read_ntrex(lang).values())


def join_lines(lines: list[str], lang: str) -> str:
    space = "" if lang == "zh" else " "
    parts = []
    for i, line in enumerate(lines):
        parts.append(line)
        if i < len(lines) - 1:
            parts.append(space if SENTENCE_FINAL.search(line.strip()) else "\n\n")
    return "".join(parts)


def ends(pieces: list[str]) -> set[int]:
    """Offsets, in the text without whitespace, where each piece but the last ends."""
    offsets, total = set(), 0
    for piece in pieces[:-1]:
        total += len(WHITESPACE.sub("", piece))
        offsets.add(total)
    return offsets


def measure(segmenter: Segmenter, lang: str, docs: list[list[str]],
            show_errors: int = 0) -> Result:
    result = Result(segmenter.name, lang)
    for lines in docs:
        text = join_lines(lines, lang)
        started = time.process_time()
        sentences = [text[s.start:s.end] for s in segment_text(text, lang, segmenter)]
        result.seconds += time.process_time() - started
        gold, found = ends(lines), ends(sentences)
        result.tp += len(gold & found)
        result.fp += len(found - gold)
        result.fn += len(gold - found)
        result.sentences += len(sentences)
        for offset in sorted(gold ^ found):
            if result.shown < show_errors:
                result.shown += 1
                flat = WHITESPACE.sub("", text)
                kind = "missed" if offset in gold else "extra "
                print(f"  {kind} {flat[max(0, offset - 50):offset]} ‖ {flat[offset:offset + 30]}")
    return result


class LibrarySegmenter:
    """A library's sentence splitter behind the ``Segmenter`` interface (for --compare)."""

    def __init__(self, name: str, sentences: Callable[[str], list[tuple[int, int]]]) -> None:
        self.name, self.sentences = name, sentences

    def split(self, paragraph: str, lang: str) -> list[tuple[int, int]]:
        return self.sentences(paragraph)


def library_segmenters(lang: str) -> list[LibrarySegmenter]:
    """The libraries the rule backend was measured against (razdel: Russian only)."""
    import pysbd

    found = []
    if lang == "ru":
        import razdel

        found.append(LibrarySegmenter(
            "razdel", lambda text: [(s.start, s.stop) for s in razdel.sentenize(text)]))
    pysbd_seg = pysbd.Segmenter(language=lang, clean=False, char_span=True)
    found.append(LibrarySegmenter(
        "pysbd", lambda text: [(s.start, s.end) for s in pysbd_seg.segment(text)]))
    try:
        import sentencex
    except ImportError:
        return found
    found.append(LibrarySegmenter(
        "sentencex", lambda text: _locate(text, sentencex.segment(lang, text))))
    return found


def _locate(text: str, sentences: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of sentences returned as strings, found in order in ``text``."""
    spans, pos = [], 0
    for sentence in sentences:
        sentence = sentence.strip()
        if sentence:
            start = text.index(sentence, pos)
            spans.append((start, start + len(sentence)))
            pos = start + len(sentence)
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="rules", help="corpus-tools segmenter backend")
    parser.add_argument("--compare", action="store_true", help="also measure the libraries")
    parser.add_argument("--langs", default="en,ru,zh")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="print N missed and extra boundaries per language and backend")
    args = parser.parse_args()
    if not (DATA / "en.tsv").exists():
        print(f"NTREX-dev not found at {DATA}; set CORPUS_TOOLS_BENCHMARKS. Nothing measured.")
        return
    print("| backend | lang | sentences | P | R | F1 | sentences/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for lang in args.langs.split(","):
        docs = load_documents(lang)
        try:
            segmenters = [get_segmenter(args.backend, lang)]
        except ModelMissingError as err:
            print(f"| {args.backend} | {lang} | {err} |")
            segmenters = []
        if args.compare:
            segmenters += library_segmenters(lang)
        for segmenter in segmenters:
            r = measure(segmenter, lang, docs, args.show_errors)
            rate = r.sentences / r.seconds if r.seconds else float("inf")
            print(f"| {r.backend} | {lang} | {r.sentences} | {r.precision:.4f} | {r.recall:.4f} "
                  f"| {r.f1:.4f} | {rate:,.0f} |")


if __name__ == "__main__":
    main()
