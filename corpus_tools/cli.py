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
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--langs", required=True, help="The files' languages in order, e.g. en,ru,zh.")
@click.option("--presegmented", is_flag=True, help="Files hold one sentence per line.")
@click.option("--format", "fmt", type=click.Choice(["ladder", "tsv", "jsonl"]),
              default="ladder", show_default=True,
              help="ladder: [en ids]:[ru ids]:[zh ids] per unit; tsv/jsonl add text and scores.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the units here instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
def align3(files: tuple[Path, ...], langs: str, presegmented: bool, fmt: str,
           output: Path | None, force: bool) -> None:
    """Align three (or more) versions of a text into one table of units.

    Every pair is aligned; units where the pairwise alignments agree through the pivot are
    kept, the others re-aligned and marked (agreement false).
    """
    from corpus_tools.align.multiway import agreement_rate, align_files, format_units
    from corpus_tools.fileio import check_writable, write_text_atomic

    codes = [code.strip() for code in langs.split(",")]
    if output is not None:
        check_writable(output, force)
    units, texts = align_files(files, codes, presegmented)
    result = format_units(units, codes, fmt, texts)
    summary = f"{len(units)} units, pairwise alignments agree on {agreement_rate(units):.1%}"
    if output is None:
        click.echo(result, nl=False)
        logging.getLogger("corpus_tools").info(summary)
    else:
        write_text_atomic(output, result, force)
        click.echo(f"{output}: {summary}")


def main() -> None:
    cli(prog_name="corpus-tools")
