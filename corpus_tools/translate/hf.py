"""The transformers backend: AutoModelForSeq2SeqLM + AutoTokenizer (Marian, NLLB, M2M100)."""

from __future__ import annotations

from corpus_tools.errors import InputError
from corpus_tools.models import LocalModel, first_line
from corpus_tools.translate.base import GenerationOptions, Translator, resolve_device
from corpus_tools.translate.langtags import language_tags


def load_tokenizer(model: LocalModel):
    """The model's tokenizer, from disk only; a broken directory is a one-line error."""
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(model.path, local_files_only=True)
    except (OSError, ValueError, TypeError) as err:
        raise InputError(f"{model.path}: cannot load the tokenizer: {first_line(err)}") from None


def input_limit(tokenizer, config) -> int:
    """Source tokens the model accepts; longer inputs are truncated rather than crash."""
    limits = [getattr(config, "max_position_embeddings", None), tokenizer.model_max_length]
    return min(n for n in limits if isinstance(n, int) and n > 0)


class HFTranslator(Translator):
    backend = "transformers"

    def __init__(self, model: LocalModel, src_lang: str, tgt_lang: str,
                 options: GenerationOptions, batch_size: int = 16, device: str = "auto") -> None:
        super().__init__(model, src_lang, tgt_lang, options, batch_size)
        import torch
        from transformers import AutoModelForSeq2SeqLM
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a bar for reading weights from disk is noise
        self.device = resolve_device(device, torch.cuda.is_available())
        self.tokenizer = load_tokenizer(model)
        try:
            self.net = AutoModelForSeq2SeqLM.from_pretrained(model.path, local_files_only=True)
        except (OSError, ValueError) as err:
            raise InputError(f"{model.path}: cannot load the model: {first_line(err)}") from None
        self.net.to(self.device).eval()
        self.tags = language_tags(self.tokenizer, src_lang, tgt_lang, model.model_id)
        if self.tags.src_lang:
            self.tokenizer.src_lang = self.tags.src_lang
        self.max_input = input_limit(self.tokenizer, self.net.config)
        # Position embeddings bound the output too (learned ones fail past the end).
        self.max_output = min(options.max_length, self.max_input - 3)

    def _translate_batch(self, texts: list[str]) -> list[str]:
        import torch

        batch = self.tokenizer([self.tags.source_prefix + t for t in texts], return_tensors="pt",
                               padding=True, truncation=True, max_length=self.max_input)
        forced = {}
        if self.tags.target_token:
            forced["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(
                self.tags.target_token)
        # The forced tag is a generated token; max_length counts the tokens after it.
        with torch.inference_mode():
            generated = self.net.generate(
                **batch.to(self.device), num_beams=self.options.beam_size,
                max_new_tokens=self.max_output + len(forced),
                min_new_tokens=min(self.options.min_length, self.max_output) + len(forced),
                **forced)
        # Drop the decoder start token and the forced target-language tag: some tokenizers do
        # not mark language tags as special, so skip_special_tokens alone would keep them.
        generated = generated[:, 1 + len(forced):]
        return self.tokenizer.batch_decode(generated, skip_special_tokens=True)
