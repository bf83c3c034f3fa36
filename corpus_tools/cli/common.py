"""Conventions every command shares, written once.

- ``-q``/``-v`` are accepted before or after any command name: :class:`Group` adds them to
  every command registered on it (nothing to declare in a command).
- ``@lang_option("--lang", ...)``: a language code in any case, aliases read with a note on stderr,
  unknown codes a usage error (exit 2) with "did you mean".
- ``@output_options()``: ``-o/--output``, ``--force`` and ``--json``, checked before the work;
  :func:`write_result` writes the result and says what was written. Otherwise
  ``@json_option`` and :func:`echo_written` (what was written: JSON on stdout with
  ``--json``, else notices on stderr that ``-q`` silences) or :func:`echo_summary` (a
  command whose result is a summary, such as scores: stdout, JSON with ``--json``).
- Errors a user can act on become one line on stderr: exit 1 for input or runtime errors,
  2 for usage errors.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from corpus_tools.errors import CorpusToolsError
from corpus_tools.progress import is_quiet, set_quiet


def apply_verbosity(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Record ``-v``/``-q`` for the whole run, wherever on the line they were given."""
    ctx.ensure_object(dict)
    verbose = verbose or ctx.obj.get("verbose", False)
    quiet = quiet or ctx.obj.get("quiet", False)
    ctx.obj.update(verbose=verbose, quiet=quiet)
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(level=level, format="corpus-tools: %(message)s", stream=sys.stderr,
                        force=True)
    set_quiet(quiet)


def _verbosity_callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        apply_verbosity(ctx, param.name == "verbose", param.name == "quiet")


def verbosity_options() -> list[click.Option]:
    """``-v/--verbose`` and ``-q/--quiet``, handled as soon as they are parsed (eager), so that
    an alias note or a progress bar after them already obeys them."""
    return [
        click.Option(["-v", "--verbose"], is_flag=True, is_eager=True, expose_value=False,
                     callback=_verbosity_callback, help="Log details and show tracebacks."),
        click.Option(["-q", "--quiet"], is_flag=True, is_eager=True, expose_value=False,
                     callback=_verbosity_callback,
                     help="No progress bars, notices or summaries, only errors and results."),
    ]


