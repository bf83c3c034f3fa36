"""Russian: words compared by lemma (pymorphy3), with the grammar of the term kept.

A term such as «сообщество единой судьбы» has a head noun phrase that declines
(«сообществом», «сообществе», «сообщества») and dependent words that keep their case
(«единой судьбы»). From the glossary form we find:

- the head: the leading modifiers and noun that can be nominative, plus noun phrases joined
  to it by «и»/«или» or a comma («Пояс и путь», «Один пояс, один путь»); in the text, the words
  of one phrase must share case and number, and the joined phrases must share case;
- after a leading numeral («Пять принципов …», «три зла») the noun it governs is free to
  change case and number;
- every other word must be the same lemma in the same case and number as in the glossary.

Parsing a word costs ~70 µs, so analyses are cached per word form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus_tools.morphology import Analysis, parse_word, versions
from corpus_tools.terms.matching import Entry
from corpus_tools.terms.matching.words import Pattern, WordMatcher

MODIFIERS = {"ADJF", "PRTF"}
FUNCTION_WORDS = {"CONJ", "PREP", "PRCL"}


@dataclass(frozen=True)
class RussianPattern(Pattern):
    fixed: tuple[frozenset[tuple[str, str | None, str | None]] | None, ...]  # None: not fixed
    phrases: tuple[tuple[int, ...], ...]  # word positions of the head phrases

    def accepts(self, analyses: Sequence[Analysis]) -> bool:
        for keys, fixed, analysis in zip(self.keys, self.fixed, analyses, strict=True):
            if fixed is None:
                if not any(p.lemma in keys for p in analysis):
                    return False
            elif not any((p.lemma, p.case, p.number) in fixed for p in analysis):
                return False
        cases: set[str | None] | None = None
        for phrase in self.phrases:
            common = set.intersection(*({(p.case, p.number) for p in analyses[k]
                                         if p.lemma in self.keys[k]} for k in phrase))
            phrase_cases = {case for case, _ in common}
            cases = phrase_cases if cases is None else cases & phrase_cases
            if not cases:
                return False
        return True


class RussianMatcher(WordMatcher):
    name = f"lemma-agreement ({versions()})"
    word = re.compile(r"\w+(?:-\w+)*")  # «китайско-центральноазиатское» is one word

    def analyse_form(self, form: str) -> Analysis:
        return parse_word(form)

    def keys(self, analysis: Analysis) -> Iterable[str]:
        return {p.lemma for p in analysis}

    def compile(self, entry: Entry, words: list[tuple[str, str]]) -> RussianPattern:
        parses = [self.analyse(w) for w, _ in words]
        phrases, free = _head_phrases(parses, [gap for _, gap in words])
        declining = {k for phrase in phrases for k in phrase} | free
        fixed = tuple(None if k in declining else frozenset((p.lemma, p.case, p.number)
                                                            for p in parses[k])
                      for k in range(len(words)))
        keys = tuple(frozenset(self.keys(a)) for a in parses)
        return RussianPattern(entry, keys, fixed, tuple(phrases))


def _head_phrases(parses: list[Analysis], gaps: list[str]
                  ) -> tuple[list[tuple[int, ...]], set[int]]:
    """The declining noun phrases at the start of a term, and words free to change form."""
    end = _nominative_phrase(parses, 0)
    if end is None:
        if parses and any(p.pos == "NUMR" for p in parses[0]):
            free = {1} if len(parses) > 1 and any(p.pos == "NOUN" for p in parses[1]) else set()
            return [(0,)], free
        return [], set()
    phrases = [tuple(range(0, end))]
    i = end
    while i < len(parses):
        if "," in gaps[i] and (nxt := _nominative_phrase(parses, i)) is not None:
            phrases.append(tuple(range(i, nxt)))
        elif (any(p.pos == "CONJ" for p in parses[i])
              and (nxt := _nominative_phrase(parses, i + 1)) is not None):
            phrases.append(tuple(range(i + 1, nxt)))
        else:
            break
        i = nxt
    return phrases, set()


def _nominative_phrase(parses: list[Analysis], start: int) -> int | None:
    """The end of a nominative phrase starting at ``start``: modifiers, then a noun — or
    modifiers alone («открытый и инклюзивный»)."""
    for k in range(start, len(parses)):
        if any(p.pos in FUNCTION_WORDS for p in parses[k]):  # «и» is also the letter's name
            return k if k > start else None
        if any(p.pos == "NOUN" and p.case == "nomn" for p in parses[k]):
            return k + 1
        if not any(p.pos in MODIFIERS and p.case == "nomn" for p in parses[k]):
            return k if k > start else None
    return len(parses) if len(parses) > start else None
