"""Reviewing a corpus: a reviewer's decisions, kept in a file beside the manifest, that the
build honours (see docs/review.md).

- :mod:`~corpus_tools.review.decisions`: the review file (read, validate, append);
- :mod:`~corpus_tools.review.resolve`: decisions checked against the built tables;
- :mod:`~corpus_tools.review.tei`: InterText-style TEI alignments, out and in;
- :mod:`~corpus_tools.review.session` and :mod:`~corpus_tools.review.app`: the review app.

```toml
[review]
file = "sample.review.jsonl"   # relative to the manifest; default: <manifest stem>.review.jsonl
```
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from corpus_tools.errors import ManifestError
from corpus_tools.manifest import Manifest, check_keys, stage_table
from corpus_tools.review.decisions import (
    Decision,
    TermDecision,
    UnitDecision,
    append_decision,
    parse_record,
    parse_sentence_id,
    read_review,
    text_hash,
    to_record,
)
from corpus_tools.review.resolve import Review, resolve

__all__ = ["REVIEW_TABLE", "Review", "ReviewSettings", "append_decision", "read_review",
           "review_settings", "text_hash"]

log = logging.getLogger(__name__)

SETTING_KEYS = {"file"}
# The review file's decisions as a stage's input table: one row each, with the group it
# belongs to, so that a per-group stage's slice holds its own group's decisions and a
# group's fingerprint changes only with them (docs/review.md).
REVIEW_TABLE = "review"
REVIEW_SCHEMA = {"group_id": pl.String, "line": pl.Int64, "decision": pl.String}


@dataclass(frozen=True)
class ReviewSettings:
    """The ``[review]`` table: where the review file is (it may not exist yet)."""

    file: Path
    name: str  # as the manifest names it (what provenance records)
    documents: tuple[tuple[str, str], ...] = ()  # every manifest document id → its group

    def describe(self) -> dict:
        """The file's name; its content is an input table (:meth:`table`), fingerprinted as
        one."""
        return {"review": {"file": self.name}}

    def table(self, *kinds: type[Decision]) -> dict[str, pl.DataFrame]:
        """The decisions of ``kinds`` as the ``review`` input table. A decision belongs to
        the group it names (a unit), else to that of its first document the manifest has,
        else to the first group: each is resolved, and reported if it does not apply, in
        one group's run only."""
        groups = dict(self.documents)
        first = min(groups.values(), default="")
        rows = [{"group_id": _group_of(d, groups, first), "line": d.line,
                 "decision": json.dumps(to_record(d), ensure_ascii=False, sort_keys=True)}
                for d in read_review(self.file) if isinstance(d, kinds)]
        return {REVIEW_TABLE: pl.DataFrame(rows, schema=REVIEW_SCHEMA)}

    def load(self, tables: dict[str, pl.DataFrame], report: bool = True) -> Review:
        """The decisions of the ``review`` table that apply to the tables (a group's slice or
        the whole corpus); those that do not are logged (if ``report``), one line each."""
        rows = tables.get(REVIEW_TABLE)
        decisions = [] if rows is None else [
            parse_record(json.loads(record), line)
            for line, record in rows.select("line", "decision").iter_rows()]
        review = resolve(decisions, tables["documents"], tables["sentences"], self.name,
                         dict(self.documents))
        for problem in review.problems if report else ():
            log.warning("%s", problem)
        return review


def _group_of(decision: Decision, groups: dict[str, str], first: str) -> str:
    if isinstance(decision, UnitDecision) and decision.group in groups.values():
        return decision.group
    sentences = ([s for ids in decision.sentences.values() for s in ids]
                 if isinstance(decision, UnitDecision)
                 else [decision.sentence] if isinstance(decision, TermDecision) else [])
    known = [groups[doc] for doc, _ in map(parse_sentence_id, sentences) if doc in groups]
    return known[0] if known else first


def review_settings(manifest: Manifest) -> ReviewSettings:
    raw = stage_table(manifest, "review")
    check_keys(raw, SETTING_KEYS, manifest.path, "[review]")
    name = raw.get("file", f"{manifest.path.stem}.review.jsonl")
    if not isinstance(name, str) or not name:
        raise ManifestError(f"{manifest.path}: [review] file must be a file name")
    path = manifest.base / name
    return ReviewSettings(path, manifest.relative(path),
                          tuple((d.id, d.group) for d in manifest.documents))
