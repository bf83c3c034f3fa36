"""Seeded perturbation of a line-aligned document pair, with its exact gold alignment.

Used by the NTREX benchmarks: start from n lines aligned 1-1, then on one side merge some
random neighbouring lines into one sentence (2-1 or 1-2 beads in the gold, 3-1 where two
merges meet), and delete a few lines on either side (their counterpart becomes a 1-0 or 0-1 bead). Works on any number
of parallel sides, so a three-way benchmark can perturb each language its own way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from corpus_tools.align.beads import Bead


@dataclass(frozen=True)
class Perturbed:
    sides: list[list[str]]  # the perturbed sentences of each side
    units: list[list[tuple[int, ...]]]  # per original line: its sentence ids on each side


def perturb(lines: list[list[str]], seed: int, merge_rate: float = 0.15,
            delete_rate: float = 0.03, joiners: list[str] | None = None,
            merge_sides: list[int] | None = None) -> Perturbed:
    """Perturb parallel sides (``lines[side][k]`` translates line k on every side).

    A line is deleted from one random side with probability ``delete_rate`` per side (never
    from two sides, so every original line survives somewhere). On the ``merge_sides``
    (default: one side drawn from the seed), each surviving line is merged with the next
    surviving one with probability ``merge_rate``.
    """
    rng = random.Random(seed)
    count = len(lines[0])
    sides = len(lines)
    joiners = joiners or [" "] * sides
    merge_sides = [rng.randrange(sides)] if merge_sides is None else merge_sides
    deleted = [set() for _ in range(sides)]
    for k in range(count):
        if rng.random() < delete_rate * sides:
            deleted[rng.randrange(sides)].add(k)
    out_sides, units = [], [[() for _ in range(sides)] for _ in range(count)]
    for side in range(sides):
        sentences: list[str] = []
        merge_next = False
        for k in range(count):
            if k in deleted[side]:
                continue
            if merge_next and sentences:
                sentences[-1] += joiners[side] + lines[side][k]
            else:
                sentences.append(lines[side][k])
            units[k][side] = (len(sentences) - 1,)
            merge_next = side in merge_sides and rng.random() < merge_rate
        out_sides.append(sentences)
    return Perturbed(out_sides, units)


def gold_beads(perturbed: Perturbed, src: int = 0, tgt: int = 1) -> list[Bead]:
    """The exact gold alignment between two sides: lines sharing a sentence form one bead."""
    beads: list[tuple[set[int], set[int]]] = []
    for unit in perturbed.units:
        s, t = set(unit[src]), set(unit[tgt])
        if beads and ((s and s & beads[-1][0]) or (t and t & beads[-1][1])):
            beads[-1][0].update(s)
            beads[-1][1].update(t)
        elif s or t:
            beads.append((s, t))
    return [Bead(tuple(sorted(s)), tuple(sorted(t))) for s, t in beads]
