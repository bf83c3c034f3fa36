"""A phrase as a query: how a glossary candidate is checked against the corpus."""

from __future__ import annotations

import re

from corpus_tools.lang import UNSPACED
from corpus_tools.query.tokenize import tokenize


def phrase_query(text: str, lang: str) -> str:
    """A query for ``text`` in any inflection: its words' lemmas in order (a Chinese phrase
    is its literal, split as the index splits it)."""
    if lang in UNSPACED:
        return _quoted(text)
    return " ".join(f"[lemma={_quoted(t.lemma)}]" for t in tokenize(text, lang))


def _quoted(value: str) -> str:
    return '"' + re.escape(value).replace('"', '\\"') + '"'
