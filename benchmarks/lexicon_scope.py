"""What learning the bootstrap lexicon per document group, instead of from the whole corpus,
costs in alignment quality (issue 20): NTREX-dev perturbed (as align_ntrex.py), strict F1 of

- ``corpus``: one lexicon learnt from all 61 document pairs together (``align_many``),
- ``group``: each document pair aligned alone, its lexicon learnt from itself,
- ``none``: no learnt lexicon (built-in dictionaries only).

    python benchmarks/lexicon_scope.py [--seeds 0-2] [--json]
"""

from __future__ import annotations

import json
import sys

from align_ntrex import documents, seeds_from_argv
from alignbench import Aligner, run

from corpus_tools.align.evaluate import score


def per_group(docs, src_lang: str, tgt_lang: str) -> float:
    aligner = Aligner()
    found = [aligner.align(src, tgt, src_lang, tgt_lang) for _, src, tgt, _ in docs]
    return score([(doc[3], test) for doc, test in zip(docs, found, strict=True)]).strict_f1


def scopes(src_lang: str, tgt_lang: str, seed: int) -> dict[str, float]:
    docs = documents(src_lang, tgt_lang, seed)
    return {"corpus": run(docs, src_lang, tgt_lang)[0].strict_f1,
            "group": per_group(docs, src_lang, tgt_lang),
            "none": run(docs, src_lang, tgt_lang, lambda: Aligner(bootstrap=False))[0].strict_f1}


if __name__ == "__main__":
    seeds = seeds_from_argv(sys.argv) if "--seed" in sys.argv or "--seeds" in sys.argv \
        else [0, 1, 2]
    for tgt in ("ru", "zh"):
        rows = [scopes("en", tgt, seed) for seed in seeds]
        mean = {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in rows[0]}
        if "--json" in sys.argv:
            print(json.dumps({"pair": f"en-{tgt}", "seeds": seeds, "per_seed": rows,
                              "mean": mean}))
        else:
            print(f"en-{tgt} strict F1, mean over seeds {seeds}: "
                  + ", ".join(f"{k} {v:.4f}" for k, v in mean.items())
                  + "  per seed: " + "; ".join(", ".join(f"{v:.3f}" for v in r.values())
                                               for r in rows), flush=True)
