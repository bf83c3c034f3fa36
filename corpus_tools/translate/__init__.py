"""Machine translation: a ``Translator`` interface with one module per backend, and a cache.

``get_translator`` picks the model (the registry's default for the direction, a hub id or a
directory) and the backend (``transformers`` or ``ctranslate2``); ``translate_lines`` passes
empty lines through, splits over-long ones, and translates only what the cache lacks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.lang import is_language_code, join_sentences
from corpus_tools.models import default_translation_model, locate_model
from corpus_tools.translate.base import GenerationOptions, Translator, split_long
from corpus_tools.translate.cache import TranslationCache

__all__ = ["BACKENDS", "GenerationOptions", "TranslationCache", "TranslationRun", "Translator",
           "get_translator", "translate_lines"]

log = logging.getLogger(__name__)

BACKENDS = ("transformers", "ctranslate2")
MAX_CHARS = 400  # longer lines are translated in pieces (models take ~512 tokens at most)


def get_translator(src_lang: str, tgt_lang: str, model: str | None = None,
                   backend: str = "transformers", options: GenerationOptions | None = None,
                   batch_size: int = 16, device: str = "auto", offline: bool = False,
                   compute_type: str | None = None, ct2_dir: Path | None = None) -> Translator:
    """Load a translator; ``model`` defaults to the registry's model for the direction."""
    for lang in (src_lang, tgt_lang):
        if not is_language_code(lang):
            raise InputError(f"unknown language {lang!r} (use an ISO 639-1 code)")
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    model = model or default_translation_model(src_lang, tgt_lang)
    local = locate_model(model, f"translate {src_lang}→{tgt_lang}", offline)
    options = options or GenerationOptions()
    if backend == "ctranslate2":
        from corpus_tools.translate.ct2 import CT2Translator

        return CT2Translator(local, src_lang, tgt_lang, options, batch_size, device,
                             compute_type, ct2_dir)
    from corpus_tools.translate.hf import HFTranslator

    return HFTranslator(local, src_lang, tgt_lang, options, batch_size, device)


@dataclass(frozen=True)
class TranslationRun:
    texts: list[str]  # one translation per input line
    new: int  # pieces translated by the model in this run
    cached: int  # pieces found in the cache


def translate_lines(translator: Translator, lines: Sequence[str],
                    cache: TranslationCache | None = None,
                    max_chars: int = MAX_CHARS) -> TranslationRun:
    """Translate one segment per line; empty lines stay empty, over-long ones go in pieces."""
    pieces: list[list[str]] = []
    for number, line in enumerate(lines, start=1):
        parts = split_long(line.strip(), max_chars) if line.strip() else []
        if len(parts) > 1:
            log.warning("line %d: %d characters, translated in %d pieces of at most %d",
                        number, len(line), len(parts), max_chars)
        pieces.append(parts)
    unique = list(dict.fromkeys(p for parts in pieces for p in parts))
    done = cache.get_many(translator.signature, unique) if cache else {}
    todo = [p for p in unique if p not in done]
    fresh = dict(zip(todo, translator.translate(todo), strict=True)) if todo else {}
    if cache and fresh:
        cache.put_many(translator.signature, fresh)
    done |= fresh
    return TranslationRun([join_sentences((done[p] for p in parts), translator.tgt_lang)
                           for parts in pieces],
                          new=len(fresh), cached=len(unique) - len(fresh))
