"""`review`: the review file of a manifest (check it, TEI alignments out and in)."""

from __future__ import annotations

from pathlib import Path

import click

from corpus_tools.cli import common
from corpus_tools.cli.common import DefaultCommandGroup, echo_notice, echo_summary, json_option

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Where `build` wrote corpora/<name>/ and alignments/<name>/.")


@click.group(cls=DefaultCommandGroup, default_command="open")
def review() -> None:
    """A reviewer's decisions on a built corpus, kept beside MANIFEST (docs/review.md).

    `review MANIFEST` (short for `review open MANIFEST`) opens the review app; `review check`
    says which decisions the next build applies; `review export-tei` / `review import-tei`
    exchange alignments as TEI.
    """


@review.command("open")
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@root_option
@click.option("--no-browser", is_flag=True, help="Print the app's address; open no browser.")
def open_command(manifest: Path, root: Path, no_browser: bool) -> None:
    """Serve the review app on 127.0.0.1 (a random port, a token for this run) until Ctrl-C;
    every action is appended at once to MANIFEST's review file."""
    from corpus_tools.review.app import serve
    from corpus_tools.review.session import ReviewSession
    from corpus_tools.review.workspace import Workspace

    def announce(url: str) -> None:
        click.echo(url)
        echo_notice("review app running; Ctrl-C stops it")

    serve(ReviewSession(Workspace.open(manifest, root)), open_browser=not no_browser,
          announce=announce)


@review.command("check")
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@root_option
@json_option
def check_command(manifest: Path, root: Path, as_json: bool) -> None:
    """Say which decisions of MANIFEST's review file apply to the built tables."""
    from corpus_tools.review.workspace import Workspace, check_review

    summary = check_review(Workspace.open(manifest, root))
    echo_summary(vars(summary), as_json, summary.lines())


@review.command("export-tei")
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@root_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="TEI file to write.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT.")
@json_option
def export_tei_command(manifest: Path, root: Path, output: Path, force: bool,
                       as_json: bool) -> None:
    """Write the built alignments as InterText-style TEI (reviewed beads: status man)."""
    from corpus_tools.review.workspace import Workspace, export_tei_file

    links = export_tei_file(Workspace.open(manifest, root), output, force)
    common.echo_written({"output": output, "links": links}, as_json,
                        [common.written(output, common.count_noun(links, "link"))])


@review.command("import-tei")
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("tei", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@root_option
@json_option
def import_tei_command(manifest: Path, tei: Path, root: Path, as_json: bool) -> None:
    """Append TEI's manual links (status man) to MANIFEST's review file as unit decisions."""
    from corpus_tools.review.workspace import Workspace, import_tei_file

    workspace = Workspace.open(manifest, root)
    count = import_tei_file(workspace, tei)
    decisions = common.count_noun(count, "unit decision")
    common.echo_written({"review_file": workspace.review_path, "decisions": count}, as_json,
                        [f"appended {decisions} to {workspace.review_path}"])
