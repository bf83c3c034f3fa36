"""``terms``: the ``[terms]`` glossary's concepts in every sentence and translation →
terms, concordance, renderings, fidelity; the review file's term verdicts drop or mark
matches and its glossary variants are added (docs/review.md)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from corpus_tools.manifest import Manifest
from corpus_tools.review import ReviewSettings, review_settings
from corpus_tools.review.decisions import TermDecision, VariantDecision
from corpus_tools.stages.base import Output, Resources, Stage, Tables, file_hash
from corpus_tools.tables import CONCORDANCE, FIDELITY, RENDERINGS, TERMS
from corpus_tools.terms import TermsSettings, terms_settings

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


def run(settings: Settings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.terms import load_glossary
    from corpus_tools.terms.tables import build_term_tables

    terms = settings.terms
    review = settings.review.load(tables)
    glossary, unknown = review.glossary(load_glossary(terms.glossary))
    for problem in unknown:
        log.warning("%s", problem)
    result = build_term_tables(tables["documents"], tables["sentences"], glossary,
                               tables.get("parallel"), tables.get("translations"),
                               terms.source_lang, review.verdicts)
    not_applied = [*review.problems, *unknown]
    return Output(result.as_dict(), {"source_lang": terms.source_lang,
                                     "matchers": result.matchers,
                                     "renderings_note": result.renderings_note,
                                     # so that `terms --concept` tells a typo from a
                                     # concept that does not occur
                                     "concepts": [c.id for c in glossary.concepts],
                                     **({"review_not_applied": not_applied}
                                        if not_applied else {})})


STAGE = Stage(
    name="terms", inputs=("documents", "sentences"), optional=("parallel", "translations"),
    outputs={"terms": TERMS, "concordance": CONCORDANCE, "renderings": RENDERINGS,
             "fidelity": FIDELITY},
    parse=parse, describe=describe, run=run, manifest_tables=("terms", "review"),
    side_inputs=lambda settings: settings.review.table(TermDecision, VariantDecision),
    code=("corpus_tools.terms", "corpus_tools.morphology", "corpus_tools.lang",
          "corpus_tools.review.decisions", "corpus_tools.review.resolve",
          # glossary variants written as queries are matched by the query engine
          "corpus_tools.query.parser", "corpus_tools.query.evaluate",
          "corpus_tools.query.tokenize", "corpus_tools.stages.terms"))
