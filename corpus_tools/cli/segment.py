"""`segment`: text into sentences."""

from __future__ import annotations

from pathlib import Path

import click

from corpus_tools.cli.common import count_noun, lang_option, output_options, write_result


@click.command()
@click.argument("source", default="-", metavar="[INPUT|-]")
@lang_option("--lang", required=True, help="ISO 639-1 code of the text: en, ru, zh, …")
@click.option("--backend", type=click.Choice(["auto", "stanza", "rules"]), default="auto",
              show_default=True, help="auto: stanza where its model is installed, else rules.")
@click.option("--keep-paragraphs", is_flag=True, help="A blank line between paragraphs.")
@output_options("Write the sentences here instead of to stdout.")
def segment(source: str, lang: str, backend: str, keep_paragraphs: bool, output: Path | None,
            force: bool, as_json: bool) -> None:
    """Split a plain-text file (paragraphs separated by blank lines) into sentences, one per
    line."""
    from corpus_tools.segment import segment_plain

    result = segment_plain(source, lang, backend, keep_paragraphs)
    counts = (f"{count_noun(result.sentences, 'sentence')} in "
              f"{count_noun(result.paragraphs, 'paragraph')} ({result.segmenter})")
    write_result(result.text, output, force, as_json,
                 {"lang": lang, "sentences": result.sentences, "paragraphs": result.paragraphs,
                  "segmenter": result.segmenter}, counts)
