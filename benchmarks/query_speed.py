"""Query speed over an NTREX-derived corpus of 1,000 groups (en, ru, zh).

Each group is one NTREX-dev document in three languages (the 61 documents cycled, each copy
its own group and doc_ids), so the corpus has the vocabulary of real news text. The script
builds the token index once (timed), writes it as Parquet, and then times queries from a cold
start of the library (reading the index included), best of ``--repeat`` runs.

    python benchmarks/query_speed.py [--groups 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl  # noqa: E402
from benchdata import data_dir, read_ntrex  # noqa: E402

from corpus_tools.query.corpus import QueryCorpus  # noqa: E402
from corpus_tools.query.index import build_index  # noqa: E402
from corpus_tools.tables import TOKENS, write_table  # noqa: E402

QUERIES = [
    '[lemma="год"] [lemma="назад"]',  # two-token lemma query (the target)
    '[lemma="заявить"] []{0,3} [lemma="что"]',
    '[lemma="year"] [word="ago"]',
    '"美国" []{0,2} "总统"',
    '[lemma="по"] [word="слов.*"%c]',
]


def synthetic(groups: int, folder: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    by_lang = {lang: read_ntrex(lang, folder) for lang in ("en", "ru", "zh")}
    names = sorted(by_lang["en"])
    docs, sentences = [], []
    for g in range(groups):
        name = names[g % len(names)]
        for lang, lines in by_lang.items():
            doc_id = f"{g:04d}-{lang}"
            docs.append({"doc_id": doc_id, "group_id": f"g{g:04d}"})
            sentences += [{"doc_id": doc_id, "sent_id": i, "lang": lang, "text": text}
                          for i, text in enumerate(lines[name])]
    return pl.DataFrame(docs), pl.DataFrame(sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = data_dir("ntrex-dev")
    documents, sentences = synthetic(args.groups, folder)
    start = time.perf_counter()
    tokens = build_index(documents, sentences)
    built = time.perf_counter() - start
    print(f"{args.groups} groups, {sentences.height} sentences, {tokens.height} tokens; "
          f"index built in {built:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        write_table(tokens, Path(tmp) / "tokens.parquet", TOKENS)
        for query in QUERIES:
            times, hits = [], 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                hits = QueryCorpus.open(Path(tmp)).hits(query).height  # reads the index
                times.append(time.perf_counter() - start)
            print(f"{min(times):6.3f} s (max {max(times):.3f})  {hits:6d} hits  {query}")


if __name__ == "__main__":
    main()
