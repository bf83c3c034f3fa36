"""Collocates of the hits: the lemmas that occur near them more often than chance.

Within ``window`` tokens on each side of a hit (inside its sentence), every lemma that is not
a stop word counts once per occurrence. With f(x,y) its count in the windows, f(x) its count
in the languages searched, f(y) the number of hits, N the tokens searched and W the tokens in
all windows, the ranking is by logDice (14 + log2 2f(x,y)/(f(x)+f(y))) or Dunning's G² over
the table a = f(x,y), b = f(x) − a, c = W − a, d = N − a − b − c.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from corpus_tools.association import log_dice, log_likelihood
from corpus_tools.errors import InputError
from corpus_tools.query.stopwords import is_stop_word

MEASURES = ("logdice", "llr")

COLLOCATES = {
    "lang": pl.String,
    "lemma": pl.String,
    "with_hits": pl.Int64,  # f(x,y): occurrences inside the hits' windows
    "frequency": pl.Int64,  # f(x): occurrences in the languages searched
    "hits": pl.Int64,  # f(y)
    "logdice": pl.Float64,
    "llr": pl.Float64,
    "example": pl.String,  # a word form seen in a window
}


def collocates(tokens: pl.DataFrame, hits: pl.DataFrame, window: int = 5,
               measure: str = "logdice", top: int = 20, min_count: int = 2) -> pl.DataFrame:
    """The ``top`` collocates of ``hits`` within ``window`` tokens, best first."""
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r} (use {' or '.join(MEASURES)})")
    if hits.height == 0:
        return pl.DataFrame(schema=COLLOCATES)
    key = ["doc_id", "sent_id", "system", "lang"]
    searched = tokens.join(hits.select("lang").unique(), on="lang", how="semi")
    spans = hits.select(*key, "start", "end").with_columns(pl.col("system").fill_null(""))
    near = (searched.with_columns(pl.col("system").fill_null(""))
            .join(spans, on=key, how="inner", maintain_order="left")
            .filter(((pl.col("position") >= pl.col("start") - window)
                     & (pl.col("position") < pl.col("start")))
                    | ((pl.col("position") >= pl.col("end"))
                       & (pl.col("position") < pl.col("end") + window))))
    in_windows = near.height
    together: Counter = Counter(near.select("lang", "lemma").iter_rows())
    example: dict[tuple[str, str], str] = {}
    for lang, lemma, word in near.select("lang", "lemma", "word").iter_rows():
        example.setdefault((lang, lemma), word)
    frequency = {(lang, lemma): count for lang, lemma, count
                 in searched.group_by("lang", "lemma").len().iter_rows()}
    n, f_y = searched.height, hits.height
    rows = []
    for (lang, lemma), a in together.items():
        if a < min_count or is_stop_word(lemma, lang):
            continue
        f_x = frequency[(lang, lemma)]
        rows.append({"lang": lang, "lemma": lemma, "with_hits": a, "frequency": f_x,
                     "hits": f_y, "logdice": log_dice(a, f_x, f_y),
                     "llr": log_likelihood(a, f_x - a, in_windows - a,
                                           max(n - f_x - in_windows + a, 0)),
                     "example": example[(lang, lemma)]})
    return (pl.DataFrame(rows, schema=COLLOCATES)
            .sort([measure, "with_hits", "lemma"], descending=[True, True, False]).head(top))
