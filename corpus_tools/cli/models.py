"""`models`: list, download and verify the models corpus-tools uses."""

from __future__ import annotations

import click

from corpus_tools.cli.common import (
    Group,
    echo_summary,
    json_option,
)


@click.group(cls=Group)
def models() -> None:
    """List, download and verify the models corpus-tools uses."""


@models.command("list")
@json_option
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
@json_option
def models_download(names: tuple[str, ...], as_json: bool) -> None:
    """Fetch models into their caches (needs a network; names as `models list` shows)."""
    from corpus_tools.models import REGISTRY, download

    wanted = [spec.name for spec in REGISTRY] if names == ("all",) else list(names)
    places = {name: download(name) for name in wanted}
    echo_summary({"downloaded": places}, as_json,
                 [f"{name}: {place}" for name, place in places.items()])


@models.command("verify")
@json_option
def models_verify(as_json: bool) -> None:
    """Load every present model offline and report; exit 1 if one fails to load."""
    from corpus_tools.models import list_models, verify

    results = verify(list_models())
    echo_summary({"models": [vars(r) for r in results]}, as_json,
                 [f"{_verdict(r):7} {r.name}: {r.message}" for r in results])
    if not all(r.ok for r in results):
        raise SystemExit(1)


def _verdict(result) -> str:
    return "FAILED" if not result.ok else "skipped" if result.skipped else "ok"
