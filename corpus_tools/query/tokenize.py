"""Tokens and lemmas per language: what the query index stores for every word.

- Russian: words as the term matcher splits them; the lemma is pymorphy3's most probable
  normal form (ё written е).
- English: the lemma is the word lower-cased without plural and possessive endings — the
  light stemmer the glossary matcher uses, so a query and a glossary agree.
- Chinese: words from jieba's segmenter (its default dictionary, HMM on); the lemma is the word.
- Other languages: words case-folded.

Punctuation is a token too (CQP indexes it), so ``[]`` counts it; its lemma is itself.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from corpus_tools.lang import UNSPACED
from corpus_tools.morphology import parse_word
from corpus_tools.terms.matching.english import english_key

_WORDS = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    start: int  # character span in the analysed text
    end: int
    word: str
    lemma: str


def tokenize(text: str, lang: str) -> list[Token]:
    """The tokens of ``text`` in ``lang`` with their lemmas."""
    if lang == "zh":
        return [Token(s, e, w, w) for w, s, e in _jieba().tokenize(text) if w.strip()]
    if lang in UNSPACED:  # no segmenter for these: one token per character
        return [Token(i, i + 1, c, c) for i, c in enumerate(text) if not c.isspace()]
    lemma = _LEMMATISERS.get(lang, str.casefold)
    return [Token(m.start(), m.end(), m.group(), _cached_lemma(lemma, m.group()))
            for m in _WORDS.finditer(text)]


def segment_words(text: str, lang: str) -> list[str]:
    """The words of a query literal, split as the text of ``lang`` is."""
    return [t.word for t in tokenize(text, lang)]


def tokenizer_versions() -> dict[str, str]:
    """What produced the tokens and lemmas, for provenance."""
    from importlib.metadata import version

    from corpus_tools.morphology import versions

    return {"ru": versions(), "en": "english-stem", "zh": f"jieba {version('jieba')}",
            "other": "casefold"}


def _russian_lemma(word: str) -> str:
    if not word[0].isalpha():
        return word
    parses = parse_word(word)
    return parses[0].lemma if parses else word.lower().replace("ё", "е")


_LEMMATISERS: dict[str, Callable[[str], str]] = {"ru": _russian_lemma, "en": english_key}


@functools.lru_cache(maxsize=200_000)
def _cached_lemma(lemmatise: Callable[[str], str], word: str) -> str:
    return lemmatise(word)


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "building prefix dict" notices on stderr
    return jieba
