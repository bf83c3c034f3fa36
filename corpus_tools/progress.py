"""Progress bars on stderr (silenced by ``--quiet``), so stdout carries only results."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")

_quiet = False


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def is_quiet() -> bool:
    return _quiet


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate with a progress bar on stderr; no bar when quiet or for tiny jobs."""
    yield from tqdm(items, desc=description, total=total, file=sys.stderr, disable=_quiet or None,
                    leave=False, dynamic_ncols=True)
