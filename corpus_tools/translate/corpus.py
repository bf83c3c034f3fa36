"""The ``translations`` table: every sentence of a corpus through the configured MT systems.

The manifest's ``[translate]`` table configures it (see ``docs/translate.md``)::

    [translate]
    into = "en"          # default: every sentence not in this language is translated into it
    backend = "transformers"
    beam_size = 4
    systems = [{name = "opus-mt", src = "ru", tgt = "en", model = "Helsinki-NLP/opus-mt-ru-en"}]

Without ``systems``, each language of the corpus gets the registry's default model into
``into``. Models are never downloaded during a build: an absent one skips the stage.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from pathlib import Path

import polars as pl

from corpus_tools.errors import CorpusToolsError, ManifestError, ModelMissingError
from corpus_tools.models import default_translation_model, locate_model
from corpus_tools.tables import TRANSLATIONS
from corpus_tools.translate import (
    GenerationOptions,
    TranslationCache,
    get_translator,
    translate_lines,
)

log = logging.getLogger(__name__)

SETTINGS_KEYS = {"into", "backend", "batch_size", "device", "compute_type", "systems",
                 *(f.name for f in fields(GenerationOptions))}
SYSTEM_KEYS = {"name", "src", "tgt", "model", "backend"}


@dataclass(frozen=True)
class System:
    name: str  # used in the translations, scores and terms tables
    src: str
    tgt: str
    model: str  # hub id or directory
    backend: str


def configured_systems(settings: dict, langs: set[str]) -> list[System]:
    """The systems of a ``[translate]`` table; by default each language into ``into``."""
    unknown = sorted(set(settings) - SETTINGS_KEYS)
    if unknown:
        raise ManifestError(f"[translate]: unknown keys {unknown}")
    backend = settings.get("backend", "transformers")
    if "systems" in settings:
        return [_parse_system(raw, backend) for raw in settings["systems"]]
    into = settings.get("into", "en")
    systems = []
    for lang in sorted(langs - {into}):
        try:
            model = default_translation_model(lang, into)
        except CorpusToolsError as err:
            log.warning("translations: %s", err)
            continue
        systems.append(System(model.rsplit("/", 1)[-1], lang, into, model, backend))
    return systems


def _parse_system(raw: object, backend: str) -> System:
    if not isinstance(raw, dict) or not {"src", "tgt"} <= set(raw) or set(raw) - SYSTEM_KEYS:
        raise ManifestError(f"[translate] systems entry {raw!r}: needs src and tgt, and may "
                            f"have {', '.join(sorted(SYSTEM_KEYS - {'src', 'tgt'}))}")
    model = str(raw.get("model") or default_translation_model(raw["src"], raw["tgt"]))
    return System(str(raw.get("name", model.rstrip("/").rsplit("/", 1)[-1])), raw["src"],
                  raw["tgt"], model, str(raw.get("backend", backend)))


def model_revision(system: System) -> str | None:
    """The system's model revision on disk (None when absent), without any download."""
    try:
        return locate_model(system.model, "translations", True).revision
    except ModelMissingError:
        return None


def model_revisions(systems: list[System]) -> dict[str, str | None]:
    """Each system's model revision, by system name (what the build's fingerprint records)."""
    return {system.name: model_revision(system) for system in systems}


def translate_sentences(sentences: pl.DataFrame, settings: dict, langs: set[str],
                        cache_path: Path) -> tuple[pl.DataFrame, dict]:
    """The translations table for ``sentences``, and the systems used (for provenance)."""
    systems = configured_systems(settings, langs)
    absent = [s for s in systems if model_revision(s) is None]
    if absent:
        more = f" (and {len(absent) - 1} more)" if len(absent) > 1 else ""
        raise ModelMissingError(
            absent[0].model + more, ", ".join(f"{s.src}→{s.tgt}" for s in absent),
            f"corpus-tools models download {' '.join(dict.fromkeys(s.model for s in absent))}")
    options = GenerationOptions(**{f.name: settings[f.name] for f in fields(GenerationOptions)
                                   if f.name in settings})
    cache = TranslationCache(cache_path)
    frames, used = [], []
    try:
        for system in systems:
            rows = sentences.filter(pl.col("lang") == system.src)
            if rows.is_empty():
                continue
            translator = get_translator(
                system.src, system.tgt, system.model, system.backend, options,
                settings.get("batch_size", 16), settings.get("device", "auto"), offline=True,
                compute_type=settings.get("compute_type"))
            run = translate_lines(translator, rows["text"].to_list(), cache)
            log.info("translations: %s %s→%s: %d new, %d from cache", system.name, system.src,
                     system.tgt, run.new, run.cached)
            signature = translator.signature
            frames.append(rows.select("doc_id", "sent_id").with_columns(
                src_lang=pl.lit(system.src), tgt_lang=pl.lit(system.tgt),
                system=pl.lit(system.name), model_id=pl.lit(signature["model_id"]),
                revision=pl.lit(signature["revision"]), backend=pl.lit(signature["backend"]),
                options=pl.lit(signature["options"]), text=pl.Series(run.texts)))
            used.append({"name": system.name, **signature})
    finally:
        cache.close()
    table = pl.concat(frames) if frames else pl.DataFrame(schema=TRANSLATIONS)
    return table, {"translate": used}
