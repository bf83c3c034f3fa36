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


def main() -> None:
    cli(prog_name="corpus-tools")
