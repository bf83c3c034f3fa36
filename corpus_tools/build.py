"""`build`: run every stage for a manifest, in order, skipping what is up to date.

Each stage (:mod:`corpus_tools.stages`) is fingerprinted as its signature — every value that
changes its numbers, and a hash of its code — plus the fingerprints of the stages whose tables
it reads; a stage whose fingerprint and outputs are unchanged is not run again. The
fingerprints, the outputs and the times each stage was built are kept in ``build.json`` beside
the tables (the tables themselves hold no time, so the same manifest gives the same bytes).
A stage that cannot run here (a model is not installed, or a stage it needs was skipped) is
skipped with one line, and the tables it wrote before are removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from corpus_tools import __version__
from corpus_tools.errors import CorpusToolsError, ModelMissingError
from corpus_tools.executors import get_executor
from corpus_tools.fileio import sha256_file, write_text_atomic
from corpus_tools.groups import (
    GroupStore,
    linked_documents,
    run_groups,
    slice_hash,
    slices_by_group,
)
from corpus_tools.layout import CorpusLayout, stage_of
from corpus_tools.manifest import Manifest, load_manifest
from corpus_tools.stages import STAGES, Output, Resources, Stage, Tables
from corpus_tools.stages.lexicon import worker_resources
from corpus_tools.tables import read_table, write_table

log = logging.getLogger(__name__)


class CorpusClashError(CorpusToolsError):
    """The corpus name is already built in this root from another manifest."""


@dataclass(frozen=True)
class StagePlan:
    """What ``build`` would do with one stage, and why."""

    stage: str
    action: str  # run | up to date | skip
    reason: str = ""
    fingerprint: str = ""
    signature: str = ""
    settings: dict[str, Any] = field(default_factory=dict)  # the signature's values
    inputs: dict[str, str] = field(default_factory=dict)  # input table → its fingerprint
    side: Tables = field(default_factory=dict, repr=False)  # inputs from files its settings name


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # stale tables of skipped stages
    tables: dict[str, int] = field(default_factory=dict)  # written table → rows
    groups: dict[str, dict[str, int]] = field(default_factory=dict)  # stage → groups ran, kept
    # stage → how many workers loaded its resources (its models): once each, not per group
    loads: dict[str, int] = field(default_factory=dict)
    corpus_dir: str = ""
    alignments_dir: str = ""


@dataclass
class BuildState:
    """``build.json``: which manifest the corpus comes from, and per stage its fingerprint,
    signature, outputs and when it was built (the only place a build records a time)."""

    manifest: str | None = None
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> BuildState:
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(raw.get("manifest"), raw.get("stages", {}))

    def write(self, path: Path) -> None:
        write_text_atomic(path, json.dumps({"manifest": self.manifest, "stages": self.stages},
                                           indent=2, sort_keys=True))


def build(manifest_path: str | Path, root: str | Path = ".", force: bool = False,
          replace: bool = False, stages: Sequence[Stage] = STAGES, jobs: int | None = None,
          executor: str = "local", address: str | None = None,
          relearn: bool = False) -> BuildReport:
    """Build every stage of the corpus described by ``manifest_path`` under ``root``.

    ``force`` rebuilds every stage; ``replace`` lets this manifest take over a corpus of the
    same name built from another manifest (otherwise that is refused). Per-group stages run
    group by group in ``jobs`` processes (default: the manifest's ``[build] jobs``), or as
    Ray tasks (``executor="ray"``, on the cluster at ``address`` or a local Ray); ``relearn``
    learns the kept tables (the corpus's lexicon) again."""
    manifest = load_manifest(manifest_path)
    layout = CorpusLayout.under(root, manifest.name)
    state = _claim(layout, manifest, replace)
    resources = Resources(layout.cache_dir, manifest.settings_of("alignments").embedding,
                          get_executor(executor, jobs or manifest.jobs, address))
    report = BuildReport(corpus_dir=str(layout.corpus_dir),
                         alignments_dir=str(layout.alignments_dir))
    done: dict[str, str] = {}  # stage → fingerprint, for those whose tables are there now
    with resources.executor:  # its workers serve every stage, then stop
        for stage in stages:
            settings = manifest.settings_of(stage.name)
            decision = decide(stage, settings, done, state, layout, force, relearn=relearn)
            if decision.action == "up to date":
                report.up_to_date.append(stage.name)
                done[stage.name] = decision.fingerprint
                continue
            if decision.action == "run":
                started = time.monotonic()
                tables = {name: read_table(layout.path(name)) for pattern in decision.inputs
                          for name in layout.existing(pattern)} | decision.side
                try:
                    output = (_run_per_group(stage, settings, resources, tables, decision, layout,
                                             report) if stage.scope == "group"
                              else stage.run(settings, resources, tables))
                except ModelMissingError as err:
                    decision = StagePlan(stage.name, "skip", str(err))
                else:
                    _write_outputs(stage, decision, output, state, layout, report)
                    state.stages[stage.name] |= {
                        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        "seconds": round(time.monotonic() - started, 3)}
                    state.write(layout.state_path)
                    report.built.append(stage.name)
                    done[stage.name] = decision.fingerprint
                    continue
            report.skipped[stage.name] = decision.reason
            _remove_stale(stage.name, decision.reason, state, layout, report)
    return report


def decide(stage: Stage, settings: Any, done: dict[str, str], state: BuildState,
           layout: CorpusLayout, force: bool = False, dry_run: bool = False,
           relearn: bool = False) -> StagePlan:
    """Run, up to date, or skip (and why), given the stages whose tables are there (or, in a
    ``dry_run``, would be). A kept stage's fingerprint leaves its inputs out: it is learnt
    again only when missing, on ``relearn`` or when its signature changes."""
    inputs = {p: fp for p in stage.inputs + stage.optional
              if (fp := _input_fingerprint(p, done, layout, dry_run))}
    side = stage.side_inputs(settings)
    inputs |= {name: "rows:" + slice_hash({name: table})[:16] for name, table in side.items()}
    missing = [p for p in stage.inputs if p not in inputs]
    if missing:
        return StagePlan(stage.name, "skip", f"needs {', '.join(missing)}")
    reason = stage.unavailable(settings)
    if reason:
        return StagePlan(stage.name, "skip", reason)
    signed = stage.signature(settings)
    signature = str(signed)
    fingerprint = hashlib.sha256(json.dumps(
        {"stage": stage.name, "signature": signature, "inputs": {} if stage.kept else inputs},
        sort_keys=True).encode()).hexdigest()
    previous = state.stages.get(stage.name, {})
    current = not force and not (stage.kept and relearn) and previous.get(
        "fingerprint") == fingerprint and all(
        layout.path(name).exists() for name in previous.get("outputs", []))
    return StagePlan(stage.name, "up to date" if current else "run",
                     fingerprint=fingerprint, signature=signature, settings=signed.record(),
                     inputs=inputs, side=side)


def _input_fingerprint(pattern: str, done: dict[str, str], layout: CorpusLayout,
                       dry_run: bool) -> str | None:
    """The fingerprint of the stage that wrote the input tables in this build; for tables
    placed there by hand (e.g. translations made elsewhere), a hash of their content; None
    when there are none (a stage may write no table for a pattern: one language, no pairs)."""
    producer = stage_of(pattern.replace("/*", ""))
    if dry_run and producer in done:
        return done[producer]
    files = [layout.path(name) for name in layout.existing(pattern)]
    if not files:
        return None
    if producer in done:
        return done[producer]
    return "files:" + "+".join(sha256_file(path)[:16] for path in files)


def plan(manifest_path: str | Path, root: str | Path = ".", force: bool = False,
         ) -> tuple[Manifest, list[StagePlan]]:
    """What ``build`` would do, without running anything (``corpus-tools check``); a stage
    that would run counts as done for the stages after it."""
    manifest = load_manifest(manifest_path)
    layout = CorpusLayout.under(root, manifest.name)
    state = BuildState.read(layout.state_path)
    if state.manifest not in (None, str(manifest.path.resolve())):
        state = BuildState()
    done: dict[str, str] = {}
    plans = []
    for stage in STAGES:
        decision = decide(stage, manifest.settings_of(stage.name), done, state, layout, force,
                          dry_run=True)
        if decision.action != "skip":
            done[stage.name] = decision.fingerprint
        plans.append(decision)
    return manifest, plans


def _claim(layout: CorpusLayout, manifest: Manifest, replace: bool) -> BuildState:
    """The corpus's build state, refusing one built from another manifest unless
    ``replace`` (then its tables are removed and everything is built afresh)."""
    state = BuildState.read(layout.state_path)
    source = str(manifest.path.resolve())
    if state.manifest not in (None, source):
        if not replace:
            raise CorpusClashError(
                f"{layout.corpus_dir}: corpus {manifest.name!r} was built from {state.manifest}, "
                f"not {manifest.path}; use --replace to replace it, or another --root")
        for record in state.stages.values():
            for name in record.get("outputs", []):
                layout.path(name).unlink(missing_ok=True)
        state = BuildState()
    state.manifest = source
    return state


def _run_per_group(stage: Stage, settings: Any, resources: Resources, tables: Tables,
                   decision: StagePlan, layout: CorpusLayout, report: BuildReport) -> Output:
    """The stage run on each document group's slice of its inputs, where that slice or the
    stage changed, in the build's executor (:mod:`corpus_tools.groups`). A group's
    fingerprint is the stage's signature, the fingerprints of the inputs it reads whole (the
    learnt lexicon: so each group's result records which lexicon aligned it) and the hash of
    its slice: a change elsewhere in the corpus does not touch it."""
    # side tables read whole (the review's glossary variants) go in every group's slice,
    # and so in every group's fingerprint; corpus tables read whole are loaded by the worker
    shared = {name: tables[name] for name in stage.whole if name in decision.side}
    whole = {name: decision.inputs[name] for name in stage.whole
             if name in decision.inputs and name not in shared}
    documents = tables["documents"] if "documents" in tables else read_table(
        layout.path("documents"))
    slices = slices_by_group({n: t for n, t in tables.items() if n not in stage.whole},
                             documents, linked_documents(stage.links(settings), documents))
    slices = {group: tables_of_group | shared for group, tables_of_group in slices.items()}
    merged, groups = run_groups(
        GroupStore(layout.corpus_dir / "groups" / stage.name),
        json.dumps({"signature": decision.signature, "inputs": whole}, sort_keys=True), slices,
        partial(_group_worker, stage.name, settings, resources.cache_dir, resources.embedding,
                tuple((name, layout.path(name)) for name in whole)),
        partial(_run_on_group, stage.name, settings), resources.executor, stage.name,
        stage.device(settings))
    report.groups[stage.name] = {"ran": len(groups.ran), "kept": len(groups.kept)}
    report.loads[stage.name] = groups.loads
    if stage.corpus_step is None:
        return Output(merged, groups.notes)
    log.info("%s: corpus step over every group's results (groups: %d)", stage.name,
             len(slices))
    return stage.corpus_step(settings, tables, Output(merged, groups.notes))


def _group_worker(stage_name: str, settings: Any, cache_dir: Path, embedding: str | None,
                  whole: tuple[tuple[str, Path], ...]) -> tuple[Resources, Tables]:
    """What a worker loads once for all the groups of a stage it runs: its resources, with
    the stage's models loaded (an aligner's dictionaries are otherwise loaded on first
    use), and the inputs every group reads whole."""
    resources = worker_resources(cache_dir, embedding)
    _stage(stage_name).load(settings, resources)
    return resources, {name: read_table(path) for name, path in whole}


def _run_on_group(stage_name: str, settings: Any, loaded: tuple[Resources, Tables],
                  payload: tuple[str, Tables]) -> tuple[Tables, dict]:
    resources, whole = loaded
    output = _stage(stage_name).run(settings, resources, payload[1] | whole)
    return output.tables, dict(output.notes)


def _stage(name: str) -> Stage:
    return next(stage for stage in STAGES if stage.name == name)


def _write_outputs(stage: Stage, decision: StagePlan, output: Output, state: BuildState,
                   layout: CorpusLayout, report: BuildReport) -> None:
    tables = output.tables
    unknown = [name for name in tables if not stage.writes(name)]
    if unknown:
        raise ValueError(f"stage {stage.name} returned undeclared tables {unknown}")
    for name in set(state.stages.get(stage.name, {}).get("outputs", [])) - set(tables):
        layout.path(name).unlink(missing_ok=True)
    provenance = {"tool": "corpus-tools", "tool_version": __version__, "stage": stage.name,
                  "signature": decision.signature, "settings": decision.settings,
                  "fingerprint": decision.fingerprint,
                  "inputs": decision.inputs, "notes": dict(output.notes)}
    for name, table in sorted(tables.items()):
        write_table(table, layout.path(name), stage.schema(name), provenance)
        report.tables[name] = table.height
    state.stages[stage.name] = {"fingerprint": decision.fingerprint,
                                "signature": decision.signature, "outputs": sorted(tables)}


def _remove_stale(name: str, reason: str, state: BuildState, layout: CorpusLayout,
                  report: BuildReport) -> None:
    """A skipped stage's tables from an earlier build would no longer match the corpus."""
    previous = state.stages.pop(name, None)
    stale = [t for t in (previous or {}).get("outputs", []) if layout.path(t).exists()]
    for table in stale:
        layout.path(table).unlink()
    report.removed += stale
    if previous is not None:
        state.write(layout.state_path)
    removed = f"; removed its earlier {', '.join(stale)}" if stale else ""
    log.warning("skipped %s: %s%s", name, reason, removed)
