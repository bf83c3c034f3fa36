"""``terms``: the ``[terms]`` glossary's concepts in every sentence and translation →
terms, concordance, renderings, fidelity."""

from __future__ import annotations

from corpus_tools.stages.base import Output, Resources, Stage, Tables, file_hash
from corpus_tools.tables import CONCORDANCE, FIDELITY, RENDERINGS, TERMS
from corpus_tools.terms import TermsSettings, terms_settings


def describe(settings: TermsSettings) -> dict:
    return {"glossary": settings.glossary_name, "glossary_sha256": file_hash(settings.glossary),
            "source_lang": settings.source_lang}


def run(settings: TermsSettings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.terms import load_glossary
    from corpus_tools.terms.tables import build_term_tables

    result = build_term_tables(tables["documents"], tables["sentences"],
                               load_glossary(settings.glossary), tables.get("parallel"),
                               tables.get("translations"), settings.source_lang)
    return Output(result.as_dict(), {"source_lang": settings.source_lang,
                                     "matchers": result.matchers,
                                     "renderings_note": result.renderings_note})


STAGE = Stage(
    name="terms", inputs=("documents", "sentences"), optional=("parallel", "translations"),
    outputs={"terms": TERMS, "concordance": CONCORDANCE, "renderings": RENDERINGS,
             "fidelity": FIDELITY},
    parse=terms_settings, describe=describe, run=run, manifest_tables=("terms",),
    code=("corpus_tools.terms", "corpus_tools.morphology", "corpus_tools.lang",
          "corpus_tools.stages.terms"))
