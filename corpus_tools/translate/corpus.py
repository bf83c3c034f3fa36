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
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import polars as pl

from corpus_tools.errors import CorpusToolsError, ManifestError, ModelMissingError
from corpus_tools.manifest import Manifest, check_keys, stage_table
from corpus_tools.models import default_translation_model, locate_model
from corpus_tools.tables import TRANSLATIONS
from corpus_tools.translate import (
    GenerationOptions,
    TranslationCache,
    Translator,
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


@dataclass(frozen=True)
class TranslateSettings:
    """The ``[translate]`` table, parsed when the manifest is loaded."""

    systems: tuple[System, ...] = ()
    options: GenerationOptions = GenerationOptions()
    batch_size: int = 16
    device: str = "auto"
    compute_type: str | None = None


def translate_settings(manifest: Manifest) -> TranslateSettings:
    """The manifest's ``[translate]`` table, validated (unknown keys name the closest one)."""
    raw = stage_table(manifest, "translate")
    check_keys(raw, SETTINGS_KEYS, manifest.path, "[translate]")
    langs = {doc.lang for doc in manifest.documents}
    try:
        systems = configured_systems(raw, langs, manifest.path)
        options = GenerationOptions(**{f.name: raw[f.name] for f in fields(GenerationOptions)
                                       if f.name in raw})
    except (TypeError, ValueError) as err:
        raise ManifestError(f"{manifest.path}: [translate]: {err}") from None
    return TranslateSettings(tuple(systems), options, int(raw.get("batch_size", 16)),
                             str(raw.get("device", "auto")), raw.get("compute_type"))


def configured_systems(settings: dict, langs: set[str], manifest: Path) -> list[System]:
    """The systems of a ``[translate]`` table; by default each language into ``into``."""
    backend = settings.get("backend", "transformers")
    if "systems" in settings:
        return [_parse_system(raw, backend, manifest) for raw in settings["systems"]]
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


def _parse_system(raw: object, backend: str, manifest: Path) -> System:
    if isinstance(raw, dict):
        check_keys(raw, SYSTEM_KEYS, manifest, f"[translate] systems entry {raw.get('name')!r}")
    if not isinstance(raw, dict) or not {"src", "tgt"} <= set(raw):
        raise ManifestError(f"{manifest}: [translate] systems entry {raw!r}: needs src and tgt, "
                            f"and may have {', '.join(sorted(SYSTEM_KEYS - {'src', 'tgt'}))}")
    model = str(raw.get("model") or default_translation_model(raw["src"], raw["tgt"]))
    return System(str(raw.get("name", model.rstrip("/").rsplit("/", 1)[-1])), raw["src"],
                  raw["tgt"], model, str(raw.get("backend", backend)))


def model_revision(system: System) -> str | None:
    """The system's model revision on disk (None when absent), without any download."""
    try:
        return locate_model(system.model, "translations", True).revision
    except ModelMissingError:
        return None


def model_revisions(systems: Sequence[System]) -> dict[str, str | None]:
    """Each system's model revision, by system name (what the build's fingerprint records)."""
    return {system.name: model_revision(system) for system in systems}


def absent_models(settings: TranslateSettings) -> ModelMissingError | None:
    """Why the stage cannot run here: its first absent model and the command that gets it."""
    absent = [s for s in settings.systems if model_revision(s) is None]
    if not absent:
        return None
    more = f" (and {len(absent) - 1} more)" if len(absent) > 1 else ""
    return ModelMissingError(
        absent[0].model + more, ", ".join(f"{s.src}→{s.tgt}" for s in absent),
        f"corpus-tools models download {' '.join(dict.fromkeys(s.model for s in absent))}")


def load_translators(settings: TranslateSettings) -> list[Translator]:
    """Every system's translator, loaded once per process: ``build`` runs this stage once
    per document group, and loads them in each worker before its first group."""
    return [_loaded_translator(system.src, system.tgt, system.model, system.backend,
                               settings.options, settings.batch_size, settings.device,
                               offline=True, compute_type=settings.compute_type)
            for system in settings.systems]


@lru_cache(maxsize=8)
def _loaded_translator(*args, **options) -> Translator:
    return get_translator(*args, **options)


def translate_sentences(sentences: pl.DataFrame, settings: TranslateSettings,
                        cache_path: Path) -> pl.DataFrame:
    """The translations table for ``sentences``."""
    missing = absent_models(settings)
    if missing:
        raise missing
    cache = TranslationCache(cache_path)
    frames = []
    try:
        for system, translator in zip(settings.systems, load_translators(settings),
                                      strict=True):
            rows = sentences.filter(pl.col("lang") == system.src)
            if rows.is_empty():
                continue
            run = translate_lines(translator, rows["text"].to_list(), cache)
            log.info("translations: %s %s→%s: %d new, %d from cache", system.name, system.src,
                     system.tgt, run.new, run.cached)
            signature = translator.signature
            frames.append(rows.select("doc_id", "sent_id").with_columns(
                src_lang=pl.lit(system.src), tgt_lang=pl.lit(system.tgt),
                system=pl.lit(system.name), model_id=pl.lit(signature["model_id"]),
                revision=pl.lit(signature["revision"]), backend=pl.lit(signature["backend"]),
                options=pl.lit(signature["options"]), text=pl.Series(run.texts)))
    finally:
        cache.close()
    return pl.concat(frames) if frames else pl.DataFrame(schema=TRANSLATIONS)
