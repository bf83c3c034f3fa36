"""`segment`: text into sentences."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from corpus_tools.cli.common import (
    check_languages,
)


@click.command()
@click.argument("source", default="-", metavar="[INPUT|-]")
@click.option("--lang", required=True, callback=check_languages,
              help="ISO 639-1 code of the text: en, ru, zh, …")
@click.option("--backend", type=click.Choice(["auto", "stanza", "rules"]), default="auto",
              show_default=True, help="auto: stanza where its model is installed, else rules.")
@click.option("--keep-paragraphs", is_flag=True, help="A blank line between paragraphs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the sentences here instead of to stdout.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def segment(source: str, lang: str, backend: str, keep_paragraphs: bool, output: Path | None,
            force: bool) -> None:
    """Split a plain-text file (paragraphs separated by blank lines) into sentences, one per
    line."""
    from corpus_tools.fileio import check_writable, write_text_atomic
    from corpus_tools.segment import segment_plain

    if output is not None:
        check_writable(output, force)
    result = segment_plain(source, lang, backend, keep_paragraphs)
    summary = (f"{result.sentences} sentences in {result.paragraphs} paragraphs "
               f"({result.segmenter})")
    if output is None:
        click.echo(result.text, nl=False)
        logging.getLogger(__name__).info(summary)
    else:
        write_text_atomic(output, result.text, force)
        click.echo(f"{summary} -> {output}")
