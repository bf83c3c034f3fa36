"""Shared plumbing for the alignment benchmarks: where the data is, run, score, print."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# Run from a checkout: this repository's corpus_tools, not an installed one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus_tools.align.aligner import Aligner  # noqa: E402
from corpus_tools.align.beads import Bead  # noqa: E402
from corpus_tools.align.evaluate import Scores, score  # noqa: E402

DATA = Path(os.environ.get("CORPUS_TOOLS_BENCHMARKS",
                           Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"))

# (name, src sentences, tgt sentences, gold beads)
Document = tuple[str, list[str], list[str], list[Bead]]


def data_dir(name: str) -> Path:
    """The benchmark folder, or exit 0 with a message when it is not on this machine."""
    folder = DATA / name
    if not folder.is_dir():
        print(f"benchmark data not found at {folder}; set CORPUS_TOOLS_BENCHMARKS", file=sys.stderr)
        sys.exit(0)
    return folder


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def run(documents: Sequence[Document], src_lang: str, tgt_lang: str,
        make_aligner: Callable[[], Aligner] = Aligner) -> tuple[Scores, float]:
    """Align every document, score against gold; returns scores and seconds spent aligning."""
    aligner = make_aligner()
    pairs, seconds = [], 0.0
    for _name, src, tgt, gold in documents:
        start = time.perf_counter()
        test = aligner.align(src, tgt, src_lang, tgt_lang)
        seconds += time.perf_counter() - start
        pairs.append((gold, test))
    return score(pairs), seconds


def report(title: str, scores: Scores, seconds: float, as_json: bool = False) -> None:
    if as_json:
        print(json.dumps({"set": title, "seconds": round(seconds, 2), **vars(scores)}))
        return
    print(f"{title}  ({seconds:.1f} s)")
    for line in scores.lines():
        print("  " + line)
