"""Terminology tables from a corpus's tables and a glossary.

- ``concordance``: one row per match (human sentence or MT output), with its span, KWIC
  context and the aligned unit's sentences in the other languages;
- ``terms``: matches counted per concept × language × variant × source (document or MT
  system), with site, role and date, and the first/last attestation of each variant;
- ``renderings``: for each aligned unit whose source-language side contains a concept, the
  variant each target side used — the human translation and every MT system;
- ``fidelity``: per MT system, the share of those units where it used the human rendering or
  an official variant.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from corpus_tools.export import parallel_langs
from corpus_tools.lang import join_sentences
from corpus_tools.progress import track
from corpus_tools.tables import CONCORDANCE, FIDELITY, RENDERINGS, TERMS, conform, empty_table
from corpus_tools.terms.glossary import Glossary
from corpus_tools.terms.matching import Matcher, matcher_for

log = logging.getLogger(__name__)

CONTEXT_WIDTH = 60  # characters of KWIC context on each side
OCCURRENCE_KEYS = ["concept_id", "lang", "variant", "tag", "doc_id", "sent_id", "system",
                   "char_start", "char_end", "match"]


@dataclass(frozen=True)
class TermTables:
    terms: pl.DataFrame
    concordance: pl.DataFrame
    renderings: pl.DataFrame
    fidelity: pl.DataFrame
    renderings_note: str  # why ``renderings`` is empty; "" when it is not
    matchers: dict[str, str]  # language → matcher, for provenance

    def as_dict(self) -> dict[str, pl.DataFrame]:
        return {"terms": self.terms, "concordance": self.concordance,
                "renderings": self.renderings, "fidelity": self.fidelity}


def build_term_tables(documents: pl.DataFrame, sentences: pl.DataFrame, glossary: Glossary,
                      parallel: pl.DataFrame | None = None,
                      translations: pl.DataFrame | None = None,
                      source_lang: str = "zh",
                      verdicts: Mapping[tuple[str, int, str, str | None], str] | None = None
                      ) -> TermTables:
    """All terminology tables; ``parallel`` and ``translations`` are optional. ``verdicts``
    — a reviewer's, by (doc_id, sent_id, concept_id, MT system or None) — drop the matches
    judged wrong and mark the judged ones ``reviewed``. The matches are found group by
    group in a build (:func:`match_terms`), then counted over the corpus
    (:func:`count_matches`)."""
    concordance, renderings = match_terms(documents, sentences, glossary, parallel,
                                          translations, source_lang, verdicts)
    return count_matches(concordance, renderings, documents, glossary, parallel, source_lang)


def match_terms(documents: pl.DataFrame, sentences: pl.DataFrame, glossary: Glossary,
                parallel: pl.DataFrame | None = None, translations: pl.DataFrame | None = None,
                source_lang: str = "zh",
                verdicts: Mapping[tuple[str, int, str, str | None], str] | None = None
                ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The concordance and renderings of a corpus, or of one document group's slice of its
    tables: every row they hold belongs to one group, and depends on that group's rows only."""
    matchers = matchers_for(glossary)
    texts = [(r["doc_id"], r["sent_id"], None, r["lang"], r["text"])
             for r in sentences.iter_rows(named=True)]
    if translations is not None:
        texts += [(r["doc_id"], r["sent_id"], r["system"], r["tgt_lang"], r["text"])
                  for r in translations.iter_rows(named=True)]
    occurrences = judge(find_occurrences(texts, matchers), verdicts or {})
    units = AlignedUnits(parallel)
    return (concordance_table(occurrences, documents, sentences, translations, units),
            rendering_table(occurrences, documents, glossary, units, translations, source_lang))


def count_matches(concordance: pl.DataFrame, renderings: pl.DataFrame, documents: pl.DataFrame,
                  glossary: Glossary, parallel: pl.DataFrame | None = None,
                  source_lang: str = "zh") -> TermTables:
    """The corpus-wide tables from every group's matches: the counts (each variant's first
    and last attestation is over the whole corpus) and the fidelity of each MT system, and
    why ``renderings`` is empty. Cheap: nothing is matched again."""
    note = "" if renderings.height else _no_renderings(documents, parallel, source_lang)
    if note:
        log.warning("renderings table is empty: %s", note)
    occurrences = concordance.select(*OCCURRENCE_KEYS, "reviewed")
    return TermTables(
        terms=count_terms(occurrences, documents), concordance=concordance,
        renderings=renderings, fidelity=fidelity_table(renderings), renderings_note=note,
        matchers={lang: m.name for lang, m in matchers_for(glossary).items()})


@lru_cache(maxsize=4)
def matchers_for(glossary: Glossary) -> dict[str, Matcher]:
    """The glossary's matcher per language; one per process for all the groups it matches
    (each keeps the analyses of the word forms it has seen)."""
    return {lang: matcher_for(lang, glossary) for lang in glossary.langs}


