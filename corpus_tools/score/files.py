"""Scoring plain files (one segment per line), as the ``score`` command does.

Every input is read and checked before anything is computed, so bad input stops with one
line naming the file and nothing is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.fileio import check_writable, read_lines
from corpus_tools.lang import is_language_code, script_mismatch
from corpus_tools.score.levels import ScoreOptions, Segments, score_systems
from corpus_tools.score.results import ScoreRecord, records_frame
from corpus_tools.tables import SCORES, provenance, write_table

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScoreRun:
    records: list[ScoreRecord]
    options: ScoreOptions
    src_lang: str | None
    inputs: dict[str, Path]  # role → file, recorded (hashed) in the Parquet provenance


def parse_system(spec: str) -> tuple[str, Path]:
    """``NAME=FILE`` → (name, path)."""
    name, sep, path = spec.partition("=")
    if not sep or not name.strip() or not path:
        raise InputError(f"--hyp {spec!r}: expected NAME=FILE")
    return name.strip(), Path(path)


def read_segments(path: Path) -> list[str]:
    # Trailing whitespace (and \r) is dropped, as the sacrebleu command does.
    return [line.rstrip() for line in read_lines(path)]


def score_files(refs: list[Path], hyps: list[str], options: ScoreOptions,
                docs: Path | None = None, sources: Path | None = None,
                src_lang: str | None = None, output: Path | None = None,
                force: bool = False) -> ScoreRun:
    """Score the ``NAME=FILE`` hypotheses against the reference files."""
    for lang in (options.tgt_lang, src_lang):
        if lang is not None and not is_language_code(lang):
            raise InputError(f"language {lang!r}: not an ISO 639-1 code")
    if output is not None:
        check_writable(output, force)
    if not refs:
        raise InputError("no reference file (--ref)")
    systems = [parse_system(spec) for spec in hyps]
    names = [name for name, _ in systems]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InputError(f"--hyp: system name {duplicates[0]!r} is given more than once")
    if not systems:
        raise InputError("no hypothesis (--hyp NAME=FILE)")
    ref_lines = {path: read_segments(path) for path in refs}
    first_ref, first_lines = next(iter(ref_lines.items()))
    if not any(line.strip() for line in first_lines):
        raise InputError(f"{first_ref}: empty reference file")
    hyp_lines = {}
    for name, path in systems:
        lines = read_segments(path)
        if not any(line.strip() for line in lines):
            raise InputError(f"{path}: empty hypothesis file (system {name!r})")
        hyp_lines[name] = lines
    labels = {"docs": docs, "sources": sources}
    label_lines = {k: read_segments(p) for k, p in labels.items() if p is not None}
    counted = ([(path, len(ref_lines[path])) for path in refs[1:]]
               + [(path, len(hyp_lines[name])) for name, path in systems]
               + [(labels[k], len(lines)) for k, lines in label_lines.items()])
    for path, count in counted:
        if count != len(first_lines):
            raise InputError(f"{path} has {count} lines but {first_ref} has "
                             f"{len(first_lines)}")
    for name, path in systems:
        problem = script_mismatch("\n".join(hyp_lines[name]), options.tgt_lang)
        if problem:
            log.warning("%s (system %r): %s", path, name, problem)
    segments = Segments(refs=list(ref_lines.values()), docs=label_lines.get("docs"),
                        sources=label_lines.get("sources"))
    records = score_systems(hyp_lines, segments, options)
    inputs = {f"ref:{p}": p for p in refs} | {f"hyp:{n}": p for n, p in systems}
    inputs |= {f"{k}:{p}": p for k, p in labels.items() if p is not None}
    return ScoreRun(records, options, src_lang, inputs)


def write_scores(run: ScoreRun, path: Path, force: bool = False) -> Path:
    """The run's records as a ``scores`` table, with the inputs' hashes as provenance."""
    frame = records_frame(run.records, run.src_lang, run.options.tgt_lang)
    signatures = sorted({f"{r.metric}/{r.level}: {r.signature}" for r in run.records})
    prov = provenance(run.inputs, name="score", metrics=list(run.options.metrics),
                      levels=list(run.options.levels), paired=run.options.paired,
                      signatures=signatures)
    return write_table(frame, path, SCORES, prov, force=force)
