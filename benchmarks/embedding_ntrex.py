"""Sentence-encoder benchmark on NTREX-dev: does a line find its translation, and how fast?

For each language pair, the first ``--lines`` lines of each side are embedded; a line's
nearest neighbour on the other side should be its own translation (P@1, both directions
averaged). Also reported: the mean cosine of translations and of unrelated lines (their
gap is what the aligner's embedding scorer works with), sentences embedded per second on the
encoder's pinned thread count (1 unless ``--threads``), and the process's peak memory.

    python benchmarks/embedding_ntrex.py [--data DIR] [--model use-multilingual-v3]
                                         [--lines 500] [--threads 1]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from benchdata import NTREX, read_ntrex  # noqa: E402

from corpus_tools.align.scorers.embedding import (  # noqa: E402
    DEFAULT_MODEL,
    DEFAULT_THREADS,
    EmbeddingScorer,
)
from corpus_tools.errors import ModelMissingError  # noqa: E402

LANGS = ("en", "ru", "zh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=NTREX)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    args = parser.parse_args()
    if not (args.data / "en.tsv").exists():
        print(f"benchmark data not found at {args.data}; skipping")
        return
    lines = {lang: [s for doc in read_ntrex(lang, args.data).values() for s in doc][:args.lines]
             for lang in LANGS}
    scorer = EmbeddingScorer(args.model, threads=args.threads)
    before = peak_mib()
    try:
        scorer.load()
    except ModelMissingError as error:
        sys.exit(str(error))
    start, cpu_start = time.perf_counter(), time.process_time()
    vectors = {lang: scorer.encode(texts) for lang, texts in lines.items()}
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    total = sum(map(len, lines.values()))
    # On a shared machine the wall clock measures the other users too; CPU seconds do not.
    print(f"{args.model}: {total} sentences in {elapsed:.1f}s ({total / elapsed:.0f} per s; "
          f"{total / cpu:.0f} per CPU-second, {args.threads} thread"
          f"{'s' * (args.threads > 1)}); peak memory {peak_mib():.0f} MiB "
          f"({before:.0f} MiB before loading the encoder)")
    for a, b in combinations(LANGS, 2):
        similarity = vectors[a] @ vectors[b].T
        n = len(similarity)
        right = np.arange(n)
        p_at_1 = ((similarity.argmax(1) == right).mean()
                  + (similarity.argmax(0) == right).mean()) / 2
        unrelated = similarity[~np.eye(n, dtype=bool)]
        print(f"{a}–{b}: P@1 {p_at_1:.3f}, translations {np.diag(similarity).mean():.3f} "
              f"± {np.diag(similarity).std():.3f}, unrelated {unrelated.mean():.3f} "
              f"± {unrelated.std():.3f}")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
