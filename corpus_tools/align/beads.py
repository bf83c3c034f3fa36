"""The alignment record shared by the DP core, the scorers, the ladder format and tables."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bead:
    src: tuple[int, ...]  # 0-based sentence ids, empty for a 0-1 bead
    tgt: tuple[int, ...]  # empty for a 1-0 bead
    score: float = 1.0  # confidence in [0, 1]
