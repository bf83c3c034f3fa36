"""Comparable-alignment benchmark on NTREX-dev (model-free unless scorers are named).

For each document, a random half of its English lines, shuffled, plus as many English lines
from other documents (distractors) make the "commentary"; the full Russian (or Chinese)
document is the source. A found link is right when it pairs a kept line with its own
translation (groups count when they contain the right pair and nothing else: a 2–1 link
is right only if gold has it, which line-aligned NTREX never does).

    python benchmarks/comparable.py [--data DIR] [--langs ru,zh] [--seed 1] [--bootstrap 2]
                                    [--embedding MODEL] [--single] [--distractors 1.0]

``--embedding MODEL`` adds a sentence-embedding scorer (``default`` needs no download).
``--single`` aligns each document on its own, as ``corpus-tools align --mode comparable``
does with one commentary and one source (its lexicon rounds learn from that pair alone);
otherwise all documents together, as a corpus build does. ``--distractors R`` puts R
distractor lines per kept line into a commentary (1.5: the harder setting).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchdata import NTREX, bench_scorers, read_ntrex  # noqa: E402

from corpus_tools.align.comparable import (  # noqa: E402
    BOOTSTRAP_ROUNDS,
    ComparableSettings,
    align_comparable_corpus,
)
from corpus_tools.errors import ModelMissingError  # noqa: E402


def commentary(doc: str, english: dict[str, list[str]], rng: random.Random,
               distractors: float = 1.0) -> tuple[list[str], dict[int, int]]:
    """Shuffled half of ``doc``'s lines plus distractors; gold: commentary line → source line."""
    lines = english[doc]
    kept = rng.sample(range(len(lines)), max(1, len(lines) // 2))
    others = [t for d, ls in english.items() if d != doc for t in ls]
    extra = rng.sample(others, round(distractors * len(kept)))
    items = [(lines[i], i) for i in kept] + [(t, None) for t in extra]
    rng.shuffle(items)
    return [t for t, _ in items], {k: i for k, (_, i) in enumerate(items) if i is not None}


def run(data: Path, lang: str, seed: int, settings: ComparableSettings, bootstrap: int,
        embedding: str | None = None, single: bool = False, distractors: float = 1.0
        ) -> dict[str, float]:
    english = read_ntrex("en", data)
    source = read_ntrex(lang, data)
    rng = random.Random(seed)
    made = [commentary(doc, english, rng, distractors) for doc in english]
    pairs = [(text, source[doc]) for doc, (text, _) in zip(english, made, strict=True)]
    scorers = bench_scorers(embedding)
    if single:
        mined = [align_comparable_corpus([pair], "en", lang, scorers, settings, bootstrap)[0]
                 for pair in pairs]
    else:
        mined = align_comparable_corpus(pairs, "en", lang, scorers, settings, bootstrap)
    found = right = gold_total = 0
    for (_, gold), links in zip(made, mined, strict=True):
        found += len(links)
        right += sum(len(b.src) == len(b.tgt) == 1 and gold.get(b.src[0]) == b.tgt[0]
                     for b in links)
        gold_total += len(gold)
    p = right / found if found else 0.0
    r = right / gold_total if gold_total else 0.0
    return {"links": found, "gold": gold_total, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=NTREX)
    parser.add_argument("--langs", default="ru,zh")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=ComparableSettings.threshold)
    parser.add_argument("--margin", type=float, default=ComparableSettings.margin)
    parser.add_argument("--bootstrap", type=int, default=BOOTSTRAP_ROUNDS,
                        help="Rounds of lexicon learning over all documents (0: none).")
    parser.add_argument("--embedding", metavar="MODEL", help="add this embedding scorer")
    parser.add_argument("--single", action="store_true",
                        help="align each document on its own, as the CLI does")
    parser.add_argument("--distractors", type=float, default=1.0,
                        help="distractor lines per kept line (1.5: the harder setting)")
    args = parser.parse_args()
    if not (args.data / "en.tsv").exists():
        print(f"benchmark data not found at {args.data}; skipping")
        return
    settings = ComparableSettings(threshold=args.threshold, margin=args.margin)
    for lang in args.langs.split(","):
        start = time.perf_counter()
        try:
            result = run(args.data, lang, args.seed, settings, args.bootstrap, args.embedding,
                         args.single, args.distractors)
        except ModelMissingError as error:
            sys.exit(str(error))
        name = (f"{settings.describe()}+bootstrap{args.bootstrap}"
                + (f"+embedding({args.embedding})" if args.embedding else "")
                + (" single documents" if args.single else "")
                + f", distractors {args.distractors}")
        print(f"en-{lang} {name}: links {result['links']}, gold {result['gold']}, "
              f"P {result['precision']:.3f} R {result['recall']:.3f} "
              f"F1 {result['f1']:.3f} ({time.perf_counter() - start:.1f}s)")


if __name__ == "__main__":
    main()
