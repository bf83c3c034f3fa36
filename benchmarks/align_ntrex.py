"""NTREX-dev en–ru and en–zh, made harder by a seeded perturbation (see perturb.py).

Each of the 61 documents is perturbed on its own (seed = document number): neighbouring
lines merged on either side, a few lines deleted on either side; gold follows exactly.

    python benchmarks/align_ntrex.py [--json] [--seed N]
"""

from __future__ import annotations

import sys

from alignbench import report, run
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


if __name__ == "__main__":
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 0
    for tgt in ("ru", "zh"):
        scores, seconds = run(documents("en", tgt, seed), "en", tgt)
        report(f"NTREX-dev perturbed en-{tgt} (seed {seed})", scores, seconds,
               "--json" in sys.argv)
