"""Document matching on NTREX-dev: each Russian document looks for its Chinese and English
versions among all 61 Chinese and 61 English documents at once (no lexicon).

Compares the verdict per language (what ``match_documents`` does) with one verdict over the
pooled candidates (the earlier behaviour, reproduced by giving every candidate one language
label): how many Russian documents get their right Chinese counterpart attached, how many a
wrong one, how many none.

    python benchmarks/match_docs_ntrex.py [--data DIR] [--threshold 0.5] [--margin 0.1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402
from benchdata import data_dir, read_ntrex  # noqa: E402

from corpus_tools.gather.match import match_documents  # noqa: E402


def frame(lang: str, folder: Path) -> pl.DataFrame:
    docs = read_ntrex(lang, folder)
    return pl.DataFrame({"doc_id": [f"{lang}:{d}" for d in docs], "name": list(docs),
                         "lang": lang, "text": ["\n\n".join(lines) for lines in docs.values()],
                         "url": None, "path": None},
                        schema_overrides={"url": pl.String, "path": pl.String})


def tally(matches, label: str, lang: str) -> tuple[int, int, int]:
    """Among the verdicts labelled ``label``: a right ``lang`` counterpart attached, a wrong
    one attached, no ``lang`` counterpart attached (pooled: also when one in the other
    language was)."""
    verdicts = [m for m in matches if m.lang == label]
    right = sum(m.accepted and m.candidate_id == f"{lang}:{m.name}" for m in verdicts)
    wrong = sum(m.accepted and m.candidate_id.startswith(f"{lang}:")
                and m.candidate_id != f"{lang}:{m.name}" for m in verdicts)
    return right, wrong, len(verdicts) - right - wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--margin", type=float, default=0.1)
    args = parser.parse_args()
    folder = args.data or data_dir("ntrex-dev")
    russian = frame("ru", folder)
    candidates = pl.concat([frame("zh", folder), frame("en", folder)])
    settings = {"threshold": args.threshold, "margin": args.margin}
    per_language = match_documents(russian, candidates, **settings)
    pooled = match_documents(russian, candidates.with_columns(lang=pl.lit("pooled")),
                             **settings)
    print(f"{russian.height} Russian documents; {candidates.height} candidates (zh + en); "
          f"threshold {args.threshold:g}, margin {args.margin:g}")
    print("verdict      | zh right | zh wrong | zh none | en right | en wrong | en none")
    for label, matches in (("per language", per_language), ("pooled", pooled)):
        cells = [n for lang in ("zh", "en")
                 for n in tally(matches, lang if label == "per language" else "pooled", lang)]
        print(f"{label:12} | " + " | ".join(f"{n:>8}" for n in cells))

if __name__ == "__main__":
    main()
