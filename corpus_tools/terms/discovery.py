"""Candidate renderings of a concept in a language where the glossary knows none (or few).

In the aligned units whose other-language sides contain the concept, every n-gram of the
target side is a candidate; candidates are ranked by how strongly they are associated with
those units against the rest of the corpus — logDice (Rychlý 2008) or Dunning's
log-likelihood G². Units are the counting unit: a candidate counts once per unit.

Filters that need no word lists: an n-gram may not start or end with a token found in more
than ``max_df`` of the target-side units (articles, prepositions, particles), and an n-gram
is dropped when a longer one containing it co-occurs with the concept as often (keep
"community with a shared future", drop "shared future").
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from corpus_tools.association import log_dice, log_likelihood
from corpus_tools.errors import InputError
from corpus_tools.layout import CorpusLayout
from corpus_tools.query.phrase import phrase_query
from corpus_tools.tables import read_table
from corpus_tools.terms.glossary import Glossary, load_glossary
from corpus_tools.terms.matching import Matcher, matcher_for
from corpus_tools.terms.tables import AlignedUnits, find_occurrences

log = logging.getLogger(__name__)

MEASURES = ("logdice", "llr")
MAX_WORDS = 5
MAX_CHARS = 8

CANDIDATES = {
    "candidate": pl.String,  # the most frequent surface form of the n-gram
    "with_concept": pl.Int64,  # units with both the candidate and the concept
    "with_candidate": pl.Int64,  # units whose target side has the candidate
    "concept_units": pl.Int64,  # units whose other sides have the concept
    "units": pl.Int64,  # units with a target side
    "logdice": pl.Float64,
    "llr": pl.Float64,
    "example": pl.String,  # group_id:unit_id of the first unit with both
    "query": pl.String,  # a `corpus-tools query` for the candidate in any inflection
}


@dataclass(frozen=True)
class _Unit:
    key: str
    grams: dict[tuple[str, ...], str]  # n-gram key → surface form in this unit


def discover(sentences: pl.DataFrame, parallel: pl.DataFrame | None, glossary: Glossary,
             concept_id: str, lang: str, top: int = 20, measure: str = "logdice",
             min_count: int = 2, max_df: float = 0.3) -> pl.DataFrame:
    """Ranked candidate renderings of ``concept_id`` in ``lang``."""
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r} (use {' or '.join(MEASURES)})")
    units = AlignedUnits(parallel)
    if not units.rows:
        raise InputError("no aligned units: discovery needs the parallel table "
                         "(a group with documents in two languages)")
    glossary[concept_id]  # an unknown concept is a one-line error
    # The concept and the narrower ones: 人类命运共同体 is also an occurrence of 命运共同体.
    wanted = glossary.select([c.id for c in glossary.concepts
                              if _narrower_or_same(glossary, c.id, concept_id)])
    texts = [(r["doc_id"], r["sent_id"], None, r["lang"], r["text"])
             for r in sentences.filter(pl.col("lang") != lang).iter_rows(named=True)]
    found = find_occurrences(texts, {lg: matcher_for(lg, wanted) for lg in wanted.langs})
    term_units = {_unit_key(units.by_sentence[key])
                  for key in found.select("doc_id", "sent_id").iter_rows()
                  if key in units.by_sentence}
    if not term_units:
        raise InputError(f"concept {concept_id!r} occurs in no aligned unit outside '{lang}'")
    if len(term_units) < 3:
        log.warning("%s occurs in only %d aligned unit(s): the candidates are weak evidence",
                    concept_id, len(term_units))
    tokenizer = matcher_for(lang, Glossary(()))
    target = [_Unit(_unit_key(u), _ngrams(u[lang], tokenizer)) for u in units.rows
              if u.get(lang)]
    ranked = _rank(target, term_units, top, measure, min_count, max_df)
    return ranked.with_columns(query=pl.Series(
        [phrase_query(c, lang) for c in ranked["candidate"]], dtype=pl.String))


def _unit_key(unit: dict) -> str:
    return f"{unit['group_id']}:{unit['unit_id']}"


def _narrower_or_same(glossary: Glossary, candidate: str, concept_id: str) -> bool:
    while candidate is not None:
        if candidate == concept_id:
            return True
        candidate = glossary[candidate].broader
    return False


def _ngrams(text: str, matcher: Matcher) -> dict[tuple[str, ...], str]:
    tokens = matcher.tokens(text)
    longest = MAX_CHARS if matcher.joiner == "" else MAX_WORDS
    grams: dict[tuple[str, ...], str] = {}
    for i in range(len(tokens)):
        for j in range(i, min(i + longest, len(tokens))):
            if j > i and not matcher.joinable(text[tokens[j - 1].end:tokens[j].start]):
                break
            key = tuple(t.key for t in tokens[i:j + 1])
            grams.setdefault(key, text[tokens[i].start:tokens[j].end])
    return grams


def _rank(target: list[_Unit], term_keys: set[str], top: int, measure: str, min_count: int,
          max_df: float) -> pl.DataFrame:
    n = len(target)
    f_y = sum(1 for u in target if u.key in term_keys)
    f_x: Counter = Counter()
    f_xy: Counter = Counter()
    forms: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    example: dict[tuple[str, ...], str] = {}
    for unit in target:
        hit = unit.key in term_keys
        for key, surface in unit.grams.items():
            f_x[key] += 1
            if hit:
                f_xy[key] += 1
                forms[key][surface] += 1
                example.setdefault(key, unit.key)
    frequent = {k[0] for k in f_x if len(k) == 1 and f_x[k] > max_df * n}
    needed = min(min_count, f_y)
    kept = [k for k, c in f_xy.items() if c >= needed and k[0] not in frequent
            and k[-1] not in frequent and any(ch.isalpha() for ch in "".join(k))]
    subsumed = {sub for longer in kept for sub in _sub_ngrams(longer)
                if f_xy[sub] == f_xy[longer]}
    kept = [k for k in kept if k not in subsumed]
    rows = []
    for key in kept:
        a, fx = f_xy[key], f_x[key]
        rows.append({"candidate": forms[key].most_common(1)[0][0], "with_concept": a,
                     "with_candidate": fx, "concept_units": f_y, "units": n,
                     "logdice": log_dice(a, fx, f_y),
                     "llr": log_likelihood(a, fx - a, f_y - a, n - fx - f_y + a),
                     "example": example[key]})
    table = pl.DataFrame(rows, schema={k: v for k, v in CANDIDATES.items() if k != "query"})
    return table.sort([measure, "with_concept", "candidate"], descending=[True, True, False]
                      ).head(top)


def _sub_ngrams(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The shorter contiguous n-grams inside ``key``."""
    return {key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1)} - {key}


def discover_in_corpus(corpus_dir: Path, concept_id: str, lang: str,
                       glossary: Path | None = None, top: int = 20,
                       measure: str = "logdice") -> pl.DataFrame:
    """:func:`discover` over the tables built under ``corpus_dir`` (corpora/<name>/)."""
    if not corpus_dir.is_dir():
        raise InputError(f"{corpus_dir}: no such corpus directory (expected corpora/<name>/)")
    terms = load_glossary(glossary)
    known = terms[concept_id].in_lang(lang)
    if known:
        log.info("%s already has %d %s variant(s): %s", concept_id, len(known), lang,
                 "; ".join(v.text for v in known))
    layout = CorpusLayout.of_corpus_dir(corpus_dir)
    parallel_path = layout.path("parallel")
    return discover(read_table(layout.path("sentences"), "sentences"),
                    read_table(parallel_path, "parallel") if parallel_path.exists() else None,
                    terms, concept_id, lang, top, measure)
