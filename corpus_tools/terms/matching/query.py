"""Glossary variants written as queries (``query = '[lemma="x"] []{0,2} [lemma="y"]'``):
for renderings with gaps or agreement that a fixed word sequence cannot express.

The query runs over the text's tokens as the query index makes them (see
:mod:`corpus_tools.query.tokenize`); the other variants of the language keep their matcher.
"""

from __future__ import annotations

from collections.abc import Iterable

from corpus_tools.query.evaluate import match_tokens
from corpus_tools.query.parser import parse_query
from corpus_tools.query.tokenize import tokenize
from corpus_tools.terms.matching import Entry, Hit, Matcher, Token


class QueryVariantMatcher(Matcher):
    def __init__(self, lang: str, entries: list[Entry], rest: Matcher) -> None:
        super().__init__(lang, entries + rest.entries)
        self.rest = rest
        self.name = f"{rest.name} + cqp"
        self.joiner = rest.joiner
        self.queries = [(e, parse_query(e.variant.query).sequence) for e in entries]

    def candidates(self, text: str) -> Iterable[Hit]:
        yield from self.rest.candidates(text)
        tokens = tokenize(text, self.lang)
        for entry, sequence in self.queries:
            for start, end in match_tokens(sequence, tokens, self.lang):
                yield Hit(tokens[start].start, tokens[end - 1].end, entry.concept_id,
                          entry.variant)

    def tokens(self, text: str) -> list[Token]:
        return self.rest.tokens(text)

    def joinable(self, gap: str) -> bool:
        return self.rest.joinable(gap)