class Group(click.Group):
    """Turns user errors into one-line messages (tracebacks only with --verbose), gives every
    command registered on it ``-q``/``-v``, and lists commands with their whole first sentence."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(param.name == "quiet" for param in cmd.params):
            cmd.params.extend(verbosity_options())
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CorpusToolsError as err:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            raise click.ClickException(str(err)) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, command.get_short_help_str(limit=10_000))
                for name, command in ((n, self.get_command(ctx, n))
                                      for n in self.list_commands(ctx))
                if command is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class DefaultCommandGroup(Group):
    """A group whose first argument, unless it names a subcommand, goes to a default one:
    ``terms CORPUS`` runs ``terms show CORPUS`` while ``terms discover CORPUS`` still works.
    Its ``--help`` shows the default command's options too."""

    def __init__(self, *args, default_command: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_command = default_command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        default = self.commands[self.default_command]
        shared = {param.name for param in self.get_params(ctx)}  # listed above already
        rows = [record for param in default.get_params(ctx)
                if isinstance(param, click.Option) and param.name not in shared
                and (record := param.get_help_record(ctx)) is not None]
        with formatter.section(f"Options of `{ctx.info_name} {self.default_command}` "
                               "(the default command)"):
            formatter.write_dl(rows)


def lang_option(*param_decls: str, several: bool = False, **attrs) -> Callable:
    """A language option (see :func:`check_languages`); ``multiple=True`` makes it repeatable,
    ``several=True`` lets one value list codes separated by commas (``--langs en,ru,zh``)."""
    attrs.setdefault("metavar", "L1,L2,…" if several else "LANG")
    return click.option(*param_decls, callback=check_languages if several else check_language,
                        **attrs)


def check_languages(ctx: click.Context, param: click.Parameter, value):
    """Click callback: each code of the option's value (repeated or comma-separated) read as
    ISO 639-1 in any case (``RU``), aliases with a note on stderr (``cn``, ``zh-Hans`` → zh,
    ``rus`` → ru), anything else a usage error with "did you mean"; the value comes back in
    the same shape with the codes normalised."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(check_languages(ctx, param, item) for item in value)
    return ",".join(_language(ctx, param, code) for code in value.split(","))


def check_language(ctx: click.Context, param: click.Parameter, value):
    """Click callback: as :func:`check_languages`, for an option that takes one code a value."""
    for item in value if isinstance(value, tuple) else (value,) if value else ():
        if "," in item:
            raise click.BadParameter(f"{item!r}: one language code here, not a list", ctx,
                                     param)
    return check_languages(ctx, param, value)


def check_language_pair(ctx: click.Context, param: click.Parameter,
                        value: str | None) -> str | None:
    """Click callback: ``EN-ru`` → ``en-ru``, each side read as by :func:`check_language`."""
    if value is None:
        return None
    sides = value.split("-")
    if len(sides) != 2:
        raise click.BadParameter(f"{value!r}: expected two languages, e.g. en-ru", ctx, param)
    return "-".join(check_language(ctx, param, side) for side in sides)


def _language(ctx: click.Context, param: click.Parameter, given: str) -> str:
    from corpus_tools.lang import parse_language

    try:
        parsed = parse_language(given)
    except CorpusToolsError as err:
        raise click.BadParameter(str(err), ctx, param) from None
    if parsed.note:
        echo_notice(f"{parsed.note} ({param.opts[-1]})")
    return parsed.code


def output_options(help: str = "Write the result here instead of stdout.",
                   result_on_stdout: bool = True) -> Callable:
    """``-o/--output FILE`` (a :class:`Path`; ``None`` means stdout), ``--force`` and
    ``--json``; before the command runs, OUTPUT must be writable and, where the result goes
    to stdout without ``-o`` (``result_on_stdout``), ``--json`` needs ``-o``."""

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def checked(**params):
            _check_output(params["output"], params["force"],
                          params["as_json"] and result_on_stdout)
            return command(**params)

        for option in reversed([
            click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                         help=help),
            click.option("--force", is_flag=True, help="Overwrite OUTPUT."),
            json_option,
        ]):
            checked = option(checked)
        return checked

    return decorate


json_option = click.option(
    "--json", "as_json", is_flag=True,
    help="Print one JSON document on stdout: what was written and the counts.")


def _check_output(output: Path | None, force: bool, json_needs_output: bool) -> None:
    from corpus_tools.fileio import check_writable

    if output is None and json_needs_output:
        raise click.UsageError("--json prints the summary on stdout, which carries the result "
                               "without -o; add -o FILE")
    if output is not None:
        check_writable(output, force)  # before the work, not after it


def write_result(text: str, output: Path | None, force: bool, as_json: bool, summary: dict,
                 counts: str) -> None:
    """Write the command's result to OUTPUT (atomically) or stdout, then say what was
    written: ``summary`` (with ``output``) as JSON, or ``wrote OUTPUT: COUNTS`` on stderr."""
    from corpus_tools.fileio import write_text_atomic

    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text, force)
    echo_written({"output": output, **summary}, as_json, [written(output, counts)])


def echo_written(summary: dict, as_json: bool, lines: list[str]) -> None:
    """What a command wrote: one JSON document on stdout with ``--json``, else notices on
    stderr (stdout carries results only; ``-q`` silences them)."""
    if as_json:
        _echo_json(summary)
    else:
        for line in lines:
            echo_notice(line)


def written(output: Path | str | None, counts: str) -> str:
    """The one phrasing of what a command wrote: ``wrote OUT: 3 sentences in 1 paragraph``
    (``wrote stdout: …`` when the result went to stdout)."""
    return f"wrote {output if output not in (None, '-') else 'stdout'}: {counts}"


def echo_summary(summary: dict, as_json: bool, lines: list[str]) -> None:
    """A command whose result is a summary (scores, a list): JSON or lines, on stdout."""
    if as_json:
        _echo_json(summary)
    else:
        for line in lines:
            click.echo(line)


def _echo_json(summary: dict) -> None:
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


def echo_notice(line: str) -> None:
    """A line for people on stderr (stdout carries the result); ``--quiet`` silences it."""
    if not is_quiet():
        click.echo(line, err=True)


def count_noun(count: int, noun: str, plural: str | None = None) -> str:
    """``1 sentence``, ``2 sentences``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def embedding_option(command: Callable) -> Callable:
    """``--embedding MODEL``: add a sentence-embedding scorer."""
    from corpus_tools.align.scorers.embedding import DEFAULT_MODEL, USE_INSTALL, USE_MULTILINGUAL

    return click.option(
        "--embedding", metavar="MODEL",
        help=f"Also score by sentence embeddings from MODEL: `default` (= {DEFAULT_MODEL}) "
        f"or {USE_MULTILINGUAL} (no download; `{USE_INSTALL}`), or a Hugging Face encoder id "
        "or directory.",
    )(command)
