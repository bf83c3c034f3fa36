"""The build's parallel view on NTREX-dev written as a user's files (model-free).

Each language of each document is perturbed on its own: scanning the lines, a line is merged
with the next with p ``--merge``; lines not merged are deleted with p ``--delete`` in each
language, never in all three. Each version is written as a file in one of two layouts:

* ``a``: one sentence (a perturbed line) per line, no blank lines;
* ``b``: paragraphs of three original lines (one line of text each) with a blank line
  between; a line without a final stop (a headline) is a paragraph of its own, and a merged
  line stays in the paragraph of its first original line.

One manifest per layout (one group per document; en original, ru and zh translations;
``--segmented`` sets ``segmented = true`` for all) is built by the real build, and its
``parallel`` table scored: each unit's sentences in each language are mapped to the original
lines they cover; units that share an original line in any language are joined; a joined
unit is right when all its lines lie in one gold unit (lines joined by the perturbation's
merges) and it holds every kept version of each line it touches. Precision = right joined
units / joined units; recall = gold units whose lines all lie in right joined units / gold
units. Also reported: the share of units flagged (confidence < 0.7 or no agreement) and how
often the unflagged ones are right.

    python benchmarks/build_corpus.py [--layout a b] [--seeds 1-5] [--docs N] [--segmented]
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import polars as pl  # noqa: E402
from benchdata import data_dir, read_ntrex  # noqa: E402

from corpus_tools.build import build  # noqa: E402
from corpus_tools.stages import STAGES  # noqa: E402
from corpus_tools.tables import read_table  # noqa: E402

LANGS = ("en", "ru", "zh")
JOINER = {"en": " ", "ru": " ", "zh": ""}
FINAL_STOP = re.compile(r"[.!?。！？…][\"'”’»）)]*$")
CONFIDENT = 0.7
ALIGNMENT_STAGES = ("documents", "sentences", "learnt_lexicon", "alignments", "parallel")


@dataclass(frozen=True)
class Version:
    """One language's perturbed text: each sentence is a run of original line numbers."""

    sentences: list[list[int]]


def perturb_document(lines: dict[str, list[str]], rng: random.Random, merge: float,
                     delete: float) -> dict[str, Version]:
    count = len(lines["en"])
    merged_with_next = {lang: [rng.random() < merge for _ in range(count - 1)] + [False]
                        for lang in LANGS}
    in_merge = {lang: {k for k in range(count) if merged_with_next[lang][k]
                       or (k and merged_with_next[lang][k - 1])} for lang in LANGS}
    deleted: dict[str, set[int]] = {lang: set() for lang in LANGS}
    for k in range(count):
        drop = [lang for lang in LANGS if k not in in_merge[lang] and rng.random() < delete]
        if len(drop) == len(LANGS):
            drop.pop(rng.randrange(len(drop)))
        for lang in drop:
            deleted[lang].add(k)
    versions = {}
    for lang in LANGS:
        sentences: list[list[int]] = []
        for k in range(count):
            if k in deleted[lang]:
                continue
            if k and merged_with_next[lang][k - 1]:
                sentences[-1].append(k)
            else:
                sentences.append([k])
        versions[lang] = Version(sentences)
    return versions


def gold_units(versions: dict[str, Version], count: int) -> list[set[int]]:
    """Original lines joined whenever one sentence of any language holds them."""
    parent = list(range(count))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for version in versions.values():
        for sentence in version.sentences:
            for k in sentence[1:]:
                parent[root(k)] = root(sentence[0])
    units: dict[int, set[int]] = {}
    for k in range(count):
        units.setdefault(root(k), set()).add(k)
    return list(units.values())


def render(version: Version, lines: list[str], lang: str, layout: str) -> str:
    texts = [JOINER[lang].join(lines[k] for k in sentence) for sentence in version.sentences]
    if layout == "a":
        return "".join(t + "\n" for t in texts)
    paragraph_of = paragraphs(lines)
    blocks: dict[int, list[str]] = {}
    for sentence, text in zip(version.sentences, texts, strict=True):
        blocks.setdefault(paragraph_of[sentence[0]], []).append(text)
    return "\n\n".join(JOINER[lang].join(block) for _, block in sorted(blocks.items())) + "\n"


def paragraphs(lines: list[str]) -> list[int]:
    """Paragraph number of each original line: three lines a paragraph, a headline alone."""
    numbers, current, size = [], 0, 0
    for line in lines:
        headline = not FINAL_STOP.search(line.strip())
        if size and (headline or size == 3):
            current, size = current + 1, 0
        numbers.append(current)
        size = 3 if headline else size + 1
    return numbers


