"""The CTranslate2 backend (``pip install 'corpus-tools[fast]'``).

A transformers model is converted once into ``<cache>/ct2/`` (int8 weights on CPU by default)
and translated through CTranslate2's C++ runtime; tokenization stays with the model's own
Hugging Face tokenizer, so both backends see exactly the same tokens.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from corpus_tools.errors import CorpusToolsError, InputError
from corpus_tools.models import LocalModel, first_line
from corpus_tools.translate.base import GenerationOptions, Translator, resolve_device
from corpus_tools.translate.cache import cache_root
from corpus_tools.translate.hf import input_limit, load_tokenizer
from corpus_tools.translate.langtags import language_tags

log = logging.getLogger(__name__)


def _import_ctranslate2():
    try:
        import ctranslate2
    except ImportError:
        raise CorpusToolsError("the ctranslate2 backend needs the optional extra: "
                               "pip install 'corpus-tools[fast]'") from None
    return ctranslate2


def converted_dir(model: LocalModel, quantization: str, root: Path | None = None) -> Path:
    """Where the converted model lives: one folder per model, revision and quantization."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model.model_id.strip("/"))[-80:]
    revision = model.revision.split(":")[-1][:16]
    return (root or cache_root()) / "ct2" / f"{slug}-{revision}-{quantization}"


def convert_once(model: LocalModel, quantization: str, root: Path | None = None) -> Path:
    """Convert ``model`` unless a finished conversion exists (written to a temp dir, renamed)."""
    target = converted_dir(model, quantization, root)
    if (target / "model.bin").is_file():
        return target
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    log.info("converting %s for CTranslate2 (%s) into %s", model.model_id, quantization, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        TransformersConverter(str(model.path)).convert(str(tmp), quantization=quantization,
                                                       force=True)
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    except (OSError, ValueError, KeyError, NotImplementedError) as err:
        raise InputError(f"{model.path}: CTranslate2 cannot convert this model: "
                         f"{first_line(err)}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _usable_cores() -> int:
    """Cores this process may run on (CTranslate2's own default is a fixed 4 threads)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no affinity API
        return os.cpu_count() or 1


class CT2Translator(Translator):
    backend = "ctranslate2"

    def __init__(self, model: LocalModel, src_lang: str, tgt_lang: str,
                 options: GenerationOptions, batch_size: int = 16, device: str = "auto",
                 compute_type: str | None = None, cache_dir: Path | None = None) -> None:
        super().__init__(model, src_lang, tgt_lang, options, batch_size)
        ctranslate2 = _import_ctranslate2()
        from transformers import AutoConfig

        self.device = resolve_device(device, ctranslate2.get_cuda_device_count() > 0)
        self.compute_type = compute_type or ("int8" if self.device == "cpu" else "int8_float16")
        self.tokenizer = load_tokenizer(model)
        self.tags = language_tags(self.tokenizer, src_lang, tgt_lang, model.model_id)
        if self.tags.src_lang:
            self.tokenizer.src_lang = self.tags.src_lang
        self.max_input = input_limit(self.tokenizer, AutoConfig.from_pretrained(model.path))
        path = convert_once(model, self.compute_type, cache_dir)
        self.runtime = ctranslate2.Translator(
            str(path), device=self.device, compute_type=self.compute_type,
            intra_threads=_usable_cores() if self.device == "cpu" else 0)

    def backend_options(self) -> dict:
        return {"compute_type": self.compute_type}  # int8 and float32 translate differently

    def _translate_batch(self, texts: list[str]) -> list[str]:
        tokens = [self.tokenizer.convert_ids_to_tokens(self.tokenizer.encode(
            self.tags.source_prefix + text, truncation=True, max_length=self.max_input))
            for text in texts]
        prefix = [self.tags.target_token] if self.tags.target_token else []
        results = self.runtime.translate_batch(
            tokens, beam_size=self.options.beam_size,
            max_decoding_length=self.options.max_length + len(prefix),
            min_decoding_length=self.options.min_length + len(prefix),
            target_prefix=[prefix] * len(texts) if prefix else None)
        return [self.tokenizer.decode(
            self.tokenizer.convert_tokens_to_ids(result.hypotheses[0][len(prefix):]),
            skip_special_tokens=True) for result in results]
