"""The stage contract: what every stage of ``build`` declares, and the resources it shares.

A stage is a pure function of its settings, the shared resources and its input tables::

    run(settings, resources, tables) -> Output(tables, notes)

``settings`` is a frozen dataclass parsed from the stage's manifest tables when the manifest
is loaded (so a typo fails before anything is built); ``resources`` are the expensive things
several stages share (a loaded encoder, the aligner with its dictionaries), loaded once per
process on first use; ``tables`` are the input tables by name. ``notes`` are facts about the
run worth keeping beside the signature (e.g. why a table came out empty); they go into the
tables' provenance and must not hold times or absolute paths. A stage whose ``scope`` is
``"group"`` gives, for the rows of one document group, the rows the whole-corpus run would
give for that group, so that it can run on one group's slice of the tables in a worker
process (the alignments stage's slice must also hold the documents ``[[pairs]]`` link to
the group's); its ``corpus_step``, if any, then makes the tables that count over every
group from the groups' merged output.

Its signature (:class:`Signature`, sacrebleu's idea) names every value that changes its
numbers, and a hash of the source code that computes it; ``build`` fingerprints a stage as its
signature plus its inputs' fingerprints, and records the signature in each table it writes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

import corpus_tools
from corpus_tools.executors import Executor, SerialExecutor

if TYPE_CHECKING:
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.manifest import Manifest

Tables = dict[str, pl.DataFrame]
Schema = Mapping[str, pl.DataType]
PACKAGE = Path(corpus_tools.__file__).parent


@dataclass(frozen=True)
class Output:
    """What a stage's run gives: its tables by name, and notes for their provenance."""

    tables: Tables
    notes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Signature:
    """Every value that changes a stage's numbers, in one string: ``key:value|key:value``."""

    values: Mapping[str, Any]

    def __str__(self) -> str:
        return "|".join(f"{key}:{_render(value)}" for key, value in sorted(self.values.items()))

    def record(self) -> dict[str, Any]:
        """The values as JSON would hold them (dates as ISO strings, tuples as lists)."""
        return json.loads(json.dumps(dict(sorted(self.values.items())), default=str))


def _render(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k}={_render(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_render(v) for v in value) + "]"
    return str(value)


def code_version(modules: tuple[str, ...]) -> str:
    """A hash of the source files of ``modules`` (dotted names of modules or packages under
    ``corpus_tools``): changing a tuned constant there changes the stage's fingerprint."""
    digest = hashlib.sha256()
    for module in modules:
        base = PACKAGE.joinpath(*module.split(".")[1:])
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]
        for path in files:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@dataclass
class Resources:
    """What stages share within one process, each loaded on first use.

    Built from the manifest's settings and the corpus folder only, so that a worker process
    can build its own from the same (picklable) values."""

    cache_dir: Path  # fetched pages and cached translations (``corpora/<name>/cache``)
    embedding: str | None = None  # the ``[align]`` encoder, if any
    # where per-group work runs (``build --jobs``, ``--executor``): per-group stages are run
    # there by ``build``; a corpus-wide stage may spread its own per-group part there too
    executor: Executor = field(default_factory=SerialExecutor)

    @property
    def aligner(self) -> Aligner:
        """The model-free scorers, and the encoder where it is installed (else a notice says
        how to get it and alignment goes on without it); one per process, so that every
        stage and every group a worker runs share the loaded encoder and its embeddings."""
        return _aligner(self.embedding)


@lru_cache(maxsize=2)
def _aligner(embedding: str | None) -> Aligner:
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.align.scorers import default_scorers

    return Aligner(default_scorers(embedding, required=False))


@dataclass(frozen=True)
class Stage:
    """One stage of ``build``, declared in its own module of :mod:`corpus_tools.stages`."""

    name: str
    inputs: tuple[str, ...]  # tables it needs (``alignments/*``: every language pair)
    outputs: Mapping[str, Schema | None]  # tables it writes → schema (None: built by the stage)
    parse: Callable[[Manifest], Any]  # its frozen Settings, from the manifest's tables
    describe: Callable[[Any], Mapping[str, Any]]  # settings → every value that changes numbers
    run: Callable[[Any, Resources, Tables], Output]
    code: tuple[str, ...]  # modules and packages whose source computes it
    manifest_tables: tuple[str, ...] = ()  # top-level manifest tables it reads
    scope: Literal["group", "corpus"] = "corpus"
    optional: tuple[str, ...] = ()  # tables it reads when they exist
    unavailable: Callable[[Any], str | None] = field(default=lambda settings: None)
    # inputs a per-group stage reads whole, not sliced by group (a side input: in every
    # group's slice; a corpus table: loaded once per worker)
    whole: tuple[str, ...] = ()
    # document pairs (manifest ids) that join groups: a group's slice also holds the
    # documents its own are linked to
    links: Callable[[Any], tuple[tuple[str, str], ...]] = field(default=lambda settings: ())
    # a table learnt from the corpus: built when missing, on ``build --relearn`` or when its
    # signature changes, not each time its inputs do (which would touch every group)
    kept: bool = False
    # input tables read from files the settings name, not from the corpus (the review file's
    # decisions): fingerprinted by their rows, and sliced by group like the other inputs
    side_inputs: Callable[[Any], Tables] = field(default=lambda settings: {})
    # a per-group stage's corpus step: (settings, its input tables, the groups' merged
    # output) → its output; what counts or compares over every group (cheap: it matches,
    # aligns or translates nothing), run each time the stage runs
    corpus_step: Callable[[Any, Tables, Output], Output] | None = None
    # a per-group stage that runs models (an MT system, an encoder): ``load`` loads them
    # into a worker before its first group, so that each worker loads them once; ``device``
    # is where they run (a ``[translate] device``: cpu, cuda, auto), which places its
    # groups on Ray actors holding a GPU (docs/scale.md)
    load: Callable[[Any, Resources], None] = field(default=lambda settings, resources: None)
    device: Callable[[Any], str] = field(default=lambda settings: "cpu")

    def signature(self, settings: Any) -> Signature:
        return Signature({**self.describe(settings), "code": code_version(self.code)})

    def schema(self, table: str) -> Schema | None:
        """The schema of output ``table`` (``alignments/en-ru`` matches ``alignments/*``)."""
        if table in self.outputs:
            return self.outputs[table]
        return self.outputs.get(table.split("/", 1)[0] + "/*")

    def writes(self, table: str) -> bool:
        return table in self.outputs or table.split("/", 1)[0] + "/*" in self.outputs
