"""`terms`: terminology tables (show, discover)."""

from __future__ import annotations

from pathlib import Path

import click

from corpus_tools.cli.common import (
    DefaultCommandGroup,
    count_noun,
    echo_notice,
    echo_summary,
    echo_written,
    json_option,
    lang_option,
    output_options,
    write_result,
    written,
)


@click.group(cls=DefaultCommandGroup, default_command="show")
def terms() -> None:
    """Terminology tables: how each glossary concept is rendered, by whom, where and when.

    `terms CORPUS` (short for `terms show CORPUS`) prints the tables `build` wrote under
    CORPUS (corpora/<name>/); `terms discover CORPUS --concept ID --lang L` proposes
    renderings of a concept from the aligned units; `terms concepts` lists the glossary.
    """


@terms.command("show")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path),
              help="Recompute the tables with this glossary instead of reading the built ones.")
@click.option("--concept", "concepts", multiple=True, metavar="ID",
              help="Only this concept id (repeatable; `terms concepts` lists them).")
@lang_option("--lang", "langs", multiple=True,
             help="Only this language (target language for renderings; repeatable).")
@click.option("--view", type=click.Choice(["summary", "terms", "concordance", "renderings",
                                           "fidelity"]), default="summary", show_default=True,
              help="summary: per concept × language × variant; terms: per source; concordance: "
                   "KWIC lines; renderings: per aligned unit; fidelity: per MT system.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "md", "parquet"]),
              default="table", show_default=True,
              help="table for the terminal, csv, md (Markdown), parquet (needs -o).")
@output_options("Write here instead of stdout (required for parquet).")
def terms_show(corpus: Path, glossary: Path | None, concepts: tuple[str, ...],
               langs: tuple[str, ...], view: str, fmt: str, output: Path | None,
               force: bool, as_json: bool) -> None:
    """Show the term tables of CORPUS (a corpora/<name>/ directory)."""
    from corpus_tools.terms.views import render, show_terms

    shown = show_terms(corpus, view, concepts, langs, glossary)
    if shown.note and output is None:
        echo_notice(f"{view}: empty — {shown.note}")  # one line, in place of an empty table
        return
    text = render(shown, fmt, output, force)  # parquet: written to OUTPUT here
    summary = {"view": view, "rows": shown.table.height, "note": shown.note}
    counts = count_noun(shown.table.height, "row")
    if fmt == "parquet":
        echo_written({"output": output, **summary}, as_json, [written(output, counts)])
    else:
        write_result(text + "\n", output, force, as_json, summary, counts)


@terms.command("concepts")
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path),
              help="List this glossary (default: the shipped one).")
@json_option
def terms_concepts(glossary: Path | None, as_json: bool) -> None:
    """List the glossary's concepts: id, languages and variants per language."""
    from corpus_tools.terms.glossary import load_glossary

    listed = load_glossary(glossary)
    rows = [{"id": c.id, "langs": list(c.variant_counts), "variants": c.variant_counts}
            for c in listed.concepts]
    width = max((len(row["id"]) for row in rows), default=0)
    echo_summary({"glossary": listed.path, "concepts": rows}, as_json,
                 [f"{row['id']:{width}}  {' '.join(row['langs']):8}  "
                  + " ".join(f"{lang}:{n}" for lang, n in row["variants"].items())
                  for row in rows])


@terms.command("discover")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--concept", "concept", required=True, metavar="ID",
              help="The concept id (`terms concepts` lists them).")
@lang_option("--lang", "lang", required=True, help="The language to find renderings in.")
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary to find the concept in (default: the shipped glossary).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many candidates.")
@click.option("--measure", type=click.Choice(["logdice", "llr"]), default="logdice",
              show_default=True, help="Rank by logDice or by log-likelihood (G²).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "md"]), default="table",
              show_default=True, help="table for the terminal, csv, md (Markdown).")
@output_options()
def terms_discover(corpus: Path, concept: str, lang: str, glossary: Path | None, top: int,
                   measure: str, fmt: str, output: Path | None, force: bool,
                   as_json: bool) -> None:
    """Propose renderings of CONCEPT in LANG from the aligned units of CORPUS."""
    from corpus_tools.terms.discovery import discover_in_corpus
    from corpus_tools.terms.views import View, render

    candidates = discover_in_corpus(corpus, concept, lang, glossary, top, measure)
    write_result(render(View("candidates", candidates, ""), fmt) + "\n", output, force,
                 as_json, {"concept": concept, "lang": lang, "candidates": candidates.height},
                 count_noun(candidates.height, "candidate"))


@terms.command("export")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["tbx", "xlsx"]), required=True,
              help="tbx: TBX-Basic (ISO 30042); xlsx: one sheet per concept.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path),
              help="Export this glossary, counted anew in CORPUS (default: the one the build "
                   "used, with the built tables).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
@json_option
def terms_export(corpus: Path, fmt: str, output: Path, glossary: Path | None,
                 force: bool, as_json: bool) -> None:
    """Write the glossary with the renderings attested in CORPUS: counts, first and last
    attestation, sources and an example per variant."""
    from corpus_tools.terms.export import export_corpus_glossary

    variants = export_corpus_glossary(corpus, fmt, output, glossary, force)
    echo_written({"output": output, "format": fmt, "variants": variants}, as_json,
                 [written(output, count_noun(variants, "variant"))])
