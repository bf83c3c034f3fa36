"""The ``corpus-tools`` command line: thin commands over the library.

Each command parses options, calls one library function and prints a short summary; errors
a user can act on (:class:`~corpus_tools.errors.CorpusToolsError`) become one line on stderr
and a non-zero exit.
"""

from __future__ import annotations

import logging
import sys

import click

from corpus_tools import __version__
from corpus_tools.cli import (
    align,
    build,
    gather,
    models,
    query,
    report,
    review,
    score,
    segment,
    terms,
    translate,
)
from corpus_tools.cli.common import Group
from corpus_tools.progress import set_quiet


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



for command in (build.build, build.check, gather.gather, gather.match_docs, segment.segment,
                align.align, align.align3, translate.translate, models.models, score.score,
                terms.terms, report.report, report.export, review.review, query.query):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="corpus-tools")
