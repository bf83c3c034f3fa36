"""Three-way alignment benchmark on NTREX-dev: en, ru and zh perturbed independently.

``benchmarks/perturb.py`` merges lines with their successor in every language, each
language with its own draws (``--merge``), and deletes lines from one language at a time
(``--delete`` per language), so the three pairwise alignments face different problems.
Gold units: original lines joined whenever one sentence of any language covers them. A
unit is right only if its id lists in all three languages are right. Also reported: the
pivot-agreement rate (share of units on which the pairwise alignments agree) and, for
comparison, the units a plain union of the pairwise links would give.

    python benchmarks/threeway.py [--data DIR] [--seed 1] [--merge 0.1] [--delete 0.03]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchdata import NTREX, read_ntrex  # noqa: E402
from perturb import Perturbed, perturb  # noqa: E402

from corpus_tools.align.aligner import Aligner  # noqa: E402
from corpus_tools.align.multiway import Unit, align_many, aligner_costs  # noqa: E402

LANGS = ("en", "ru", "zh")
Ids = tuple[tuple[int, ...], ...]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=NTREX)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--merge", type=float, default=0.1)
    parser.add_argument("--delete", type=float, default=0.03)
    args = parser.parse_args()
    if not (args.data / "en.tsv").exists():
        print(f"benchmark data not found at {args.data}; skipping")
        return
    docs = {lang: read_ntrex(lang, args.data) for lang in LANGS}
    aligner = Aligner()
    totals = {"three-way": [0, 0, 0], "union": [0, 0, 0]}
    agreed = units_total = 0
    start = time.perf_counter()
    for number, doc in enumerate(docs["en"]):
        perturbed = perturb([docs[lang][doc] for lang in LANGS], seed=args.seed * 1000 + number,
                            merge_rate=args.merge, delete_rate=args.delete,
                            joiners=[" ", " ", ""], merge_sides=[0, 1, 2])
        texts = perturbed.sides
        gold = gold_units(perturbed)
        pairwise = {(a, b): aligner.align(texts[a], texts[b], LANGS[a], LANGS[b])
                    for a in range(3) for b in range(a + 1, 3)}
        units: list[Unit] = align_many([len(t) for t in texts], pairwise,
                                       aligner_costs(texts, LANGS, aligner))
        agreed += sum(u.agreement for u in units)
        units_total += len(units)
        for name, found in (("three-way", {u.ids for u in units}),
                            ("union", union_units([len(t) for t in texts], pairwise))):
            totals[name] = [x + y for x, y in zip(totals[name], prf(found, gold), strict=True)]
    for name, (right, found, gold) in totals.items():
        p, r = right / max(found, 1), right / max(gold, 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name}: units {found}, gold {gold}, P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    print(f"pivot agreement: {agreed / max(units_total, 1):.3f} of {units_total} units "
          f"({time.perf_counter() - start:.1f}s, merge {args.merge}, delete {args.delete}, "
          f"seed {args.seed})")


if __name__ == "__main__":
    main()
