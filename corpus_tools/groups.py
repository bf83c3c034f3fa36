"""Per-group work of a build: each document group's slice of the input tables, run where it
is stale, kept, and merged into the corpus tables.

A group's result is kept in ``<corpus>/groups/<stage>/<group digest>/`` (one Arrow file per
output table, then ``done.json`` with the group's fingerprint, written last: a folder
without it is not a result). A group's fingerprint is the stage's signature and the hash of
its own slice of the inputs, so a group whose documents did not change is not run again,
whatever happened to the others, and a build killed half-way resumes with the groups it
had not finished. The merged tables are the groups' results in group order: the same bytes
whatever order the workers finished in, and however many there were.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from corpus_tools.executors import Executor, Setup
from corpus_tools.progress import track

Tables = dict[str, pl.DataFrame]
Notes = dict[str, Any]  # facts about a group's run worth keeping (a stage's Output notes)
# (resources, (group, slice)) → the group's tables and notes
GroupFunction = Callable[[Any, tuple[str, Tables]], tuple[Tables, Notes]]
DONE = "done.json"


def slices_by_group(tables: Mapping[str, pl.DataFrame], documents: pl.DataFrame,
                    linked: Mapping[str, Iterable[str]] | None = None) -> dict[str, Tables]:
    """Each group's rows of ``tables``: by ``group_id`` where a table has one, else by the
    group's documents (``doc_id``). ``linked`` adds documents of other groups to a group's
    slice (the documents ``[[pairs]]`` link to its own); the rows of other groups that come
    out of them are left out of the group's result (:func:`own_rows`)."""
    members = documents.select("doc_id", pl.col("group_id").alias("slice"))
    extra = [{"doc_id": doc, "slice": group} for group, docs in (linked or {}).items()
             for doc in docs]
    if extra:
        members = pl.concat([members, pl.DataFrame(extra, schema=members.schema)]).unique(
            maintain_order=True)
    groups = sorted(documents["group_id"].unique().to_list())
    slices: dict[str, Tables] = {group: {} for group in groups}
    for name, table in tables.items():
        if "group_id" in table.columns and ("doc_id" not in table.columns or not extra):
            parts = table.partition_by("group_id", as_dict=True)
        else:
            parts = table.join(members, on="doc_id", maintain_order="left").partition_by(
                "slice", as_dict=True, include_key=False)
        for group in groups:
            slices[group][name] = parts.get((group,), table.clear())
    return slices


def linked_documents(pairs: Iterable[tuple[str, str]], documents: pl.DataFrame
                     ) -> dict[str, set[str]]:
    """group → the documents of other groups that ``pairs`` (of manifest ids, a documents
    table's ``name``) link to its own: what :func:`slices_by_group` adds to its slice."""
    doc_of = dict(zip(documents["name"], documents["doc_id"], strict=True))
    group_of = dict(zip(documents["doc_id"], documents["group_id"], strict=True))
    linked: dict[str, set[str]] = {}
    for names in pairs:
        ids = [doc_of[name] for name in names if name in doc_of]
        for doc in ids:
            linked.setdefault(group_of[doc], set()).update(i for i in ids if i != doc)
    return {group: docs - {d for d, g in group_of.items() if g == group}
            for group, docs in linked.items() if docs}


def own_rows(group: str, tables: Tables) -> Tables:
    """A group's result without the rows of the other groups whose documents its slice
    held (see :func:`slices_by_group`)."""
    return {name: table.filter(pl.col("group_id") == group) if "group_id" in table.columns
            else table for name, table in tables.items()}


