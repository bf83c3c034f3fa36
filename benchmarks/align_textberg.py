"""Text+Berg de–fr: the seven test documents (and the dev document with --dev).

    python benchmarks/align_textberg.py [--dev] [--json] [--embedding MODEL]
"""

from __future__ import annotations

import sys

from alignbench import embedding_from_argv, lines, report, run
from benchdata import data_dir

from corpus_tools.align.ladder import read_ladder


def documents(names: list[str]):
    folder = data_dir("textberg-defr")
    return [(name, [s.strip() for s in lines(folder / f"{name}.de")],
             [s.strip() for s in lines(folder / f"{name}.fr")],
             read_ladder(folder / f"{name}.defr")) for name in names]


if __name__ == "__main__":
    names = ["dev"] if "--dev" in sys.argv else [f"test{k}" for k in range(7)]
    scores, seconds = run(documents(names), "de", "fr", embedding_from_argv(sys.argv))
    report(f"Text+Berg de-fr {'dev' if names == ['dev'] else 'test0-6'}", scores, seconds,
           "--json" in sys.argv)
