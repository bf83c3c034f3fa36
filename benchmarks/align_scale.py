"""Speed and memory at scale: 1k, 5k, 10k, 20k sentences a side, time and peak memory.

The documents are NTREX-dev en–zh lines, concatenated and repeated to the size wanted,
perturbed (merges and deletions) so that the path is not a plain diagonal. Each size runs
in a fresh process so that peak memory (ru_maxrss) is its own.

    python benchmarks/align_scale.py [--sizes 1000,5000,10000,20000] [--json]
                                     [--embedding MODEL] [--distinct]

``--embedding MODEL`` adds the encoder's scorer; its embeddings come from the benchmarks'
on-disk cache where an earlier run left them (run twice to time the alignment alone).
The repeated lines hold about 2,000 distinct sentences, so encoding is not to scale unless
``--distinct``: each repetition after the first ends its lines, on both sides, with its
number in brackets, so that every sentence is encoded (time encoding as `corpus-tools
align` runs, with no disk cache: ``BENCH_EMBEDDING_CACHE=`` set empty).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

from alignbench import Aligner, embedding_from_argv
from benchdata import bench_scorers, data_dir, read_ntrex
from perturb import perturb

from corpus_tools.lang import sentence_separator


def lines_of(lang: str, size: int, distinct: bool) -> list[str]:
    lines = [line for doc in read_ntrex(lang, data_dir("ntrex-dev")).values() for line in doc]
    repeated = [f"{line} ({copy})" if distinct and copy else line
                for copy in range(size // len(lines) + 1) for line in lines]
    return repeated[:size]


def one(size: int, embedding: str | None, distinct: bool, src_lang: str = "en",
        tgt_lang: str = "zh") -> dict:
    p = perturb([lines_of(src_lang, size, distinct), lines_of(tgt_lang, size, distinct)],
                seed=size,
                merge_rate=0.05, delete_rate=0.01, joiners=[" ", sentence_separator(tgt_lang)])
    start, cpu_start = time.perf_counter(), time.process_time()
    beads = Aligner(bench_scorers(embedding)).align(p.sides[0], p.sides[1], src_lang, tgt_lang)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "src": len(p.sides[0]), "tgt": len(p.sides[1]), "beads": len(beads),
            "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "peak_mib": round(peak)}


if __name__ == "__main__":
    if "--one" in sys.argv:
        print(json.dumps(one(int(sys.argv[sys.argv.index("--one") + 1]),
                             embedding_from_argv(sys.argv), "--distinct" in sys.argv)))
        sys.exit(0)
    sizes = [1000, 5000, 10000, 20000]
    if "--sizes" in sys.argv:
        sizes = [int(s) for s in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    for size in sizes:
        model = embedding_from_argv(sys.argv)
        out = subprocess.run([sys.executable, __file__, "--one", str(size),
                              *(["--embedding", model] if model else []),
                              *(["--distinct"] if "--distinct" in sys.argv else [])], check=True,
                             capture_output=True, text=True).stdout
        row = json.loads(out)
        print(json.dumps(row) if "--json" in sys.argv else
              f"{row['size']:>6} sentences ({row['src']} x {row['tgt']}): "
              f"{row['seconds']:6.1f} s ({row['cpu_seconds']:.1f} CPU-s), "
              f"peak {row['peak_mib']} MiB", flush=True)