def sentence_lines(sentence_texts: list[str], version: Version, lines: list[str]
                   ) -> list[set[int]]:
    """The original lines each built sentence covers (whitespace ignored)."""
    owner: list[int] = []
    for sentence in version.sentences:
        for k in sentence:
            owner += [k] * len(re.sub(r"\s+", "", lines[k]))
    flat = "".join(re.sub(r"\s+", "", lines[k]) for s in version.sentences for k in s)
    covered, cursor = [], 0
    for text in sentence_texts:
        text = re.sub(r"\s+", "", text)
        start = flat.find(text, cursor)
        if start < 0 or not text:
            raise ValueError(f"sentence not found in its version: {text[:60]!r}")
        covered.append(set(owner[start:start + len(text)]))
        cursor = start + len(text)
    return covered


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    flagged: float  # share of units flagged (confidence < 0.7 or no agreement)
    unflagged_right: float  # share of unflagged units that are right

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score_group(units: list[dict], versions: dict[str, Version], covers: dict[str, list[set]],
                count: int) -> tuple[int, int, int, int, list[bool]]:
    """(right joined, joined, recalled gold, gold units, rightness of each unit)."""
    touched = [{(lang, k) for lang in LANGS for s in unit[f"{lang}_sent_ids"]
                for k in covers[lang][s]} for unit in units]
    parent = list(range(len(units)))

    def root(u: int) -> int:
        while parent[u] != u:
            u = parent[u]
        return u

    first_unit: dict[int, int] = {}
    for u, pairs in enumerate(touched):
        for _, k in pairs:
            if k in first_unit:
                parent[root(u)] = root(first_unit[k])
            else:
                first_unit[k] = u
    joined: dict[int, set[tuple[str, int]]] = {}
    for u, pairs in enumerate(touched):
        joined.setdefault(root(u), set()).update(pairs)
    kept = {(lang, k) for lang in LANGS for s in versions[lang].sentences for k in s}
    gold = gold_units(versions, count)
    gold_of = {k: g for g, unit in enumerate(gold) for k in unit}
    right_roots, right_lines = set(), set()
    for r, pairs in joined.items():
        lines = {k for _, k in pairs}
        if len({gold_of[k] for k in lines}) == 1 and all(
                (lang, k) in pairs for lang in LANGS for k in lines if (lang, k) in kept):
            right_roots.add(r)
            right_lines |= lines
    recalled = sum(unit <= right_lines for unit in gold)
    return (len(right_roots), len(joined), recalled, len(gold),
            [root(u) in right_roots for u in range(len(units))])


def run_layout(ntrex: dict[str, dict[str, list[str]]], doc_ids: list[str], layout: str,
               seed: int, merge: float, delete: float, segmented: bool, workdir: Path) -> Score:
    rng = random.Random(seed)
    folder = workdir / f"{layout}-{seed}{'-segmented' if segmented else ''}"
    folder.mkdir()
    entries, perturbed = [], {}
    for number, doc_id in enumerate(doc_ids, 1):
        lines = {lang: ntrex[lang][doc_id] for lang in LANGS}
        versions = perturb_document(lines, rng, merge, delete)
        perturbed[f"d{number}"] = (lines, versions)
        for lang in LANGS:
            path = folder / f"d{number}.{lang}.txt"
            path.write_text(render(versions[lang], lines[lang], lang, layout), encoding="utf-8")
            role = "original" if lang == "en" else "translation"
            entries.append(f'[[documents]]\nid = "d{number}-{lang}"\npath = "{path.name}"\n'
                           f'lang = "{lang}"\ngroup = "d{number}"\nrole = "{role}"\n')
    header = 'name = "bench"\n' + ("segmented = true\n" if segmented else "")
    (folder / "corpus.toml").write_text(header + "\n".join(entries), encoding="utf-8")
    build(folder / "corpus.toml", folder,
          stages=[s for s in STAGES if s.name in ALIGNMENT_STAGES])
    tables = folder / "corpora" / "bench"
    documents = read_table(tables / "documents.parquet")
    sentences = read_table(tables / "sentences.parquet")
    parallel = read_table(tables / "parallel.parquet")
    right = joined = recalled = gold = 0
    unflagged = unflagged_right = 0
    for (group,), units in parallel.sort("unit_id").group_by("group_id", maintain_order=True):
        lines, versions = perturbed[group]
        covers = {}
        for lang in LANGS:
            doc = documents.filter((pl.col("group_id") == group) & (pl.col("lang") == lang))
            texts = sentences.filter(pl.col("doc_id") == doc["doc_id"][0]).sort("sent_id")
            covers[lang] = sentence_lines(texts["text"].to_list(), versions[lang], lines[lang])
        rows = units.to_dicts()
        r, j, rec, g, rightness = score_group(rows, versions, covers, len(lines["en"]))
        right, joined, recalled, gold = right + r, joined + j, recalled + rec, gold + g
        for row, ok in zip(rows, rightness, strict=True):
            if row["agreement"] and row["score"] >= CONFIDENT:
                unflagged += 1
                unflagged_right += ok
    return Score(right / joined, recalled / gold, 1 - unflagged / parallel.height,
                 unflagged_right / unflagged if unflagged else 0.0)


def seed_range(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--layout", nargs="+", default=["a", "b"], choices=["a", "b"])
    parser.add_argument("--seeds", default="1-5")
    parser.add_argument("--docs", type=int, default=None, help="only the first N documents")
    parser.add_argument("--merge", type=float, default=0.10)
    parser.add_argument("--delete", type=float, default=0.03)
    parser.add_argument("--segmented", action="store_true",
                        help="declare segmented = true in the manifest")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    folder = args.data or data_dir("ntrex-dev")
    ntrex = {lang: read_ntrex(lang, folder) for lang in LANGS}
    doc_ids = list(ntrex["en"])[:args.docs]
    with tempfile.TemporaryDirectory() as tmp:
        for layout in args.layout:
            scores = [run_layout(ntrex, doc_ids, layout, seed, args.merge, args.delete,
                                 args.segmented, Path(tmp)) for seed in seed_range(args.seeds)]
            for name in ("f1", "precision", "recall", "flagged", "unflagged_right"):
                values = [getattr(s, name) for s in scores]
                per_seed = " ".join(f"{v:.3f}" for v in values)
                print(f"layout {layout}{' segmented' if args.segmented else ''} {name}: "
                      f"mean {statistics.mean(values):.3f} "
                      f"(min {min(values):.3f}, max {max(values):.3f}; seeds {per_seed})")


if __name__ == "__main__":
    main()
