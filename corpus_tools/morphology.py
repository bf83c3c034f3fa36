"""Russian morphology through pymorphy3, shared by term matching and the aligner's lexicon."""

from __future__ import annotations

import functools
from dataclasses import dataclass

# pymorphy's second genitive/locative/accusative agree with the first in adjectives.
CASES = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct"}


@dataclass(frozen=True)
class Parse:
    lemma: str
    pos: str | None
    case: str | None
    number: str | None


Analysis = tuple[Parse, ...]


@functools.cache
def _analyzer():
    import logging

    import pymorphy3

    logging.getLogger("pymorphy3").setLevel(logging.WARNING)  # no dictionary-loading notices
    return pymorphy3.MorphAnalyzer()


def parse_word(form: str) -> Analysis:
    parses = []
    for p in _analyzer().parse(form.lower()):
        case = p.tag.case
        parses.append(Parse(p.normal_form.replace("ё", "е"), p.tag.POS,
                            CASES.get(case, case), p.tag.number))
    return tuple(dict.fromkeys(parses))


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"pymorphy3 {version('pymorphy3')}, dicts {version('pymorphy3-dicts-ru')}"
    except PackageNotFoundError:
        return "pymorphy3"
