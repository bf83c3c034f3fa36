"""Languages written without spaces (Chinese, Japanese, Thai): a term is a substring.

Dashes are folded to one character on both sides (中国—中亚 / 中国-中亚 / 中国–中亚) — a
one-to-one replacement, so spans stay valid in the original text. A short term inside a
longer glossary term is left to :func:`~corpus_tools.terms.matching.longest_first`.
"""

from __future__ import annotations

from collections.abc import Iterable

from corpus_tools.terms.matching import Entry, Hit, Matcher, Token

_DASHES = str.maketrans({c: "—" for c in "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"})


def fold(text: str) -> str:
    return text.translate(_DASHES)


class SubstringMatcher(Matcher):
    name = "substring"
    joiner = ""

    def __init__(self, lang: str, entries: list[Entry]) -> None:
        super().__init__(lang, entries)
        self.by_first: dict[str, list[tuple[str, Entry]]] = {}
        for entry in entries:
            pattern = fold("".join(entry.variant.text.split()))
            self.by_first.setdefault(pattern[0], []).append((pattern, entry))

    def candidates(self, text: str) -> Iterable[Hit]:
        folded = fold(text)
        for i, char in enumerate(folded):
            for pattern, entry in self.by_first.get(char, ()):
                if folded.startswith(pattern, i):
                    yield Hit(i, i + len(pattern), entry.concept_id, entry.variant)

    def tokens(self, text: str) -> list[Token]:
        return [Token(i, i + 1, c) for i, c in enumerate(fold(text)) if c.isalnum()]

    def joinable(self, gap: str) -> bool:
        return gap == ""
