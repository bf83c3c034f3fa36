"""The ``corpus-tools`` command line: thin commands over the library.

Each command parses options, calls one library function and prints a short summary; errors
a user can act on (:class:`~corpus_tools.errors.CorpusToolsError`) become one line on stderr
and a non-zero exit.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from corpus_tools import __version__
from corpus_tools.errors import CorpusToolsError
from corpus_tools.progress import set_quiet


class Group(click.Group):
    """Turns user errors into one-line messages (tracebacks only with --verbose)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CorpusToolsError as err:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            raise click.ClickException(str(err)) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus-tools")
@click.option("-v", "--verbose", is_flag=True, help="Log details and show tracebacks.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or notices, only errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Build en/ru/zh parallel corpora and terminology tables."""
    ctx.ensure_object(dict)
    ctx.obj.update(verbose=verbose, quiet=quiet)
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(level=level, format="corpus-tools: %(message)s", stream=sys.stderr,
                        force=True)
    set_quiet(quiet)


def echo_summary(summary: dict, as_json: bool, lines: list[str]) -> None:
    """Print a command's summary: JSON for machines, a few lines for people."""
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        for line in lines:
            click.echo(line)


@cli.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Write corpora/<name>/ and alignments/<name>/ here.")
@click.option("--force", is_flag=True, help="Rebuild every stage, even if up to date.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def build(manifest: Path, root: Path, force: bool, as_json: bool) -> None:
    """Run every stage for MANIFEST and write its tables."""
    from corpus_tools.build import build as run_build

    report = run_build(manifest, root=root, force=force)
    lines = [f"built: {', '.join(report.built) or 'nothing'}"]
    if report.up_to_date:
        lines.append(f"up to date: {', '.join(report.up_to_date)}")
    lines += [f"skipped {stage}: {why}" for stage, why in report.skipped.items()]
    lines += [f"  {name}: {rows} rows" for name, rows in report.tables.items()]
    echo_summary(vars(report), as_json, lines)


@cli.command()
@click.argument("source", default="-", metavar="[INPUT|-]")
@click.option("--lang", required=True, help="ISO 639-1 code of the text: en, ru, zh, …")
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
    from corpus_tools.lang import is_language_code
    from corpus_tools.segment import segment_plain

    if not is_language_code(lang):
        raise click.BadParameter(f"{lang!r} is not an ISO 639-1 code", param_hint="--lang")
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


@cli.command()
@click.option("--tgt-lang", required=True, help="Target language (ISO 639-1); picks the BLEU "
              "tokenizer (zh, ja-mecab, 13a otherwise) and TER's Asian support.")
@click.option("--src-lang", help="Source language, recorded in the output.")
@click.option("--ref", "refs", multiple=True, required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Reference file, one segment per line (repeat for several references).")
@click.option("--hyp", "hyps", multiple=True, required=True, metavar="NAME=FILE",
              help="A system's output, one segment per line (repeat for several systems).")
@click.option("--metrics", default="bleu,chrf,ter", show_default=True,
              help="Comma-separated: bleu, chrf (chrF++), ter, comet.")
@click.option("--level", "levels", multiple=True, default=("corpus",), show_default=True,
              type=click.Choice(["corpus", "document", "sentence"]),
              help="Level(s) to score at (repeatable).")
@click.option("--docs", type=click.Path(dir_okay=False, path_type=Path),
              help="Document id per line, parallel to the segments (document level).")
@click.option("--paired", type=click.Choice(["bs", "ar"]),
              help="Paired bootstrap (bs) or approximate randomisation (ar) vs the baseline.")
@click.option("--baseline", help="System the paired test compares against (default: first).")
@click.option("--tokenize", help="Override the BLEU tokenizer (a sacrebleu tokenizer name).")
@click.option("--src", "sources", type=click.Path(dir_okay=False, path_type=Path),
              help="Source segments (needed by COMET).")
@click.option("--comet-model", help="Local COMET checkpoint (needs corpus-tools[comet]).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the scores table (Parquet) here.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
def score(tgt_lang: str, src_lang: str | None, refs: tuple[Path, ...], hyps: tuple[str, ...],
          metrics: str, levels: tuple[str, ...], docs: Path | None, paired: str | None,
          baseline: str | None, tokenize: str | None, sources: Path | None,
          comet_model: str | None, as_json: bool, output: Path | None, force: bool) -> None:
    """Score systems against references with sacrebleu (BLEU, chrF++, TER) and 95 % CIs."""
    from corpus_tools.score import ScoreOptions, render_table
    from corpus_tools.score.files import score_files, write_scores
    from corpus_tools.score.metrics import parse_metrics

    options = ScoreOptions(tgt_lang=tgt_lang, metrics=parse_metrics(metrics), levels=levels,
                           tokenize=tokenize, paired=paired, baseline=baseline,
                           comet_model=comet_model)
    run = score_files(list(refs), list(hyps), options, docs=docs, sources=sources,
                      src_lang=src_lang, output=output, force=force)
    if output is not None:
        write_scores(run, output, force=force)
    echo_summary({"tgt_lang": tgt_lang, "src_lang": src_lang, "output": output,
                  "scores": [r.as_dict() for r in run.records]}, as_json,
                 render_table(run.records))


def main() -> None:
    cli(prog_name="corpus-tools")
