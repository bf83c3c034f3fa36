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
@click.argument("corpus", type=click.Path(file_okay=False, path_type=Path))
@click.option("--alignments", "alignments_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Alignment tables folder [default: ../../alignments/<name> beside CORPUS].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("report.html"), show_default=True)
@click.option("--low-confidence", type=click.FloatRange(0, 1), default=0.7, show_default=True,
              help="Highlight aligned units scored below this.")
@click.option("--max-rows", type=click.IntRange(1), default=5000, show_default=True,
              help="Rows shown per table (the Parquet tables hold them all).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def report(corpus: Path, alignments_dir: Path | None, output: Path, low_confidence: float,
           max_rows: int, force: bool, as_json: bool) -> None:
    """Write one self-contained HTML review page for the corpus folder CORPUS."""
    from corpus_tools.report import write_report

    summary = write_report(corpus, output, alignments_dir=alignments_dir,
                           low_confidence=low_confidence, max_rows=max_rows, force=force)
    lines = [f"wrote {summary.output}: {', '.join(summary.sections_rendered) or 'no'} sections"]
    lines += [f"  {section}: {why}" for section, why in summary.sections_missing.items()]
    echo_summary(vars(summary), as_json, lines)


@cli.command()
@click.argument("corpus", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["tmx", "tsv", "jsonl"]), required=True)
@click.option("--pair", help="Two languages, source first (e.g. en-ru): units with both sides.")
@click.option("-o", "--output", help="File to write, or - for stdout "
              "[default: <corpus name>[.<pair>].<format>].")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
def export(corpus: Path, fmt: str, pair: str | None, output: str | None, force: bool) -> None:
    """Export the aligned units of CORPUS as TMX, TSV or JSONL."""
    from corpus_tools.export import export_parallel

    output = output or f"{corpus.resolve().name}{f'.{pair}' if pair else ''}.{fmt}"
    result = export_parallel(corpus, fmt, output, pair=pair, force=force)
    # With -o - the export itself is on stdout, so the summary goes to stderr.
    click.echo(f"wrote {result.units} units ({'-'.join(result.langs)}) to {result.output}"
               + (f"; left out {result.skipped} with too few languages" if result.skipped else ""),
               err=result.output == "-")


def main() -> None:
    cli(prog_name="corpus-tools")
