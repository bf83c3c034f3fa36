"""`translate`: machine translation of a text file."""

from __future__ import annotations

from pathlib import Path

import click

from corpus_tools.cli.common import count_noun, lang_option, output_options, write_result


@click.command()
@click.argument("input_path", metavar="[INPUT|-]", default="-")
@lang_option("--src-lang", required=True, help="ISO 639-1 code of the input.")
@lang_option("--tgt-lang", required=True, help="ISO 639-1 code to translate into.")
@click.option("--model", help="Hugging Face id or model directory (default: the registry's).")
@click.option("--backend", type=click.Choice(["transformers", "ctranslate2"]),
              default="transformers", show_default=True,
              help="ctranslate2: faster on CPU; needs corpus-tools[fast], converts the model once.")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Sentences translated together.")
@click.option("--beam-size", type=click.IntRange(min=1), default=4, show_default=True,
              help="Beam search width (1: greedy).")
@click.option("--max-length", type=click.IntRange(min=1), default=256, show_default=True,
              help="Most tokens per translated sentence.")
@click.option("--device", default="auto", show_default=True, help="auto, cpu, cuda, cuda:1 …")
@click.option("--compute-type", help="CTranslate2 weights (default: int8 on CPU).")
@click.option("--offline", is_flag=True, help="Never touch the network (as HF_HUB_OFFLINE=1).")
@click.option("--no-cache", is_flag=True, help="Translate everything again; do not record.")
@output_options("Write translations here instead of stdout.")
def translate(input_path: str, src_lang: str, tgt_lang: str, model: str | None, backend: str,
              batch_size: int, beam_size: int, max_length: int, device: str,
              compute_type: str | None, offline: bool, no_cache: bool, output: Path | None,
              force: bool, as_json: bool) -> None:
    """Machine-translate one sentence per line (empty lines stay empty)."""
    from corpus_tools.fileio import read_lines
    from corpus_tools.translate import (
        GenerationOptions,
        TranslationCache,
        get_translator,
        translate_lines,
    )
    from corpus_tools.translate.cache import cache_root

    lines = read_lines(input_path)
    translator = get_translator(src_lang, tgt_lang, model, backend,
                                GenerationOptions(beam_size, max_length), batch_size, device,
                                offline, compute_type)
    cache = None if no_cache else TranslationCache(cache_root() / "translations.sqlite")
    run = translate_lines(translator, lines, cache)
    sig = translator.signature
    counts = (f"translated {count_noun(len(lines), 'line')} with {sig['model_id']} "
              f"({sig['revision']}, {sig['backend']}): {run.new} new, {run.cached} from cache")
    write_result("".join(f"{line}\n" for line in run.texts), output, force, as_json,
                 {"src_lang": src_lang, "tgt_lang": tgt_lang, "lines": len(lines),
                  "new": run.new, "cached": run.cached, "model": sig}, counts)
