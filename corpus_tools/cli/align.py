"""`align` (files, evaluate) and `align3`."""

from __future__ import annotations

from pathlib import Path

import click

from corpus_tools.cli.common import (
    DefaultCommandGroup,
    check_language_pair,
    count_noun,
    echo_summary,
    embedding_option,
    json_option,
    lang_option,
    output_options,
    write_result,
)


@click.group(cls=DefaultCommandGroup, default_command="files")
def align() -> None:
    """Align the sentences of two texts, or score alignments against gold.

    `align --src-lang L1 --tgt-lang L2 SRC TGT` (short for `align files …`) aligns two files;
    `align evaluate --gold G… --test T…` prints strict and lax precision, recall and F1.
    """


@align.command("files")
@click.argument("src", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("tgt", type=click.Path(dir_okay=False, allow_dash=True))
@lang_option("--src-lang", required=True, help="ISO 639-1 code of SRC, e.g. en.")
@lang_option("--tgt-lang", required=True, help="ISO 639-1 code of TGT, e.g. zh.")
@click.option("--mode", type=click.Choice(["parallel", "comparable"]), default="parallel",
              show_default=True,
              help="parallel: monotonic n:m alignment of a text and its translation; "
              "comparable: links in any order between texts that mostly differ (a "
              "commentary and its source), each with its score.")
@click.option("--threshold", type=float, help="comparable: lowest score a link may have.")
@click.option("--margin", type=float,
              help="comparable: how much a link must beat its sentences' other candidates.")
@click.option("--presegmented", is_flag=True,
              help="Inputs are one sentence per line (blank lines mark paragraphs).")
@click.option("--paragraphs", is_flag=True,
              help="Make paragraph ends hard boundaries (by default they are evidence the "
              "aligner weighs).")
@click.option("--max-bead", type=click.IntRange(1, 4), default=4, show_default=True,
              help="Most sentences on one side of a bead.")
@click.option("--no-bootstrap", is_flag=True, help="Do not learn a lexicon from the input.")
@embedding_option
@click.option("--format", "fmt", type=click.Choice(["ladder", "tsv", "jsonl"]),
              default="ladder", show_default=True,
              help="ladder: [src ids]:[tgt ids] per bead; tsv/jsonl add text and scores.")
@click.option("--scores", is_flag=True,
              help="Append each bead's confidence to the ladder (tsv and jsonl always carry it).")
@output_options()
def align_files_command(src: str, tgt: str, src_lang: str, tgt_lang: str, mode: str,
                        threshold: float | None, margin: float | None, presegmented: bool,
                        paragraphs: bool, max_bead: int, no_bootstrap: bool,
                        embedding: str | None, fmt: str, scores: bool, output: Path | None,
                        force: bool, as_json: bool) -> None:
    """Align the sentences of SRC with those of TGT; one bead per line: [0, 1]:[0]."""
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.align.files import align_files, render
    from corpus_tools.align.scorers import default_scorers

    scorers = default_scorers(embedding)
    if mode == "comparable":
        from corpus_tools.align.comparable import (
            BOOTSTRAP_ROUNDS,
            ComparableSettings,
            align_comparable_files,
        )

        given = {"threshold": threshold, "margin": margin}
        settings = ComparableSettings(**{k: v for k, v in given.items() if v is not None})
        result = align_comparable_files(src, tgt, src_lang, tgt_lang, presegmented, settings,
                                        0 if no_bootstrap else BOOTSTRAP_ROUNDS, scorers)
        scores = True  # a comparable link is only as good as its score
    else:
        aligner = Aligner(scorers, max_size=max_bead, bootstrap=not no_bootstrap)
        result = align_files(src, tgt, src_lang, tgt_lang, presegmented, paragraphs, aligner)
    counts = (f"{count_noun(len(result.beads), 'bead')} ({len(result.src.sentences)} x "
              f"{count_noun(len(result.tgt.sentences), 'sentence')}, {result.method})")
    write_result(render(result, fmt, scores), output, force, as_json,
                 {"src_lang": src_lang, "tgt_lang": tgt_lang, "beads": len(result.beads),
                  "src_sentences": len(result.src.sentences),
                  "tgt_sentences": len(result.tgt.sentences), "method": result.method}, counts)


@align.command("evaluate")
@click.option("--gold", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path), help="Gold ladder file(s).")
@click.option("--test", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Test ladder file(s), in the same order as --gold.")
@click.option("--review", "manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Instead of ladders: score the built alignment of --pair against the "
              "reviewed units in this manifest's review file.")
@click.option("--pair", callback=check_language_pair,
              help="With --review: the language pair, e.g. en-ru.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="With --review: where `build` wrote the tables.")
@json_option
def align_evaluate(gold: tuple[Path, ...], test: tuple[Path, ...], manifest: Path | None,
                   pair: str | None, root: Path, as_json: bool) -> None:
    """Strict and lax P/R/F1 of TEST ladders against GOLD (micro-averaged), or of a built
    alignment against the reviewed units (--review MANIFEST --pair L1-L2)."""
    if manifest is not None:
        if not pair or gold or test:
            raise click.UsageError("--review takes --pair and no --gold/--test")
        from corpus_tools.review.workspace import Workspace, evaluate_against_review

        scores = evaluate_against_review(Workspace.open(manifest, root), pair)
    else:
        if not gold or not test:
            raise click.UsageError("give --gold and --test ladder files, or --review")
        from corpus_tools.align.evaluate import evaluate_files

        scores = evaluate_files(gold, test)
    echo_summary(vars(scores), as_json, scores.lines())


@click.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@lang_option("--langs", required=True, several=True,
             help="The files' languages in order, e.g. en,ru,zh.")
@click.option("--presegmented", is_flag=True, help="Files hold one sentence per line.")
@click.option("--format", "fmt", type=click.Choice(["ladder", "tsv", "jsonl"]),
              default="ladder", show_default=True,
              help="ladder: [en ids]:[ru ids]:[zh ids] per unit; tsv/jsonl add text and scores.")
@embedding_option
@output_options("Write the units here instead of stdout.")
def align3(files: tuple[Path, ...], langs: str, presegmented: bool, fmt: str,
           embedding: str | None, output: Path | None, force: bool, as_json: bool) -> None:
    """Align three (or more) versions of a text into one table of units.

    Every pair is aligned; units where the pairwise alignments agree through the pivot are
    kept, the others re-aligned and marked (agreement false).
    """
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.align.multiway import agreement_rate, align_files, format_units
    from corpus_tools.align.scorers import default_scorers

    codes = langs.split(",")
    units, texts = align_files(files, codes, presegmented, Aligner(default_scorers(embedding)))
    agreement = agreement_rate(units)
    counts = f"{count_noun(len(units), 'unit')}, pairwise alignments agree on {agreement:.1%}"
    write_result(format_units(units, codes, fmt, texts), output, force, as_json,
                 {"langs": codes, "units": len(units), "agreement": agreement}, counts)
