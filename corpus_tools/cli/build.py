"""`build`: every stage for a manifest; `check`: validate a manifest and show the plan."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from corpus_tools.cli.common import count_noun, echo_summary, echo_written, json_option

MANIFEST = click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
ROOT = click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                    default=Path("."), show_default=True,
                    help="Write corpora/<name>/ and alignments/<name>/ here.")
FORCE = click.option("--force", is_flag=True, help="Rebuild every stage, even if up to date.")


@click.command()
@MANIFEST
@ROOT
@FORCE
@click.option("--replace", is_flag=True,
              help="Replace a corpus of the same name built here from another manifest.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Run document groups in N processes (default: [build] jobs, else 1).")
@click.option("--executor", type=click.Choice(["local", "ray"], case_sensitive=False),
              default="local",
              show_default=True, help="Run groups here, or as Ray tasks (corpus-tools[ray]).")
@click.option("--address", default=None, metavar="HOST:PORT",
              help="The Ray cluster to run on (default: a local Ray); see docs/scale.md.")
@click.option("--relearn", is_flag=True,
              help="Learn the corpus's alignment lexicon again from every group.")
@json_option
def build(manifest: Path, root: Path, force: bool, replace: bool, jobs: int | None,
          executor: str, address: str | None, relearn: bool, as_json: bool) -> None:
    """Run every stage for MANIFEST and write its tables."""
    from corpus_tools.build import build as run_build

    if address and executor != "ray":
        raise click.UsageError("--address is for --executor ray")
    report = run_build(manifest, root=root, force=force, replace=replace, jobs=jobs,
                       executor=executor, address=address, relearn=relearn)
    lines = [f"built: {', '.join(report.built) or 'nothing'}"]
    if report.up_to_date:
        lines.append(f"up to date: {', '.join(report.up_to_date)}")
    lines += [f"{stage}: {count_noun(counts['ran'], 'group')} run, {counts['kept']} unchanged"
              for stage, counts in report.groups.items()]
    # Skipped stages were already named on stderr, one line each, as they happened.
    lines += [f"  {name}: {count_noun(rows, 'row')}" for name, rows in report.tables.items()]
    if report.removed:
        lines.append(f"removed (their stage is skipped now): {', '.join(report.removed)}")
    lines.append(f"tables in {report.corpus_dir} and {report.alignments_dir}")
    echo_written(vars(report), as_json, lines)


@click.command()
@MANIFEST
@ROOT
@FORCE
@json_option
def check(manifest: Path, root: Path, force: bool, as_json: bool) -> None:
    """Validate MANIFEST and show what `build` would do: documents, pairs, stages."""
    from corpus_tools.build import plan

    loaded, stages = plan(manifest, root=root, force=force)
    documents = Counter((doc.group, doc.lang) for doc in loaded.documents)
    summary = {
        "name": loaded.name,
        "documents": [{"group": group, "lang": lang, "documents": count}
                      for (group, lang), count in sorted(documents.items())],
        "pairs": [{"docs": list(pair.docs), "mode": pair.mode} for pair in loaded.pairs],
        "stages": [{"stage": s.stage, "action": s.action, "reason": s.reason}
                   for s in stages],
    }
    lines = [f"{manifest}: valid; corpus {loaded.name!r}, "
             f"{count_noun(len(loaded.documents), 'document')}"]
    lines += [f"  group {d['group']}: {d['documents']} {d['lang']}" for d in summary["documents"]]
    lines += [f"  pair {' ~ '.join(p['docs'])}: {p['mode']}" for p in summary["pairs"]]
    lines += [f"  {s.stage}: {s.action}{f' ({s.reason})' if s.reason else ''}" for s in stages]
    echo_summary(summary, as_json, lines)
