"""Shared plumbing for the alignment benchmarks: where the data is, run, score, print."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

# Run from a checkout: this repository's corpus_tools, not an installed one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdata import bench_scorers  # noqa: E402

from corpus_tools.align.aligner import Aligner  # noqa: E402
from corpus_tools.align.beads import Bead  # noqa: E402
from corpus_tools.align.evaluate import Scores, score  # noqa: E402

# (name, src sentences, tgt sentences, gold beads)
Document = tuple[str, list[str], list[str], list[Bead]]


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def embedding_from_argv(argv: list[str]) -> str | None:
    """``--embedding MODEL``: the encoder to add to the model-free scorers, if any."""
    return argv[argv.index("--embedding") + 1] if "--embedding" in argv else None


def run(documents: Sequence[Document], src_lang: str, tgt_lang: str,
        embedding: str | None = None) -> tuple[Scores, float]:
    """Align the documents together (one bootstrap lexicon for the set), score against gold;
    returns the scores and the seconds spent aligning (encoding included, unless cached).
    Model-free, plus an embedding scorer with the encoder ``embedding`` when one is named."""
    aligner = Aligner(bench_scorers(embedding))
    start = time.perf_counter()
    found = aligner.align_many([(src, tgt, (), ()) for _, src, tgt, _ in documents],
                                      src_lang, tgt_lang)
    seconds = time.perf_counter() - start
    return score([(doc[3], test) for doc, test in zip(documents, found, strict=True)]), seconds


def report(title: str, scores: Scores, seconds: float, as_json: bool = False) -> None:
    if as_json:
        print(json.dumps({"set": title, "seconds": round(seconds, 2), **vars(scores)}))
        return
    print(f"{title}  ({seconds:.1f} s)")
    for line in scores.lines():
        print("  " + line)
