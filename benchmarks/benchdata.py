"""Where the benchmark data lives, and the NTREX-dev reader the benchmarks share.

The data is public third-party data kept outside the project: ``../shared/benchmarks/``
beside the repository, or ``$CORPUS_TOOLS_BENCHMARKS``.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

DATA = Path(os.environ.get("CORPUS_TOOLS_BENCHMARKS",
                           Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"))
NTREX = DATA / "ntrex-dev"


def data_dir(name: str) -> Path:
    """The benchmark folder, or exit 0 with a message when it is not on this machine."""
    folder = DATA / name
    if not folder.is_dir():
        print(f"benchmark data not found at {folder}; set CORPUS_TOOLS_BENCHMARKS", file=sys.stderr)
        sys.exit(0)
    return folder


def read_ntrex(lang: str, folder: Path = NTREX) -> dict[str, list[str]]:
    """One language's NTREX-dev lines, grouped by document id in file order."""
    docs: dict[str, list[str]] = {}
    with open(folder / f"{lang}.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs.setdefault(row["doc_id"], []).append(row["text"])
    return docs


# Embeddings of benchmark sentences are kept on disk between runs (one .npy per model and
# sentence), so comparing settings does not re-encode; BENCH_EMBEDDING_CENTRE=0 measures the
# encoder's cosines without document centring, BENCH_EMBEDDING_OVERLAP=N embeds runs of up to
# N sentences as one text (1: summed sentence vectors only).
# Set empty for no disk cache, as `corpus-tools align` and `build` run (time measurements).
EMBEDDING_CACHE = os.environ.get("BENCH_EMBEDDING_CACHE", "/tmp/corpus-tools-embeddings")


def bench_scorers(embedding: str | None):
    """The model-free scorers, and an embedding scorer with ``embedding`` (cached) if named."""
    from corpus_tools.align.scorers import model_free_scorers
    from corpus_tools.align.scorers.embedding import DEFAULT_OVERLAP, EmbeddingScorer

    scorers = model_free_scorers(beside_encoder=bool(embedding))
    if embedding:
        scorer = EmbeddingScorer(embedding, cache_dir=EMBEDDING_CACHE or None,
                                 centre=os.environ.get("BENCH_EMBEDDING_CENTRE", "1") != "0",
                                 overlap=int(os.environ.get("BENCH_EMBEDDING_OVERLAP",
                                                            DEFAULT_OVERLAP)))
        scorer.load()
        scorers.append(scorer)
    return scorers
