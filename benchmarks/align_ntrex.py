"""NTREX-dev en–ru and en–zh, made harder by a seeded perturbation (see perturb.py).

Each of the 61 documents is perturbed on its own (seed = document number): neighbouring
lines merged on either side, a few lines deleted on either side; gold follows exactly.

    python benchmarks/align_ntrex.py [--json] [--embedding MODEL] [--seed N | --seeds 0-4]

One seed's perturbation is a small sample (about 800 gold beads, one bead ≈ 0.0012 F1), so
``--seeds`` also reports each pair's mean strict F1 over several seeds.
"""

from __future__ import annotations

import sys

from alignbench import embedding_from_argv, report, run
from benchdata import data_dir, read_ntrex
from perturb import gold_beads, perturb

from corpus_tools.lang import sentence_separator


def documents(src_lang: str, tgt_lang: str, seed: int = 0):
    folder = data_dir("ntrex-dev")
    src_docs, tgt_docs = read_ntrex(src_lang, folder), read_ntrex(tgt_lang, folder)
    out = []
    for number, doc_id in enumerate(src_docs):
        p = perturb([src_docs[doc_id], tgt_docs[doc_id]], seed=seed * 1000 + number,
                    joiners=[sentence_separator(src_lang), sentence_separator(tgt_lang)])
        out.append((doc_id, p.sides[0], p.sides[1], gold_beads(p)))
    return out


def seeds_from_argv(argv: list[str]) -> list[int]:
    if "--seeds" in argv:
        first, _, last = argv[argv.index("--seeds") + 1].partition("-")
        return list(range(int(first), int(last or first) + 1))
    return [int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0]


if __name__ == "__main__":
    seeds = seeds_from_argv(sys.argv)
    for tgt in ("ru", "zh"):
        f1s = []
        for seed in seeds:
            scores, seconds = run(documents("en", tgt, seed), "en", tgt,
                                  embedding_from_argv(sys.argv))
            report(f"NTREX-dev perturbed en-{tgt} (seed {seed})", scores, seconds,
                   "--json" in sys.argv)
            f1s.append(scores.strict_f1)
        if len(seeds) > 1 and "--json" not in sys.argv:
            print(f"en-{tgt}: mean strict F1 over seeds {seeds[0]}-{seeds[-1]}: "
                  f"{sum(f1s) / len(f1s):.3f}")
