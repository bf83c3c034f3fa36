"""Finding glossary variants in text: one ``Matcher`` interface, one module per kind of language.

- ``words.WordMatcher``: languages written with spaces; words compared case-folded.
- ``english.EnglishMatcher``: words compared after stripping plural and possessive endings.
- ``russian.RussianMatcher``: words compared by lemma (pymorphy3), with case and number
  agreement inside the head noun phrase and the dependent words kept in their case.
- ``substring.SubstringMatcher``: languages written without spaces (zh, ja); plain substrings.
- ``query.QueryVariantMatcher``: variants written as CQP queries (any language), beside the
  language's matcher for its other variants.

Every matcher reports all candidate spans; :func:`longest_first` then keeps, among
overlapping ones, the longest — so 命运共同体 inside 人类命运共同体 counts as the longer
concept when the glossary has it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from corpus_tools.lang import UNSPACED
from corpus_tools.terms.glossary import Glossary, Variant


@dataclass(frozen=True)
class Hit:
    start: int  # character span in the text given to the matcher
    end: int
    concept_id: str
    variant: Variant


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    key: str  # the form words are compared by (lemma, stem, character)


@dataclass(frozen=True)
class Entry:
    concept_id: str
    variant: Variant


class Matcher(ABC):
    """Finds the variants of one language's glossary entries in a text."""

    name: str
    joiner: str = " "  # how tokens are joined into a phrase (n-grams in discovery)

    def __init__(self, lang: str, entries: list[Entry]) -> None:
        self.lang = lang
        self.entries = entries

    @abstractmethod
    def candidates(self, text: str) -> Iterable[Hit]:
        """Every span that matches some entry, overlapping ones included, in entry order."""

    @abstractmethod
    def tokens(self, text: str) -> list[Token]:
        """The text's tokens with their comparison keys."""

    @abstractmethod
    def joinable(self, gap: str) -> bool:
        """Whether the text between two tokens can lie inside one term."""

    def find(self, text: str) -> list[Hit]:
        return longest_first(self.candidates(text))


def longest_first(hits: Iterable[Hit]) -> list[Hit]:
    """Non-overlapping hits, preferring longer spans, then earlier ones, then entry order."""
    ordered = sorted(dict.fromkeys(hits), key=lambda h: (h.start - h.end, h.start))
    chosen: list[Hit] = []
    for hit in ordered:
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def matcher_for(lang: str, glossary: Glossary) -> Matcher:
    """The matcher for ``lang`` over the glossary's variants in that language."""
    from corpus_tools.terms.matching.english import EnglishMatcher
    from corpus_tools.terms.matching.russian import RussianMatcher
    from corpus_tools.terms.matching.substring import SubstringMatcher
    from corpus_tools.terms.matching.words import WordMatcher

    # Languages written without spaces have no word boundaries to match at.
    kinds: dict[str, type[Matcher]] = {lang: SubstringMatcher for lang in UNSPACED}
    kinds |= {"en": EnglishMatcher, "ru": RussianMatcher}
    entries = [Entry(c.id, v) for c in glossary.concepts for v in c.in_lang(lang)]
    matcher = kinds.get(lang, WordMatcher)(lang, [e for e in entries if not e.variant.query])
    queries = [e for e in entries if e.variant.query]
    if not queries:
        return matcher
    from corpus_tools.terms.matching.query import QueryVariantMatcher

    return QueryVariantMatcher(lang, queries, matcher)
