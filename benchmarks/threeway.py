"""Three-way alignment benchmark on NTREX-dev: en, ru and zh perturbed independently.

Each language's lines are merged with their successor (probability ``--merge``) or deleted
(``--delete``) with its own random stream, so the three pairwise alignments face different
problems. Gold units: original lines joined whenever one sentence of any language covers
them. A unit is right only if its id lists in all three languages are right. Also reported:
the pivot-agreement rate (share of units on which the pairwise alignments agree) and, for
comparison, the units a plain union of the pairwise links would give.

    python benchmarks/threeway.py [--data DIR] [--seed 1] [--merge 0.1] [--delete 0.05]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from comparable import DEFAULT_DATA, read_documents  # noqa: E402

from corpus_tools.align.multiway import (  # noqa: E402
    Unit,
    align_many,
    default_aligner,
    length_costs,
)

LANGS = ("en", "ru", "zh")
Ids = tuple[tuple[int, ...], ...]


def perturb(lines: list[str], rng: random.Random, merge: float, delete: float, joiner: str
            ) -> tuple[list[str], list[list[int]]]:
    """Sentences and, for each, the original lines it holds."""
    sentences: list[str] = []
    origin: list[list[int]] = []
    k = 0
    while k < len(lines):
        roll = rng.random()
        if roll < delete:
            k += 1
        elif roll < delete + merge and k + 1 < len(lines):
            sentences.append(joiner.join(lines[k:k + 2]))
            origin.append([k, k + 1])
            k += 2
        else:
            sentences.append(lines[k])
            origin.append([k])
            k += 1
    return sentences, origin


def gold_units(n_lines: int, origins: list[list[list[int]]]) -> set[Ids]:
    parent = list(range(n_lines))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for origin in origins:
        for held in origin:
            for line in held[1:]:
                parent[find(line)] = find(held[0])
    units: dict[int, list[list[int]]] = {}
    for lang, origin in enumerate(origins):
        for sent, held in enumerate(origin):
            units.setdefault(find(held[0]), [[] for _ in origins])[lang].append(sent)
    return {tuple(tuple(sorted(ids)) for ids in unit) for unit in units.values()}


def union_units(sizes: list[int], pairwise: dict) -> set[Ids]:
    """The old wide view: connected components of all pairwise links, no checks."""
    return {u.ids for u in align_many(sizes, pairwise, None, resolve=False)}


def prf(found: set[Ids], gold: set[Ids]) -> tuple[int, int, int]:
    return len(found & gold), len(found), len(gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--merge", type=float, default=0.1)
    parser.add_argument("--delete", type=float, default=0.05)
    args = parser.parse_args()
    if not (args.data / "en.tsv").exists():
        print(f"benchmark data not found at {args.data}; skipping")
        return
    docs = {lang: read_documents(args.data / f"{lang}.tsv") for lang in LANGS}
    aligner = default_aligner()
    totals = {"three-way": [0, 0, 0], "union": [0, 0, 0]}
    agreed = units_total = 0
    start = time.perf_counter()
    for number, doc in enumerate(docs["en"]):
        texts, origins = [], []
        for k, lang in enumerate(LANGS):
            rng = random.Random(f"{args.seed}:{number}:{k}")
            sents, origin = perturb(docs[lang][doc], rng, args.merge, args.delete,
                                    "" if lang == "zh" else " ")
            texts.append(sents)
            origins.append(origin)
        gold = gold_units(len(docs["en"][doc]), origins)
        pairwise = {(a, b): aligner(texts[a], texts[b], LANGS[a], LANGS[b])
                    for a in range(3) for b in range(a + 1, 3)}
        units: list[Unit] = align_many([len(t) for t in texts], pairwise, length_costs(texts))
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
