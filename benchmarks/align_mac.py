"""MAC-Dev zh–en: the model-free aligner on six novel chapters against manual gold.

    python benchmarks/align_mac.py [--json] [--embedding MODEL]
"""

from __future__ import annotations

import sys

from alignbench import embedding_from_argv, lines, report, run
from benchdata import data_dir

from corpus_tools.align.ladder import read_ladder


def documents():
    folder = data_dir("mac-dev-zhen")
    return [(path.stem, lines(folder / "zh" / path.stem), lines(folder / "en" / path.stem),
             read_ladder(path)) for path in sorted((folder / "gold").glob("*.align"))]


if __name__ == "__main__":
    scores, seconds = run(documents(), "zh", "en", embedding_from_argv(sys.argv))
    report("MAC-Dev zh-en", scores, seconds, "--json" in sys.argv)