def find_occurrences(texts: list[tuple[str, int, str | None, str, str]],
                     matchers: dict[str, Matcher]) -> pl.DataFrame:
    """Matches in (doc_id, sent_id, system, lang, text) rows; system is None for human text."""
    rows = []
    for doc_id, sent_id, system, lang, text in track(texts, "terms", total=len(texts)):
        matcher = matchers.get(lang)
        if matcher is None or not matcher.entries or not text:
            continue
        for hit in matcher.find(text):
            rows.append((hit.concept_id, lang, hit.variant.text, hit.variant.tag, doc_id,
                         sent_id, system, hit.start, hit.end, text[hit.start:hit.end]))
    schema = {k: CONCORDANCE.get(k, pl.String) for k in OCCURRENCE_KEYS}
    return pl.DataFrame(rows, schema=schema, orient="row")


def judge(occurrences: pl.DataFrame,
          verdicts: Mapping[tuple[str, int, str, str | None], str]) -> pl.DataFrame:
    """The matches less those a reviewer judged ``wrong-concept`` or ``not-a-rendering``;
    ``reviewed`` marks those judged ``right``."""
    if not verdicts:  # no review: keep every match, none reviewed
        return occurrences.with_columns(reviewed=pl.lit(False))
    verdict = pl.Series("verdict", [verdicts.get(key) for key in occurrences.select(
        "doc_id", "sent_id", "concept_id", "system").iter_rows()], dtype=pl.String)
    return (occurrences.with_columns(verdict)
            .filter(pl.col("verdict").is_null() | (pl.col("verdict") == "right"))
            .with_columns(reviewed=pl.col("verdict").is_not_null()).drop("verdict"))


# --- counts ----------------------------------------------------------------------------------


