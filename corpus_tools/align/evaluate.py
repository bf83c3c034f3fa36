"""Strict and lax precision, recall and F1 of alignments against gold (micro-averaged).

The metric of Vecalign's ``score.py``, as ``../shared/benchmarks/README.md`` defines it:
precision over all test beads (1-0/0-1 included), recall over gold beads with both sides;
strict = identical bead, lax = shares a (source, target) sentence pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus_tools.align.beads import Bead
from corpus_tools.align.ladder import read_ladder
from corpus_tools.errors import InputError

Key = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Counts:
    test: int = 0
    gold: int = 0
    strict_p: int = 0  # test beads that are strict hits
    lax_p: int = 0
    strict_r: int = 0  # gold beads that are strict hits
    lax_r: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(asdict(self).values(), asdict(other).values(),
                                              strict=True)))


@dataclass(frozen=True)
class Scores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float
    documents: int
    test_beads: int
    gold_beads: int

    def lines(self) -> list[str]:
        return [f"strict  P {self.strict_precision:.3f}  R {self.strict_recall:.3f}  "
                f"F1 {self.strict_f1:.3f}",
                f"lax     P {self.lax_precision:.3f}  R {self.lax_recall:.3f}  "
                f"F1 {self.lax_f1:.3f}",
                f"({self.documents} documents, {self.test_beads} test beads, "
                f"{self.gold_beads} gold beads)"]


def _keys(beads: Sequence[Bead]) -> set[Key]:
    return {(tuple(b.src), tuple(b.tgt)) for b in beads if b.src or b.tgt}


def _pairs(beads: set[Key]) -> set[tuple[int, int]]:
    return {(s, t) for src, tgt in beads for s in src for t in tgt}


def count(gold: Sequence[Bead], test: Sequence[Bead]) -> Counts:
    gold_keys, test_keys = _keys(gold), _keys(test)
    gold_pairs, test_pairs = _pairs(gold_keys), _pairs(test_keys)
    linked_gold = {k for k in gold_keys if k[0] and k[1]}
    return Counts(
        test=len(test_keys), gold=len(linked_gold),
        strict_p=len(test_keys & gold_keys),
        lax_p=sum(1 for k in test_keys
                  if k in gold_keys or any((s, t) in gold_pairs for s in k[0] for t in k[1])),
        strict_r=len(linked_gold & test_keys),
        lax_r=sum(1 for k in linked_gold if any((s, t) in test_pairs
                                                 for s in k[0] for t in k[1])))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(documents: Sequence[tuple[Sequence[Bead], Sequence[Bead]]]) -> Scores:
    """Micro-averaged scores over ``[(gold beads, test beads), …]``, one pair per document."""
    total = sum((count(g, t) for g, t in documents), Counts())
    sp = total.strict_p / total.test if total.test else 0.0
    sr = total.strict_r / total.gold if total.gold else 0.0
    lp = total.lax_p / total.test if total.test else 0.0
    lr = total.lax_r / total.gold if total.gold else 0.0
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), len(documents), total.test,
                  total.gold)


def within(test: Sequence[Bead], gold: Sequence[Bead]) -> list[Bead]:
    """The test beads that share a sentence with a gold bead: to score an alignment against
    gold that covers only part of a document (a reviewer's units)."""
    src = {i for b in gold for i in b.src}
    tgt = {j for b in gold for j in b.tgt}
    return [b for b in test if src.intersection(b.src) or tgt.intersection(b.tgt)]


def evaluate_files(gold: Sequence[str | Path], test: Sequence[str | Path]) -> Scores:
    """Score test ladder files against gold ladder files, given in matching order."""
    if len(gold) != len(test):
        raise InputError(f"{len(gold)} gold files but {len(test)} test files; give one test "
                         "file per gold file, in the same order")
    documents = []
    for g, t in zip(gold, test, strict=True):
        gold_beads, test_beads = read_ladder(g), read_ladder(t)
        gold_size, test_size = _extent(gold_beads), _extent(test_beads)
        if gold_size != test_size:
            raise InputError(f"{g}: gold covers {gold_size[0]} source and {gold_size[1]} target "
                             f"sentences but {t} covers {test_size[0]} and {test_size[1]}; "
                             "are the files paired in the same order?")
        documents.append((gold_beads, test_beads))
    return score(documents)


def _extent(beads: Sequence[Bead]) -> tuple[int, int]:
    """Sentences per side implied by a ladder: one more than the highest index."""
    return (max((i for b in beads for i in b.src), default=-1) + 1,
            max((j for b in beads for j in b.tgt), default=-1) + 1)
