"""``translations``: every sentence through the ``[translate]`` systems (models never
downloaded here: an absent one skips the stage)."""

from __future__ import annotations

import dataclasses

from corpus_tools.stages.base import Output, Resources, Stage, Tables
from corpus_tools.tables import TRANSLATIONS
from corpus_tools.translate.corpus import TranslateSettings, translate_settings


def describe(settings: TranslateSettings) -> dict:
    """Each system's model, backend and revision on disk, and the generation options."""
    from corpus_tools.translate.corpus import model_revisions

    revisions = model_revisions(settings.systems)
    return {"systems": [{**dataclasses.asdict(s), "revision": revisions[s.name]}
                        for s in settings.systems],
            "options": dataclasses.asdict(settings.options),
            "compute_type": settings.compute_type}


def unavailable(settings: TranslateSettings) -> str | None:
    from corpus_tools.translate.corpus import absent_models

    missing = absent_models(settings)
    return str(missing) if missing else None


def load(settings: TranslateSettings, resources: Resources) -> None:
    from corpus_tools.translate.corpus import load_translators

    load_translators(settings)


def run(settings: TranslateSettings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.translate.corpus import translate_sentences

    return Output({"translations": translate_sentences(
        tables["sentences"], settings, resources.cache_dir / "translations.sqlite")})


STAGE = Stage(
    name="translations", inputs=("sentences",), outputs={"translations": TRANSLATIONS},
    parse=translate_settings, describe=describe, run=run, manifest_tables=("translate",),
    scope="group", unavailable=unavailable, load=load, device=lambda settings: settings.device,
    code=("corpus_tools.translate", "corpus_tools.models", "corpus_tools.stages.translations"))
