"""NTREX-dev en–ru and en–zh, made harder by a seeded perturbation (see perturb.py).

Each of the 61 documents is perturbed on its own (seed = document number): neighbouring
lines merged on either side, a few lines deleted on either side; gold follows exactly.

    python benchmarks/align_ntrex.py [--json] [--seed N]
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict

from alignbench import data_dir, report, run
from perturb import gold_beads, perturb

JOINER = {"zh": "", "ja": ""}


def read_documents(lang: str) -> dict[str, list[str]]:
    docs: dict[str, list[str]] = defaultdict(list)
    with open(data_dir("ntrex-dev") / f"{lang}.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs[row["doc_id"]].append(row["text"])
    return docs


def documents(src_lang: str, tgt_lang: str, seed: int = 0):
    src_docs, tgt_docs = read_documents(src_lang), read_documents(tgt_lang)
    out = []
    for number, doc_id in enumerate(src_docs):
        p = perturb([src_docs[doc_id], tgt_docs[doc_id]], seed=seed * 1000 + number,
                    joiners=[JOINER.get(src_lang, " "), JOINER.get(tgt_lang, " ")])
        out.append((doc_id, p.sides[0], p.sides[1], gold_beads(p)))
    return out


if __name__ == "__main__":
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 0
    for tgt in ("ru", "zh"):
        scores, seconds = run(documents("en", tgt, seed), "en", tgt)
        report(f"NTREX-dev perturbed en-{tgt} (seed {seed})", scores, seconds,
               "--json" in sys.argv)