def count_terms(occurrences: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    docs = documents.select("doc_id", pl.col("name").alias("doc_name"), "group_id", "site",
                            "role", "published")
    counted = (
        occurrences.join(docs, on="doc_id", how="left")
        .with_columns(source=pl.coalesce("system", "doc_name"),
                      role=pl.when(pl.col("system").is_null()).then("role").otherwise(pl.lit("mt")))
        .group_by("concept_id", "lang", "variant", "tag", "source", "system", "doc_id",
                  "group_id", "site", "role", "published")
        .agg(count=pl.len(), reviewed=pl.col("reviewed").any())
    )
    human_dates = pl.col("published").filter(pl.col("system").is_null())
    counted = counted.with_columns(
        first_attested=human_dates.min().over("concept_id", "lang", "variant"),
        last_attested=human_dates.max().over("concept_id", "lang", "variant"))
    # every key, so that rows tied on the first ones (an MT system's rows of several
    # documents) come out in one order whatever order the groups were counted in
    return conform(counted, TERMS, "terms").sort(
        "concept_id", "lang", "variant", "source", "doc_id", "tag", "system")


def summarise_terms(terms: pl.DataFrame) -> pl.DataFrame:
    """One row per concept × language × variant: counts, sources and attestation dates."""
    human = pl.col("system").is_null()
    return (
        terms.group_by("concept_id", "lang", "variant", "tag")
        .agg(human=pl.col("count").filter(human).sum(),
             mt=pl.col("count").filter(~human).sum(),
             documents=pl.col("doc_id").filter(human).n_unique(),
             sources=pl.col("source").unique().sort().str.join(", "),
             first=pl.col("first_attested").min(), last=pl.col("last_attested").max())
        .sort("concept_id", "lang", "human", "variant", descending=[False, False, True, False])
    )


# --- aligned units ---------------------------------------------------------------------------


class AlignedUnits:
    """The ``parallel`` table indexed by sentence: which unit holds (doc_id, sent_id)."""

    def __init__(self, parallel: pl.DataFrame | None) -> None:
        parallel = parallel if parallel is not None else pl.DataFrame()
        self.langs = parallel_langs(parallel)
        self.rows = list(parallel.iter_rows(named=True))
        self.by_sentence: dict[tuple[str, int], dict] = {}
        for row in self.rows:
            for lang in self.langs:
                for sent_id in row[f"{lang}_sent_ids"] or []:
                    self.by_sentence[(row[f"{lang}_doc_id"], sent_id)] = row

    def sides(self, row: dict) -> dict[str, tuple[str, list[int]]]:
        """The unit's (doc_id, sent_ids) per language that has text in it."""
        return {lang: (row[f"{lang}_doc_id"], row[f"{lang}_sent_ids"]) for lang in self.langs
                if row[f"{lang}_doc_id"] is not None and row[f"{lang}_sent_ids"]}

    def aligned(self, doc_id: str, sent_id: int, skip_lang: str | None) -> list[dict]:
        row = self.by_sentence.get((doc_id, sent_id))
        if row is None:
            return []
        return [{"lang": lang, "text": row[lang]} for lang in self.langs
                if row[lang] and lang != skip_lang]


# --- concordance -----------------------------------------------------------------------------


def concordance_table(occurrences: pl.DataFrame, documents: pl.DataFrame,
                      sentences: pl.DataFrame, translations: pl.DataFrame | None,
                      units: AlignedUnits, width: int = CONTEXT_WIDTH) -> pl.DataFrame:
    doc_text = dict(zip(documents["doc_id"], documents["text"], strict=True))
    doc_group = dict(zip(documents["doc_id"], documents["group_id"], strict=True))
    doc_name = dict(zip(documents["doc_id"], documents["name"], strict=True))
    sent_start = {(d, s): c for d, s, c in
                  sentences.select("doc_id", "sent_id", "char_start").iter_rows()}
    mt_text = {} if translations is None else {
        (r["doc_id"], r["sent_id"], r["system"], r["tgt_lang"]): r["text"]
        for r in translations.iter_rows(named=True)}
    rows = []
    for occ in occurrences.iter_rows(named=True):
        key = (occ["doc_id"], occ["sent_id"])
        human = occ["system"] is None
        if human:  # context from the whole document, across sentence ends
            text, offset = doc_text[occ["doc_id"]], sent_start[key]
        else:
            text, offset = mt_text[(*key, occ["system"], occ["lang"])], 0
        start, end = offset + occ["char_start"], offset + occ["char_end"]
        unit = units.by_sentence.get(key)
        rows.append({
            **{k: occ[k] for k in ("concept_id", "lang", "variant", "tag", "doc_id", "sent_id",
                                   "system", "char_start", "char_end", "match")},
            "source": occ["system"] or doc_name.get(occ["doc_id"]),
            "doc_char_start": start if human else None, "doc_char_end": end if human else None,
            "left": _flat(text[max(0, start - width):start]),
            "right": _flat(text[end:end + width]),
            "group_id": unit["group_id"] if unit else doc_group.get(occ["doc_id"]),
            "unit_id": unit["unit_id"] if unit else None,
            # An MT line keeps the human sentence of its own language: that is its reference.
            "aligned": units.aligned(*key, skip_lang=occ["lang"] if human else None),
            "reviewed": occ["reviewed"],
        })
    if not rows:
        return empty_table(CONCORDANCE)
    return conform(pl.DataFrame(rows, schema=CONCORDANCE), CONCORDANCE, "concordance")


def _flat(text: str) -> str:
    return " ".join(text.split()) if text.strip() else ""


# --- renderings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    concept_id: str | None
    variant: str | None
    tag: str | None
    count: int
    reviewed: bool = False  # a reviewer judged the match


def rendering_table(occurrences: pl.DataFrame, documents: pl.DataFrame, glossary: Glossary,
                    units: AlignedUnits, translations: pl.DataFrame | None,
                    source_lang: str = "zh") -> pl.DataFrame:
    """One row per aligned unit whose source side holds a concept, and target side."""
    if not units.rows:
        return empty_table(RENDERINGS)
    source_of = _source_langs(documents, source_lang)
    human: dict[tuple, list[dict]] = defaultdict(list)
    machine: dict[tuple, list[dict]] = defaultdict(list)
    for occ in occurrences.sort("doc_id", "sent_id", "char_start").iter_rows(named=True):
        if occ["system"] is None:
            human[(occ["doc_id"], occ["sent_id"])].append(occ)
        else:
            machine[(occ["doc_id"], occ["sent_id"], occ["system"], occ["lang"])].append(occ)
    mt_outputs: dict[tuple[str, int], list[dict]] = defaultdict(list)
    if translations is not None:
        for r in translations.sort("sent_id").iter_rows(named=True):
            mt_outputs[(r["doc_id"], r["sent_id"])].append(r)
    rows: list[dict] = []
    for unit in units.rows:
        sides = units.sides(unit)
        src_lang = source_of.get(unit["group_id"])
        if src_lang not in sides:
            continue
        src_doc, src_ids = sides[src_lang]
        found = [o for i in src_ids for o in human[(src_doc, i)]]
        concepts: dict[str, dict] = {}
        for occ in found:  # in text order; a concept's first occurrence stands for it
            concepts.setdefault(occ["concept_id"], occ)
        for concept_id, src in concepts.items():
            family = glossary.family(concept_id)
            base = {"group_id": unit["group_id"], "unit_id": unit["unit_id"],
                    "concept_id": concept_id, "src_lang": src_lang, "src_doc_id": src_doc,
                    "src_sent_ids": src_ids, "src_variant": src["variant"],
                    "src_text": unit[src_lang],
                    "reviewed": bool(unit.get("reviewed")) or src["reviewed"]}
            human_found: dict[str, _Found] = {}
            for lang, (doc_id, ids) in sides.items():
                if lang == src_lang:
                    continue
                pick = _pick([o for i in ids for o in human[(doc_id, i)]], concept_id, family)
                human_found[lang] = pick
                rows.append(_rendering_row(base, lang, None, doc_id, unit[lang], pick, None))
            for (lang, system), outputs in _mt_by_system(src_ids, src_doc, mt_outputs).items():
                pick = _pick([o for r in outputs
                              for o in machine[(src_doc, r["sent_id"], system, lang)]],
                             concept_id, family)
                ref = human_found.get(lang)
                same = None if ref is None or ref.variant is None else (
                    (pick.concept_id, pick.variant) == (ref.concept_id, ref.variant))
                text = join_sentences((r["text"] for r in outputs), lang)
                rows.append(_rendering_row(base, lang, system, None, text, pick, same))
    return pl.DataFrame(rows, schema=RENDERINGS) if rows else empty_table(RENDERINGS)


def _no_renderings(documents: pl.DataFrame, parallel: pl.DataFrame | None,
                   source_lang: str) -> str:
    """Why a corpus has no rendering row, in one line."""
    if parallel is None:
        return ("no aligned units: the corpus has no parallel table (it needs a group with "
                "documents in two languages)")
    if parallel.is_empty():
        return "no aligned units: the parallel table is empty"
    by_lang: dict[str, list[str]] = {}
    for group, lang in sorted(_source_langs(documents, source_lang).items()):
        by_lang.setdefault(lang, []).append(group)
    sources = "; ".join(f"{lang} in {_some(groups)}" for lang, groups in sorted(by_lang.items()))
    return f"no aligned unit's source side contains a glossary concept (source: {sources})"


def _some(groups: list[str], shown: int = 3) -> str:
    """``g1, g2`` or ``200 groups (g1, g2, g3, …)``: a line stays a line at any corpus size."""
    if len(groups) <= shown:
        return ", ".join(groups)
    return f"{len(groups)} groups ({', '.join(groups[:shown])}, …)"


def _source_langs(documents: pl.DataFrame, preferred: str) -> dict[str, str]:
    """Per group, the language of its original; else ``preferred`` when the group has it."""
    source: dict[str, str] = {}
    for (group_id,), docs in documents.group_by("group_id"):
        originals = docs.filter(pl.col("role") == "original")["lang"].to_list()
        langs = set(docs["lang"].to_list())
        if originals:
            source[group_id] = sorted(originals)[0]
        elif preferred in langs:
            source[group_id] = preferred
    return source


def _mt_by_system(src_ids: list[int], src_doc: str, outputs: dict[tuple[str, int], list[dict]]
                  ) -> dict[tuple[str, str], list[dict]]:
    by_system: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for sent_id in src_ids:
        for r in outputs.get((src_doc, sent_id), ()):
            by_system[(r["tgt_lang"], r["system"])].append(r)
    return dict(sorted(by_system.items()))


def _pick(found: Iterable[dict], concept_id: str, family: set[str]) -> _Found:
    """The rendering of ``concept_id`` among a side's matches: the concept itself first, then
    a broader or narrower one; the first in text order."""
    candidates = [o for o in found if o["concept_id"] in family]
    if not candidates:
        return _Found(None, None, None, 0)
    exact = [o for o in candidates if o["concept_id"] == concept_id]
    first = (exact or candidates)[0]
    return _Found(first["concept_id"], first["variant"], first["tag"], len(candidates),
                  first["reviewed"])


def _rendering_row(base: dict, lang: str, system: str | None, doc_id: str | None, text: str,
                   pick: _Found, same: bool | None) -> dict:
    return {**base, "tgt_lang": lang, "system": system, "tgt_doc_id": doc_id, "tgt_text": text,
            "tgt_concept_id": pick.concept_id, "tgt_variant": pick.variant,
            "tgt_tag": pick.tag, "tgt_count": pick.count, "same_as_human": same,
            "reviewed": base["reviewed"] or pick.reviewed}


def fidelity_table(renderings: pl.DataFrame) -> pl.DataFrame:
    """Per MT system and language pair: how often it rendered a concept as the human
    translation did, or with an official variant."""
    same = pl.col("same_as_human").fill_null(False)
    official = pl.col("tgt_tag") == "official"
    table = (
        renderings.filter(pl.col("system").is_not_null())
        .group_by("system", "src_lang", "tgt_lang")
        .agg(renderings=pl.len(), same_as_human=same.sum(),
             official=official.fill_null(False).sum(),
             faithful=(same | official.fill_null(False)).sum())
        .with_columns(fidelity=pl.col("faithful") / pl.col("renderings"))
        .sort("system", "src_lang", "tgt_lang")
    )
    return conform(table, FIDELITY, "fidelity")
