"""Comparable alignment at scale: time and peak memory for 2k, 4k, 8k sentences a side.

The English side is NTREX-dev lines repeated (copies numbered) to the size wanted; the
other side is the Russian lines repeated and shuffled, so every sentence has candidates all
over the document. Each size runs in a fresh process so that peak memory (ru_maxrss) is its own.

    python benchmarks/comparable_scale.py [--sizes 2000,4000,8000] [--lang ru]
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time

from benchdata import data_dir, read_ntrex

from corpus_tools.align.comparable import align_comparable
from corpus_tools.align.scorers import default_scorers


def lines_of(lang: str, size: int) -> list[str]:
    """NTREX lines repeated, each copy numbered (so that copies are told apart, as the
    sections of a long report would be)."""
    lines = [line for doc in read_ntrex(lang, data_dir("ntrex-dev")).values() for line in doc]
    return [f"{lines[k % len(lines)]} ({k // len(lines) + 1})" for k in range(size)]


def one(size: int, lang: str) -> dict:
    src = lines_of("en", size)
    tgt = lines_of(lang, size)
    random.Random(size).shuffle(tgt)
    start = time.perf_counter()
    links = align_comparable(src, tgt, "en", lang, default_scorers())
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "links": len(links), "seconds": round(seconds, 1),
            "peak_mib": round(peak)}


def option(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


if __name__ == "__main__":
    lang = option("--lang", "ru")
    if "--one" in sys.argv:
        print(json.dumps(one(int(option("--one", "0")), lang)))
        sys.exit(0)
    for size in map(int, option("--sizes", "2000,4000,8000").split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--lang", lang],
                             check=True, capture_output=True, text=True).stdout
        row = json.loads(out)
        print(f"{row['size']:>6} × {row['size']} en–{lang}: {row['seconds']:6.1f} s, "
              f"{row['links']} links, peak {row['peak_mib']} MiB", flush=True)
