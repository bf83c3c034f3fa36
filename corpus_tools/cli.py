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


class DefaultCommandGroup(Group):
    """A group whose first argument, unless it names a subcommand, goes to ``default``."""

    default = "files"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


@cli.group(cls=DefaultCommandGroup)
def align() -> None:
    """Align sentences: ``align --src-lang L1 --tgt-lang L2 SRC TGT`` (= ``align files``),
    ``align evaluate --gold G… --test T…``."""


@align.command("files")
@click.argument("src", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("tgt", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--src-lang", required=True, help="ISO 639-1 code of SRC, e.g. en.")
@click.option("--tgt-lang", required=True, help="ISO 639-1 code of TGT, e.g. zh.")
@click.option("--mode", type=click.Choice(["parallel"]), default="parallel", show_default=True,
              help="parallel: monotonic n:m alignment of a text and its translation.")
@click.option("--presegmented", is_flag=True,
              help="Inputs are one sentence per line (blank lines mark paragraphs).")
@click.option("--paragraphs", is_flag=True,
              help="Keep paragraph boundaries as hard boundaries (when both sides agree).")
@click.option("--max-bead", type=click.IntRange(1, 4), default=4, show_default=True,
              help="Most sentences on one side of a bead.")
@click.option("--no-bootstrap", is_flag=True, help="Do not learn a lexicon from the input.")
@click.option("--format", "fmt", type=click.Choice(["ladder", "tsv", "jsonl"]),
              default="ladder", show_default=True)
@click.option("--scores", is_flag=True, help="Append each bead's confidence (ladder, tsv).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
def align_files_command(src: str, tgt: str, src_lang: str, tgt_lang: str, mode: str,
                        presegmented: bool, paragraphs: bool, max_bead: int,
                        no_bootstrap: bool, fmt: str, scores: bool, output: Path | None,
                        force: bool) -> None:
    """Align the sentences of SRC with those of TGT; one bead per line: [0, 1]:[0]."""
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.align.files import align_files, render
    from corpus_tools.fileio import atomic_output

    aligner = Aligner(max_size=max_bead, bootstrap=not no_bootstrap)
    result = align_files(src, tgt, src_lang, tgt_lang, presegmented, paragraphs, aligner)
    text = render(result, fmt, scores)
    if output is None:
        click.echo(text, nl=False)
        return
    with atomic_output(output, force) as tmp:
        tmp.write_text(text, encoding="utf-8")
    click.echo(f"{len(result.beads)} beads ({len(result.src.sentences)} x "
               f"{len(result.tgt.sentences)} sentences, {result.method}) -> {output}", err=True)


@align.command("evaluate")
@click.option("--gold", multiple=True, required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="Gold ladder file(s).")
@click.option("--test", multiple=True, required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Test ladder file(s), in the same order as --gold.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def align_evaluate(gold: tuple[Path, ...], test: tuple[Path, ...], as_json: bool) -> None:
    """Strict and lax P/R/F1 of TEST ladders against GOLD (micro-averaged)."""
    from corpus_tools.align.evaluate import evaluate_files

    scores = evaluate_files(gold, test)
    echo_summary(vars(scores), as_json, scores.lines())


def main() -> None:
    cli(prog_name="corpus-tools")
