"""Query speed over an NTREX-derived corpus of 1,000 groups (en, ru, zh).

Each group is one NTREX-dev document in three languages (the 61 documents cycled, each copy
its own group and doc_ids), so the corpus has the vocabulary of real news text. The script
builds the token index once (timed), writes it as Parquet with the documents and sentences
tables, and then times each query from a cold start of the library (reading the index
included): finding the hits, and the whole concordance (``search``: hits with their sentences,
metadata and aligned units); best and worst of ``--repeat`` runs. Last, the whole command
``corpus-tools query DIR QUERY --json`` once per query in a fresh interpreter (imports
included).

    python benchmarks/query_speed.py [--groups 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl  # noqa: E402
from benchdata import data_dir, read_ntrex  # noqa: E402

from corpus_tools.query.corpus import QueryCorpus  # noqa: E402
from corpus_tools.query.index import build_index  # noqa: E402
from corpus_tools.query.search import Search, search  # noqa: E402
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
            docs.append({"doc_id": doc_id, "name": f"{name}-{g:04d}-{lang}",
                         "group_id": f"g{g:04d}", "lang": lang, "role": "original",
                         "site": name.split(".")[0], "published": None, "text": ""})
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
        folder = Path(tmp)
        write_table(tokens, folder / "tokens.parquet", TOKENS)
        write_table(documents, folder / "documents.parquet")
        write_table(sentences, folder / "sentences.parquet")
        print("hits s (best/worst) | concordance s (best/worst) | command s | hits | query")
        for query in QUERIES:
            hit_times = timed(lambda q=query: QueryCorpus.open(folder).hits(q).height,
                              args.repeat)
            kwic_times = timed(lambda q=query: search(folder, Search(q)).table.height,
                               args.repeat)
            command = timed(lambda q=query: subprocess.run(
                [sys.executable, "-m", "corpus_tools", "query", str(folder), q, "--json"],
                check=True, capture_output=True).returncode, 1)
            print(f"{min(hit_times[0]):.3f}/{max(hit_times[0]):.3f} | "
                  f"{min(kwic_times[0]):.3f}/{max(kwic_times[0]):.3f} | {command[0][0]:.2f} | "
                  f"{hit_times[1]} | {query}")


def timed(run, repeat: int) -> tuple[list[float], int]:
    times, result = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return times, result


if __name__ == "__main__":
    main()
