"""The ``corpus-tools`` command line: thin commands over the library.

Each command parses options, calls one library function and prints a short summary; the
conventions they share (-q/-v anywhere, --json, -o/--force, language codes, one-line errors)
are written once in :mod:`corpus_tools.cli.common`. A new command goes into its family's module
and into the tuple below, which gives it -q/-v.
"""

from __future__ import annotations

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
from corpus_tools.cli.common import Group, apply_verbosity, verbosity_options


@click.group(cls=Group, params=verbosity_options(),
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus-tools")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Build en/ru/zh parallel corpora and terminology tables.

    Every command also takes -q and -v after its name. Exit status: 0 ok, 1 input or
    runtime error, 2 usage error.
    """
    apply_verbosity(ctx, False, False)  # this run's settings, with -q/-v as parsed so far


for command in (build.build, build.check, gather.gather, gather.match_docs, segment.segment,
                align.align, align.align3, translate.translate, models.models, score.score,
                terms.terms, report.report, report.export, review.review, query.query):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="corpus-tools")
