"""Matching in languages written with spaces: a term is a sequence of words.

Subclasses say how a word is analysed (:meth:`WordMatcher.analyse`, cached per word form)
and how a term's words accept a run of analysed words (:meth:`WordMatcher.compile`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from corpus_tools.terms.matching import Entry, Hit, Matcher, Token

# What may stand between two words of one term: spaces, hyphens and dashes, quotes, commas
# and "+"/"&" ("Пояс и путь" inside «…», "One Belt, One Road", "China + Central Asia");
# not sentence punctuation.
GAP = re.compile(r"[\s\-\u2010-\u2015'’\"«»“”„,+&]{0,4}")


@dataclass(frozen=True)
class Pattern:
    entry: Entry
    keys: tuple[frozenset[str], ...]  # per word: keys any of which may start a match

    def accepts(self, analyses: Sequence[Any]) -> bool:
        return all(keys & analysis for keys, analysis in zip(self.keys, analyses, strict=True))


class WordMatcher(Matcher):
    """Words compared case-folded; subclasses refine the analysis of a word."""

    name = "words"
    word = re.compile(r"\w+(?:['’]\w+)*")

    def __init__(self, lang: str, entries: list[Entry]) -> None:
        super().__init__(lang, entries)
        self.cache: dict[str, Any] = {}  # word form → analysis: texts repeat their words
        self.patterns = [self.compile(e, self.split(e.variant.text)) for e in entries]
        self.index: dict[str, list[int]] = {}
        for number, pattern in enumerate(self.patterns):
            for key in pattern.keys[0]:
                self.index.setdefault(key, []).append(number)

    # --- hooks -----------------------------------------------------------------------------

    def analyse_form(self, form: str) -> Any:
        """What a word form is compared by; the default is its case-folded keys."""
        return frozenset({form.casefold()})

    def keys(self, analysis: Any) -> Iterable[str]:
        """The keys a word is indexed under (the first word of a term must share one)."""
        return analysis

    def compile(self, entry: Entry, words: list[tuple[str, str]]) -> Pattern:
        """A pattern from a variant's words, each given with the text before it."""
        return Pattern(entry, tuple(frozenset(self.keys(self.analyse(w))) for w, _ in words))

    # --- shared machinery -------------------------------------------------------------------

    def analyse(self, form: str) -> Any:
        analysis = self.cache.get(form)
        if analysis is None:
            analysis = self.cache[form] = self.analyse_form(form)
        return analysis

    def split(self, text: str) -> list[tuple[str, str]]:
        """A variant's words, each with the gap before it (the first word's gap is '')."""
        words, end = [], None
        for m in self.word.finditer(text):
            words.append((m.group(), "" if end is None else text[end:m.start()]))
            end = m.end()
        return words

    def tokens(self, text: str) -> list[Token]:
        return [Token(m.start(), m.end(), min(self.keys(self.analyse(m.group()))))
                for m in self.word.finditer(text)]

    def joinable(self, gap: str) -> bool:
        return GAP.fullmatch(gap) is not None

    def candidates(self, text: str) -> Iterable[Hit]:
        spans = [m.span() for m in self.word.finditer(text)]
        analyses = [self.analyse(text[s:e]) for s, e in spans]
        for i, analysis in enumerate(analyses):
            numbers = sorted({n for key in self.keys(analysis) for n in self.index.get(key, ())})
            for number in numbers:
                pattern = self.patterns[number]
                j = i + len(pattern.keys)
                if j > len(spans) or not all(self.joinable(text[spans[k - 1][1]:spans[k][0]])
                                             for k in range(i + 1, j)):
                    continue
                if pattern.accepts(analyses[i:j]):
                    yield Hit(spans[i][0], spans[j - 1][1], pattern.entry.concept_id,
                              pattern.entry.variant)
