"""Running a parsed query over the token index.

Each token pattern becomes a polars expression: a comparison is tested once per distinct
value of its attribute (the vocabulary is far smaller than the corpus), and the values that
pass become an ``is_in`` filter. Sentences that lack a token for some required pattern are
dropped in polars; the sequence itself is matched in Python only in the sentences left.

Matching is leftmost and shortest: at each start position the shortest sequence that
matches is the hit, and the search goes on after its end, so hits never overlap.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import replace

import polars as pl

from corpus_tools.lang import sentence_separator
from corpus_tools.query.parser import (
    Aligned,
    And,
    Comparison,
    Element,
    Expr,
    Not,
    Or,
    Query,
    QueryUsageError,
)
from corpus_tools.query.tokenize import Token, segment_words

SENTENCE = ["doc_id", "sent_id", "system", "lang"]
HITS = {
    "doc_id": pl.String, "sent_id": pl.Int64, "system": pl.String, "lang": pl.String,
    "start": pl.Int64, "end": pl.Int64,  # token positions, end exclusive
    "char_start": pl.Int64, "char_end": pl.Int64,  # span in the sentence (or MT output)
    "form": pl.String, "lemma": pl.String,  # the matched words and lemmas, space-joined
}


def find_hits(tokens: pl.DataFrame, query: Query, langs: tuple[str, ...] = (),
              aligned_units: dict[tuple[str, int], dict] | None = None) -> pl.DataFrame:
    """Every hit of ``query`` in ``tokens`` (the index), one row per hit, in corpus order.

    ``langs`` restricts the languages searched; ``aligned_units`` maps (doc_id, sent_id) to
    the row of ``parallel`` holding it, which aligned-side constraints (``:zh "…"``) need.
    """
    known = sorted(set(tokens["lang"].unique().drop_nulls()))
    for lang in (*langs, *(a.lang for a in query.aligned)):
        check_language(lang, known)
    searched = tokens.filter(pl.col("lang").is_in(list(langs))) if langs else tokens
    hits = _match(searched, query.sequence)
    for constraint in query.aligned:
        hits = _keep_aligned(hits, tokens, constraint, aligned_units or {})
    return hits


def check_language(lang: str, known: list[str]) -> None:
    if lang not in known:
        close = difflib.get_close_matches(lang, known, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise QueryUsageError(f"unknown language {lang!r}: the index has "
                              f"{', '.join(known) or 'no tokens'}{hint}")


def _match(tokens: pl.DataFrame, sequence: tuple[Element, ...]) -> pl.DataFrame:
    if tokens.height == 0:
        return pl.DataFrame(schema=HITS)
    lang = tokens["lang"][0] if tokens["lang"].n_unique() == 1 else None
    sequence = _segment_literals(sequence, lang)
    flags = [pl.lit(True) if e.expr is None else _expression(e.expr, tokens)
             for e in sequence]
    table = tokens.with_columns(sid=(pl.col("position") == 0).cum_sum(),
                                **{f"e{k}": f for k, f in enumerate(flags)})
    required = [k for k, e in enumerate(sequence) if e.min > 0 and e.expr is not None]
    for k in required:  # keep sentences with a token for every required pattern
        table = table.join(table.filter(pl.col(f"e{k}")).select("sid").unique(), on="sid",
                           how="semi")
    rows: list[tuple] = []
    names = [f"e{k}" for k in range(len(sequence))]
    for (_,), sentence in table.group_by("sid", maintain_order=True):
        columns = [sentence[n].to_list() for n in names]
        words, lemmas = sentence["word"].to_list(), sentence["lemma"].to_list()
        starts, ends = sentence["char_start"].to_list(), sentence["char_end"].to_list()
        key = sentence.row(0, named=True)
        joiner = sentence_separator(key["lang"])
        for start, end in _spans(sequence, columns, len(words)):
            rows.append((key["doc_id"], key["sent_id"], key["system"], key["lang"], start, end,
                         starts[start], ends[end - 1], joiner.join(words[start:end]),
                         joiner.join(lemmas[start:end])))
    return pl.DataFrame(rows, schema=HITS, orient="row")


def _spans(sequence: tuple[Element, ...], flags: list[list[bool]], n: int
           ) -> list[tuple[int, int]]:
    """Leftmost-shortest, non-overlapping, non-empty matches of the sequence."""

    def extend(k: int, pos: int) -> int | None:
        if k == len(sequence):
            return pos
        element, count = sequence[k], 0
        while True:
            if count >= element.min and (end := extend(k + 1, pos)) is not None:
                return end
            if (element.max is not None and count >= element.max) or pos >= n \
                    or not flags[k][pos]:
                return None
            pos, count = pos + 1, count + 1

    spans, start = [], 0
    while start < n:
        end = extend(0, start)
        if end is not None and end > start:
            spans.append((start, end))
            start = end
        else:
            start += 1
    return spans


def match_tokens(sequence: tuple[Element, ...], tokens: list[Token], lang: str
                 ) -> list[tuple[int, int]]:
    """The hits of ``sequence`` in one sentence's tokens, as (start, end) token positions —
    the same matching as :func:`find_hits`, without an index."""
    sequence = _segment_literals(sequence, lang)
    flags = [[e.expr is None or _token_matches(e.expr, t) for t in tokens] for e in sequence]
    return _spans(sequence, flags, len(tokens))


def _token_matches(expr: Expr, token: Token) -> bool:
    if isinstance(expr, Not):
        return not _token_matches(expr.item, token)
    if isinstance(expr, And):
        return all(_token_matches(e, token) for e in expr.items)
    if isinstance(expr, Or):
        return any(_token_matches(e, token) for e in expr.items)
    return _matches(expr, getattr(token, expr.attr)) != expr.negated


@functools.lru_cache(maxsize=256)  # the terms build asks it per sentence for the same query
def _segment_literals(sequence: tuple[Element, ...], lang: str | None) -> tuple[Element, ...]:
    """A Chinese literal longer than one word (``"命运共同体"``) becomes the sequence of its
    words as jieba splits them, since the text was split the same way."""
    out: list[Element] = []
    for element in sequence:
        expr = element.expr
        if (isinstance(expr, Comparison) and not expr.negated and not expr.flags
                and (element.min, element.max) == (1, 1) and lang in (None, "zh")
                and re.escape(expr.value) == expr.value and _has_han(expr.value)):
            words = segment_words(expr.value, "zh")
            out += [replace(element, expr=replace(expr, value=w)) for w in words]
        else:
            out.append(element)
    return tuple(out)


def _has_han(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _expression(expr: Expr, tokens: pl.DataFrame) -> pl.Expr:
    if isinstance(expr, Not):
        return ~_expression(expr.item, tokens)
    if isinstance(expr, And):
        return pl.all_horizontal([_expression(e, tokens) for e in expr.items])
    if isinstance(expr, Or):
        return pl.any_horizontal([_expression(e, tokens) for e in expr.items])
    column = pl.col(expr.attr)
    if not expr.flags and re.escape(expr.value) == expr.value:
        test = column == expr.value
    else:
        vocabulary = tokens[expr.attr].unique().drop_nulls().to_list()
        test = column.is_in([v for v in vocabulary if _matches(expr, v)])
    return ~test if expr.negated else test


def fold_diacritics(text: str) -> str:
    """%d: letters without their accents; ё compares as е."""
    decomposed = unicodedata.normalize("NFD", text.replace("ё", "е").replace("Ё", "Е"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                               if not unicodedata.combining(c)))


def _matches(expr: Comparison, value: str) -> bool:
    return _pattern(expr.value, expr.flags).fullmatch(
        fold_diacritics(value) if "d" in expr.flags else value) is not None


@functools.lru_cache(maxsize=1024)
def _pattern(value: str, flags: frozenset[str]) -> re.Pattern:
    return re.compile(fold_diacritics(value) if "d" in flags else value,
                      re.IGNORECASE if "c" in flags else 0)


def _keep_aligned(hits: pl.DataFrame, tokens: pl.DataFrame, constraint: Aligned,
                  units: dict[tuple[str, int], dict]) -> pl.DataFrame:
    """Hits whose aligned unit has (or, negated, lacks) a match in ``constraint.lang``; a hit
    outside any aligned unit has no aligned side and is dropped either way."""
    side = tokens.filter((pl.col("lang") == constraint.lang) & pl.col("system").is_null())
    found = set(_match(side, constraint.sequence).select("doc_id", "sent_id").iter_rows())
    keep = []
    for doc_id, sent_id in hits.select("doc_id", "sent_id").iter_rows():
        unit = units.get((doc_id, sent_id))
        side_doc = unit.get(f"{constraint.lang}_doc_id") if unit else None
        if side_doc is None:
            keep.append(False)
            continue
        has = any((side_doc, i) in found for i in unit[f"{constraint.lang}_sent_ids"] or ())
        keep.append(has != constraint.negated)
    return hits.filter(pl.Series(keep, dtype=pl.Boolean))
