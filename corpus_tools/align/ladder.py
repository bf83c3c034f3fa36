"""The ladder format, read and written here only: one bead per line, ``[0, 1]:[0]``.

0-based sentence indices as Vecalign and Bertalign write them; an optional third field is
the bead's score (``[3]:[4]:0.87``). Lists are read with or without spaces after commas.
Many-way units are written the same way, one list per language (``[0]:[0, 1]:[]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from corpus_tools.align.beads import Bead
from corpus_tools.errors import InputError
from corpus_tools.fileio import read_text

LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*(\S+))?\s*$")


def format_ids(sides: Iterable[Sequence[int]]) -> str:
    """One ladder line's id lists: ``[0, 1]:[0]`` (two sides) or ``[0]:[0, 1]:[]``."""
    return ":".join(f"[{', '.join(map(str, ids))}]" for ids in sides)


def format_bead(bead: Bead, scores: bool = False) -> str:
    line = format_ids((bead.src, bead.tgt))
    return f"{line}:{bead.score:.4f}" if scores else line


def format_ladder(beads: Iterable[Bead], scores: bool = False) -> str:
    return "".join(format_bead(b, scores) + "\n" for b in beads)


def parse_ladder(text: str, source: str = "<ladder>") -> list[Bead]:
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = LINE.match(line)
        if not match:
            raise InputError(f"{source}: line {number} is not a ladder bead like "
                             f"'[0, 1]:[0]': {line.strip()[:60]!r}")
        src, tgt, score = match.groups()
        try:
            beads.append(Bead(_ids(src), _ids(tgt), float(score) if score else 1.0))
        except ValueError:
            raise InputError(f"{source}: line {number} has a bad score: {score!r}") from None
    return beads


def read_ladder(path: str | Path) -> list[Bead]:
    return parse_ladder(read_text(path), str(path))


def _ids(field: str) -> tuple[int, ...]:
    return tuple(int(x) for x in field.replace(",", " ").split())