def slice_hash(tables: Tables) -> str:
    """sha256 of a group's slice: its tables' names, schemas and rows as JSON lines (not
    Arrow bytes: the same strings can lie in memory, and so in Arrow files, differently)."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        table = tables[name]
        digest.update(f"{name}\0{table.schema}\0".encode() + table.write_ndjson().encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class GroupStore:
    """The kept results of one stage's groups."""

    folder: Path

    def _dir(self, group: str) -> Path:
        return self.folder / hashlib.sha256(group.encode()).hexdigest()[:20]

    def fingerprint(self, group: str) -> str | None:
        try:
            done = json.loads((self._dir(group) / DONE).read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        return done.get("fingerprint") if done.get("group") == group else None

    def read(self, group: str) -> tuple[Tables, Notes]:
        done = json.loads((self._dir(group) / DONE).read_text(encoding="utf-8"))
        return {name: pl.read_ipc(self._dir(group) / file)
                for name, file in done["tables"].items()}, done.get("notes", {})

    def write(self, group: str, fingerprint: str, tables: Tables, notes: Notes) -> None:
        """Kept atomically: written in a scratch folder renamed into place."""
        self.folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".part-", dir=self.folder))
        files = {name: f"{k}.arrow" for k, name in enumerate(sorted(tables))}
        for name, file in files.items():
            tables[name].write_ipc(scratch / file)
        (scratch / DONE).write_text(json.dumps({"group": group, "fingerprint": fingerprint,
                                                "tables": files, "notes": notes}),
                                    encoding="utf-8")
        target = self._dir(group)
        if target.exists():
            shutil.rmtree(target)
        scratch.rename(target)

    def keep_only(self, groups: Iterable[str]) -> None:
        """Remove the results of groups no longer in the corpus, and unfinished scratch."""
        wanted = {self._dir(group).name for group in groups}
        for path in self.folder.glob("*") if self.folder.exists() else []:
            if path.name not in wanted:
                shutil.rmtree(path, ignore_errors=True)


@dataclass
class GroupReport:
    ran: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    loads: int = 0  # workers that loaded the stage's resources (its models) for this run
    notes: Notes = field(default_factory=dict)  # the groups' notes, lists joined in group order


def run_groups(store: GroupStore, signature: str, slices: Mapping[str, Tables],
               setup: Setup, function: GroupFunction, executor: Executor,
               description: str = "groups", device: str = "cpu") -> tuple[Tables, GroupReport]:
    """Run ``function`` on the groups whose kept result is stale (on ``device``: see
    :mod:`corpus_tools.executors`), keep each result as it comes, and merge all the groups'
    results in group order."""
    fingerprints = {group: hashlib.sha256(f"{signature}\0{slice_hash(tables)}".encode())
                    .hexdigest() for group, tables in slices.items()}
    report = GroupReport()
    results: dict[str, Tables] = {}
    notes: dict[str, Notes] = {}
    stale = {}
    for group in slices:
        if store.fingerprint(group) == fingerprints[group]:
            report.kept.append(group)
        else:
            stale[group] = (group, slices[group])
    largest_first = dict(sorted(stale.items(), key=lambda item: -slice_rows(item[1][1])))
    loads = executor.loads
    finished = executor.map(setup, partial(_own_result, function), largest_first, device)
    for group, (tables, group_notes) in track(finished, description, total=len(stale)):
        store.write(group, fingerprints[group], tables, group_notes)
        results[group], notes[group] = tables, group_notes
        report.ran.append(group)
    report.loads = executor.loads - loads
    store.keep_only(slices)
    for group in report.kept:
        results[group], notes[group] = store.read(group)
    report.ran.sort()
    for group in sorted(notes):
        for key, value in notes[group].items():
            report.notes.setdefault(key, []).extend(value if isinstance(value, list)
                                                    else [value])
    return merge_groups(results), report


def _own_result(function: GroupFunction, loaded: Any, payload: tuple[str, Tables]
                ) -> tuple[Tables, Notes]:
    """``function``'s result for a group, less the rows of linked groups: filtered in the
    worker, so that the process merging every group's result does not."""
    tables, notes = function(loaded, payload)
    return own_rows(payload[0], tables), notes


def slice_rows(tables: Tables) -> int:
    """A slice's size, for handing out the largest groups first: a worker left with one
    long group while the others are idle is what keeps a parallel build from ending."""
    return sum(table.height for table in tables.values())


def merge_groups(results: Mapping[str, Tables]) -> Tables:
    """Each output table: the groups' rows in group order (columns a group lacks: null)."""
    names = sorted({name for tables in results.values() for name in tables})
    merged = {}
    for name in names:
        parts = [results[group][name] for group in sorted(results) if name in results[group]]
        merged[name] = pl.concat(parts, how="diagonal_relaxed")
    return merged
