"""Per-group work for the executor tests, importable by worker processes and Ray actors."""

import os
import uuid
from pathlib import Path

import polars as pl


def load_once(folder: Path) -> dict:
    """A worker's 'model': leaves one file per load, so tests can count the loads."""
    (folder / f"{os.getpid()}-{uuid.uuid4().hex}").touch()
    return {"pid": os.getpid(), "threads": os.environ.get("OMP_NUM_THREADS")}


def square_group(resources: dict, payload: int) -> pl.DataFrame:
    return pl.DataFrame({"group": [payload], "square": [payload * payload],
                         "worker": [resources["pid"]], "threads": [resources["threads"]]})


def count_sentences(resources, payload):
    """A per-group stage for the group-runner tests: one row per document of the group."""
    group, tables = payload
    counts = tables["sentences"].group_by("doc_id").len().sort("doc_id")
    return {"counts": counts.with_columns(group_id=pl.lit(group))}, {}


def fetch_pages(resources, payload):
    """Fetch some pages of one host, politely (a gathering worker)."""
    from corpus_tools.gather.fetch import Fetcher, FetchPolicy

    base, paths, delay = payload
    policy = FetchPolicy(delay=delay, robots=False, resolve={"polite.test": base})
    with Fetcher(policy) as fetcher:
        return [fetcher.fetch("http://polite.test" + path, lambda url: True)[0].status
                for path in paths]
