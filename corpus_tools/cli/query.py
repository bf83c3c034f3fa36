"""`query`: CQP-style search over a built corpus's token index."""

from __future__ import annotations

from pathlib import Path

import click

from corpus_tools.cli.common import (
    count_noun,
    echo_notice,
    echo_summary,
    echo_written,
    lang_option,
    output_options,
    written,
)


def _split(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for item in value for part in item.split(",") if part.strip())


@click.command("query")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.argument("query")
@lang_option("--lang", "langs", multiple=True, several=True,
             help="Search only this language (repeatable or comma-separated).")
@click.option("--count", "count", multiple=True, callback=_split, metavar="BY",
              help="Count hits by site, year, date, role, group, system, doc, lang, form, "
                   "lemma or any document column (repeatable or comma-separated) instead of "
                   "listing them.")
@click.option("--collocates", is_flag=True, help="List the hits' collocates instead.")
@click.option("--window", type=click.IntRange(min=1), default=5, show_default=True,
              help="Collocates: tokens on each side of a hit.")
@click.option("--measure", type=click.Choice(["logdice", "llr"]), default="logdice",
              show_default=True, help="Collocates: rank by logDice or log-likelihood (G²).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Collocates: how many.")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Collocates: least co-occurrences.")
@click.option("--width", type=click.IntRange(min=0), default=60, show_default=True,
              help="Concordance: characters of context on each side.")
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "jsonl", "parquet"]),
              default="table", show_default=True,
              help="table for the terminal; tsv or jsonl for programs; parquet (with "
                   "provenance) needs -o.")
@output_options("Write the result here (required for parquet).", result_on_stdout=False)
def query(corpus: Path, query: str, langs: tuple[str, ...], count: tuple[str, ...],
          collocates: bool, window: int, measure: str, top: int, min_count: int, width: int,
          fmt: str, output: Path | None, force: bool, as_json: bool) -> None:
    """Search CORPUS (corpora/<name>/, built with `build`) with a CQP QUERY.

    \b
    corpus-tools query corpora/sample '[lemma="сообщество"] []{0,3} [lemma="судьба"]'
    corpus-tools query corpora/sample '"community"%c :zh "命运共同体"' --count site,year
    See docs/query.md for the language.

    --json without -o prints the hits' summary (hits, sentences, documents, hits per
    language) instead of the rows.
    """
    from corpus_tools.query.output import render
    from corpus_tools.query.parser import QueryUsageError
    from corpus_tools.query.search import Search, search

    if count and collocates:
        raise click.UsageError("--count and --collocates are different views; choose one")
    langs = tuple(code for item in langs for code in item.split(","))
    request = Search(query, langs, count, collocates, window, measure, top, min_count, width)
    try:
        result = search(corpus, request)
    except QueryUsageError as err:
        raise click.UsageError(str(err)) from None
    if result.empty_note and output is None and not as_json:
        echo_notice(result.empty_note)  # one line, in place of an empty table
        return
    text = render(result.table, result.view, fmt, query, output, force)
    summary = {**result.summary, "view": result.view, "rows": result.table.height,
               "output": output}
    if output is not None:  # an empty result still gives the file, with its columns
        echo_written(summary, as_json, [result.empty_note or written(
            output, count_noun(result.table.height, "row"))])
    elif as_json:
        echo_summary(summary, True, [])
    elif text:
        click.echo(text, nl=False)
