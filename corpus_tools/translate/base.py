"""The ``Translator`` interface: what every MT backend shares.

A backend implements one hook, ``_translate_batch``; batching by length, the record of what
produced a translation (its ``signature``) and device selection are written once here.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from corpus_tools.models import LocalModel
from corpus_tools.progress import track


@dataclass(frozen=True)
class GenerationOptions:
    """Settings that change the output; they are part of the translation cache key."""

    beam_size: int = 4
    max_length: int = 256  # new tokens per sentence
    min_length: int = 0  # benchmarks fix the output length with min_length = max_length


class Translator(ABC):
    """One loaded model translating ``src_lang`` into ``tgt_lang``."""

    backend: str  # "transformers" | "ctranslate2"

    def __init__(self, model: LocalModel, src_lang: str, tgt_lang: str,
                 options: GenerationOptions, batch_size: int) -> None:
        self.model = model
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.options = options
        self.batch_size = batch_size

    @property
    def signature(self) -> dict[str, str]:
        """Everything that decides the output: the cache key and the provenance record."""
        options = asdict(self.options) | self.backend_options()
        return {"model_id": self.model.model_id, "revision": self.model.revision,
                "backend": self.backend, "options": json.dumps(options, sort_keys=True),
                "src_lang": self.src_lang, "tgt_lang": self.tgt_lang}

    def backend_options(self) -> dict:
        """Backend settings that change the output (e.g. CTranslate2's compute type)."""
        return {}

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate non-empty ``texts``, in batches of similar length (less padding)."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[str] = [""] * len(texts)
        starts = range(0, len(order), self.batch_size)
        for start in track(starts, f"translate {self.src_lang}→{self.tgt_lang}", len(starts)):
            batch = order[start:start + self.batch_size]
            for i, translation in zip(batch, self._translate_batch([texts[i] for i in batch]),
                                      strict=True):
                out[i] = translation.strip()
        return out

    @abstractmethod
    def _translate_batch(self, texts: list[str]) -> list[str]:
        """Translate one batch of non-empty texts."""


def resolve_device(device: str, cuda_available: bool) -> str:
    if device == "auto":
        return "cuda" if cuda_available else "cpu"
    return device


# Sentence ends first, then clause marks, then any space; a piece never exceeds the limit.
_BREAKS = (re.compile(r"(?<=[.!?。！？])\s*"), re.compile(r"(?<=[;:,；：，、])\s*"),
           re.compile(r"\s+"))


def split_long(text: str, max_chars: int) -> list[str]:
    """Split an over-long line into pieces of at most ``max_chars``, at the best break found."""
    pieces = []
    while len(text) > max_chars:
        window = text[:max_chars]
        cut = max_chars  # no break found: a hard cut
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if 0 < m.end() < max_chars]
            if ends and ends[-1] > max_chars // 4:  # avoid a run of tiny pieces
                cut = ends[-1]
                break
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*pieces, text] if text else pieces
