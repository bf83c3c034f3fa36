"""`report` and `export`: the corpus for people (HTML) and for other tools (TMX, TSV, JSONL)."""

from __future__ import annotations

from pathlib import Path

import click

from corpus_tools.cli.common import (
    check_language_pair,
    count_noun,
    echo_written,
    json_option,
    written,
)


@click.command()
@click.argument("corpus", type=click.Path(file_okay=False, path_type=Path))
@click.option("--alignments", "alignments_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Alignment tables folder [default: ../../alignments/<name> beside CORPUS].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("report.html"), show_default=True, help="HTML file to write.")
@click.option("--low-confidence", type=click.FloatRange(0, 1), default=0.7, show_default=True,
              help="Highlight aligned units scored below this.")
@click.option("--max-rows", type=click.IntRange(1), default=5000, show_default=True,
              help="Rows shown per table (the Parquet tables hold them all).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
@json_option
def report(corpus: Path, alignments_dir: Path | None, output: Path, low_confidence: float,
           max_rows: int, force: bool, as_json: bool) -> None:
    """Write one self-contained HTML review page for the corpus folder CORPUS."""
    from corpus_tools.report import write_report

    summary = write_report(corpus, output, alignments_dir=alignments_dir,
                           low_confidence=low_confidence, max_rows=max_rows, force=force)
    sections = ", ".join(summary.sections_rendered) or "no sections"
    lines = [written(summary.output, sections)]
    lines += [f"  {section}: {why}" for section, why in summary.sections_missing.items()]
    echo_written(vars(summary), as_json, lines)


@click.command()
@click.argument("corpus", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["tmx", "tsv", "jsonl"]), required=True,
              help="tmx for CAT tools; tsv or jsonl with ids and scores.")
@click.option("--pair", callback=check_language_pair,
              help="Two languages, source first (e.g. en-ru): units with both sides.")
@click.option("-o", "--output", help="File to write, or - for stdout "
              "[default: <corpus name>[.<pair>].<format>].")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
@json_option
def export(corpus: Path, fmt: str, pair: str | None, output: str | None, force: bool,
           as_json: bool) -> None:
    """Export the aligned units of CORPUS as TMX, TSV or JSONL."""
    from corpus_tools.export import export_parallel

    output = output or f"{corpus.resolve().name}{f'.{pair}' if pair else ''}.{fmt}"
    if output == "-" and as_json:
        raise click.UsageError("--json prints the summary on stdout, which -o - gives to the "
                               "export; write it to a file")
    result = export_parallel(corpus, fmt, output, pair=pair, force=force)
    counts = (f"{count_noun(result.units, 'unit')} ({'-'.join(result.langs)})"
              + (f"; left out {result.skipped} with too few languages" if result.skipped else ""))
    echo_written(vars(result), as_json, [written(result.output, counts)])

