"""``terms``: the ``[terms]`` glossary's concepts in every sentence and translation →
terms, concordance, renderings, fidelity; the review file's term verdicts drop or mark
matches and its glossary variants are added (docs/review.md).

The matching runs per document group (concordance, renderings); its corpus step then
counts every group's matches (terms: each variant's first and last attestation is over the
whole corpus) and each MT system's fidelity, without matching anything again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from corpus_tools.manifest import Manifest
from corpus_tools.review import (
    REVIEW_TABLE,
    VARIANTS_TABLE,
    Review,
    ReviewSettings,
    glossary_variants,
    review_settings,
)
from corpus_tools.review.decisions import TermDecision, VariantDecision
from corpus_tools.stages.base import Output, Resources, Stage, Tables, file_hash
from corpus_tools.tables import CONCORDANCE, FIDELITY, RENDERINGS, TERMS, empty_table
from corpus_tools.terms import Glossary, TermsSettings, load_glossary, terms_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    terms: TermsSettings
    review: ReviewSettings


def parse(manifest: Manifest) -> Settings:
    return Settings(terms_settings(manifest), review_settings(manifest))


def describe(settings: Settings) -> dict:
    terms = settings.terms
    return {"glossary": terms.glossary_name, "glossary_sha256": file_hash(terms.glossary),
            "source_lang": terms.source_lang, **settings.review.describe()}


def review_tables(settings: Settings) -> Tables:
    """The review file's term verdicts, by group (a group's fingerprint changes with its
    own), and its glossary variants, of no group, which every group reads whole."""
    decisions = settings.review.table(TermDecision, VariantDecision)[REVIEW_TABLE]
    return {REVIEW_TABLE: decisions.filter(pl.col("group_id").is_not_null()),
            VARIANTS_TABLE: decisions.filter(pl.col("group_id").is_null())}


def run(settings: Settings, resources: Resources, tables: Tables) -> Output:
    """One group's matches (or the whole corpus's): its concordance and renderings."""
    from corpus_tools.terms.tables import match_terms

    review = settings.review.load(tables)
    glossary, _ = _reviewed_glossary(settings, review)
    concordance, renderings = match_terms(
        tables["documents"], tables["sentences"], glossary, tables.get("parallel"),
        tables.get("translations"), settings.terms.source_lang, review.verdicts)
    return Output({"concordance": concordance, "renderings": renderings},
                  {"review_not_applied": list(review.problems)} if review.problems else {})


def count(settings: Settings, tables: Tables, matched: Output) -> Output:
    """The corpus step: every group's matches counted, with the notes of the whole."""
    from corpus_tools.terms.tables import count_matches

    terms = settings.terms
    glossary, unknown = _reviewed_glossary(settings, glossary_variants(tables))
    for problem in unknown:
        log.warning("%s", problem)
    result = count_matches(matched.tables.get("concordance", empty_table(CONCORDANCE)),
                           matched.tables.get("renderings", empty_table(RENDERINGS)),
                           tables["documents"], glossary, tables.get("parallel"),
                           terms.source_lang)
    not_applied = [*matched.notes.get("review_not_applied", []), *unknown]
    return Output(result.as_dict(), {"source_lang": terms.source_lang,
                                     "matchers": result.matchers,
                                     "renderings_note": result.renderings_note,
                                     # so that `terms --concept` tells a typo from a
                                     # concept that does not occur
                                     "concepts": [c.id for c in glossary.concepts],
                                     **({"review_not_applied": not_applied}
                                        if not_applied else {})})


def _reviewed_glossary(settings: Settings, review: Review) -> tuple[Glossary, list[str]]:
    """The glossary with the reviewer's variants, and a line for each that names no
    concept."""
    path = settings.terms.glossary
    return review.glossary(_glossary(path, file_hash(path)))


@lru_cache(maxsize=2)
def _glossary(path: Path, digest: str) -> Glossary:
    """The glossary read once per process (per version of the file) for all its groups."""
    return load_glossary(path)


STAGE = Stage(
    name="terms", inputs=("documents", "sentences"), optional=("parallel", "translations"),
    outputs={"terms": TERMS, "concordance": CONCORDANCE, "renderings": RENDERINGS,
             "fidelity": FIDELITY},
    parse=parse, describe=describe, run=run, manifest_tables=("terms", "review"),
    scope="group", corpus_step=count, whole=(VARIANTS_TABLE,), side_inputs=review_tables,
    code=("corpus_tools.terms", "corpus_tools.morphology", "corpus_tools.lang",
          "corpus_tools.review.decisions", "corpus_tools.review.resolve",
          # glossary variants written as queries are matched by the query engine
          "corpus_tools.query.parser", "corpus_tools.query.evaluate",
          "corpus_tools.query.tokenize", "corpus_tools.stages.terms"))
