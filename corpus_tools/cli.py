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
    """A group whose first argument, unless it names a subcommand, goes to a default one:
    ``terms CORPUS`` runs ``terms show CORPUS`` while ``terms discover CORPUS`` still works."""

    default_command = "show"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@cli.group(cls=DefaultCommandGroup)
def terms() -> None:
    """Terminology tables: how each glossary concept is rendered, by whom, where and when.

    `terms CORPUS` (short for `terms show CORPUS`) prints the tables `build` wrote under
    CORPUS (corpora/<name>/); `terms discover CORPUS --concept ID --lang L` proposes
    renderings of a concept from the aligned units.
    """


@terms.command("show")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path),
              help="Recompute the tables with this glossary instead of reading the built ones.")
@click.option("--concept", "concepts", multiple=True, help="Only this concept id (repeatable).")
@click.option("--lang", "langs", multiple=True,
              help="Only this language (target language for renderings; repeatable).")
@click.option("--view", type=click.Choice(["summary", "terms", "concordance", "renderings",
                                           "fidelity"]), default="summary", show_default=True,
              help="summary: per concept × language × variant; terms: per source; concordance: "
                   "KWIC lines; renderings: per aligned unit; fidelity: per MT system.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "md", "parquet"]),
              default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of stdout (required for parquet).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
def terms_show(corpus: Path, glossary: Path | None, concepts: tuple[str, ...],
               langs: tuple[str, ...], view: str, fmt: str, output: Path | None,
               force: bool) -> None:
    """Show the term tables of CORPUS (a corpora/<name>/ directory)."""
    from corpus_tools.fileio import write_text_atomic
    from corpus_tools.terms.views import load_term_tables, render, term_view

    shown = term_view(load_term_tables(corpus, glossary), view, concepts, langs)
    if shown.note:
        click.echo(f"{view}: empty — {shown.note}", err=True)
    text = render(shown, fmt, output, force)
    if fmt == "parquet":
        click.echo(f"wrote {output} ({shown.table.height} rows)", err=True)
    elif output is not None:
        write_text_atomic(output, text + "\n", force)
        click.echo(f"wrote {output} ({shown.table.height} rows)", err=True)
    else:
        click.echo(text)


@terms.command("discover")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--concept", "concept", required=True, help="The concept id.")
@click.option("--lang", "lang", required=True, help="The language to find renderings in.")
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary to find the concept in (default: the shipped glossary).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--measure", type=click.Choice(["logdice", "llr"]), default="logdice",
              show_default=True, help="Rank by logDice or by log-likelihood (G²).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "md"]), default="table",
              show_default=True)
def terms_discover(corpus: Path, concept: str, lang: str, glossary: Path | None, top: int,
                   measure: str, fmt: str) -> None:
    """Propose renderings of CONCEPT in LANG from the aligned units of CORPUS."""
    from corpus_tools.terms.discovery import discover_in_corpus
    from corpus_tools.terms.views import View, render

    candidates = discover_in_corpus(corpus, concept, lang, glossary, top, measure)
    click.echo(render(View("candidates", candidates, ""), fmt))


def main() -> None:
    cli(prog_name="corpus-tools")
