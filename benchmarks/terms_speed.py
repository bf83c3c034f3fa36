"""Term matching throughput on NTREX-128 news lines (en, ru, zh), default glossary.

For Russian it also times matching with the per-word-form analysis cache emptied before
every line, to show what the cache is worth. NTREX is news, not diplomatic text, so the
hit counts are small; the timing is what this measures.

    python benchmarks/terms_speed.py [--data DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchdata import NTREX, read_ntrex  # noqa: E402

from corpus_tools.terms.glossary import load_glossary  # noqa: E402
from corpus_tools.terms.matching import matcher_for  # noqa: E402


def timed(matcher, lines: list[str], clear_cache: bool = False) -> tuple[float, int]:
    start, hits = time.perf_counter(), 0
    for line in lines:
        if clear_cache:
            matcher.cache.clear()
        hits += len(matcher.find(line))
    return time.perf_counter() - start, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path,
                        default=NTREX)
    parser.add_argument("--repeat", type=int, default=3, help="warm passes to average")
    args = parser.parse_args()
    if not (args.data / "ru.tsv").exists():
        print(f"NTREX data not found under {args.data}; skipping")
        return
    glossary = load_glossary()
    print(f"glossary: {len(glossary.concepts)} concepts")
    print("| lang | lines | chars | variants | hits | setup s | first pass s | warm pass s "
          "| lines/s (warm) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for lang in ("en", "ru", "zh"):
        lines = [line for doc in read_ntrex(lang, args.data).values() for line in doc]
        start = time.perf_counter()
        matcher = matcher_for(lang, glossary)  # ru: loads the pymorphy3 dictionaries
        setup = time.perf_counter() - start
        first, hits = timed(matcher, lines)
        warm = sum(timed(matcher, lines)[0] for _ in range(args.repeat)) / args.repeat
        print(f"| {lang} | {len(lines)} | {sum(map(len, lines))} | {len(matcher.entries)} | "
              f"{hits} | {setup:.2f} | {first:.3f} | {warm:.3f} | {len(lines) / warm:,.0f} |")
        if lang == "ru":
            print(f"| (ru: {len(matcher.cache)} word forms analysed once, then cached) |")
            uncached, _ = timed(matcher, lines, clear_cache=True)
            print(f"| ru, cache emptied before each line | {len(lines)} | | | | | {uncached:.3f} "
                  f"| | {len(lines) / uncached:,.0f} |")


if __name__ == "__main__":
    main()
