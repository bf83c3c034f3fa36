"""Conventions every command shares: one-line errors, language codes, summaries, notices."""

from __future__ import annotations

import json
from collections.abc import Callable

import click

from corpus_tools.errors import CorpusToolsError
from corpus_tools.progress import is_quiet


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
    from corpus_tools.align.scorers.embedding import DEFAULT_MODEL, USE_INSTALL, USE_MULTILINGUAL

    return click.option(
        "--embedding", metavar="MODEL",
        help=f"Also score by sentence embeddings from MODEL: `default` (= {DEFAULT_MODEL}) "
        f"or {USE_MULTILINGUAL} (no download; `{USE_INSTALL}`), or a Hugging Face encoder id "
        "or directory.",
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

