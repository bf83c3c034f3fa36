"""`score`: MT against human translations with sacrebleu."""

from __future__ import annotations

from pathlib import Path

import click

from corpus_tools.cli.common import (
    count_noun,
    echo_notice,
    echo_summary,
    lang_option,
    output_options,
    written,
)


@click.command()
@lang_option("--tgt-lang", required=True, help="Target language (ISO 639-1); picks the BLEU "
             "tokenizer (zh, ja-mecab, 13a otherwise) and TER's Asian support.")
@lang_option("--src-lang", help="Source language, recorded in the output.")
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
@output_options("Also write the scores table (Parquet) here.", result_on_stdout=False)
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
        echo_notice(written(output, count_noun(len(run.records), "score")))
    echo_summary({"tgt_lang": tgt_lang, "src_lang": src_lang, "output": output,
                  "scores": [r.as_dict() for r in run.records]}, as_json,
                 render_table(run.records))
