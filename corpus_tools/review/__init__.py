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
    VariantDecision,
    append_decision,
    parse_record,
    parse_sentence_id,
    read_review,
    text_hash,
    to_record,
)
from corpus_tools.review.resolve import Review, resolve

__all__ = ["REVIEW_TABLE", "VARIANTS_TABLE", "Review", "ReviewSettings", "append_decision",
           "glossary_variants", "read_review", "review_settings", "text_hash"]

log = logging.getLogger(__name__)

SETTING_KEYS = {"file"}
# The review file's decisions as a stage's input table: one row each, with the group it
# belongs to (none for a glossary variant), so that a per-group stage's slice holds its own
# group's decisions and a group's fingerprint changes only with them (docs/review.md).
REVIEW_TABLE = "review"
# The glossary variants a reviewer added (the review table's rows of no group), as an input
# table of their own: every group's terms are matched with them, so it is read whole.
VARIANTS_TABLE = "review_variants"
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

    def table(self, *kinds: type[Decision], report: bool = True) -> dict[str, pl.DataFrame]:
        """The decisions of ``kinds`` as the ``review`` input table. A decision belongs to
        the group it names (a unit), else to that of its first document the manifest has:
        each is resolved, and reported if it does not apply, in that group's run only. A
        variant belongs to no group (it changes the glossary of the whole corpus). One that
        names neither a group nor a document of the manifest applies nowhere: it is left
        out, and reported here (if ``report``), one line each."""
        groups = dict(self.documents)
        rows = []
        for decision in read_review(self.file):
            if not isinstance(decision, kinds):
                continue
            group = _group_of(decision, groups)
            if group is None and not isinstance(decision, VariantDecision):
                if report:
                    log.warning("%s:%d: not applied: %s", self.name, decision.line,
                                _no_group(decision))
                continue
            rows.append({"group_id": group, "line": decision.line, "decision": json.dumps(
                to_record(decision), ensure_ascii=False, sort_keys=True)})
        return {REVIEW_TABLE: pl.DataFrame(rows, schema=REVIEW_SCHEMA)}

    def load(self, tables: dict[str, pl.DataFrame], report: bool = True) -> Review:
        """The decisions of the ``review`` table that apply to the tables (a group's slice or
        the whole corpus); those that do not are logged (if ``report``), one line each."""
        review = resolve(_decisions(tables), tables["documents"], tables["sentences"],
                         self.name, dict(self.documents))
        for problem in review.problems if report else ():
            log.warning("%s", problem)
        return review


def glossary_variants(tables: dict[str, pl.DataFrame]) -> Review:
    """The glossary variants of the decision tables only: they need no corpus to apply to."""
    return Review(variants=tuple(d for d in _decisions(tables)
                                 if isinstance(d, VariantDecision)))


def _decisions(tables: dict[str, pl.DataFrame]) -> list[Decision]:
    return [parse_record(json.loads(record), line)
            for name in (REVIEW_TABLE, VARIANTS_TABLE) if name in tables
            for line, record in tables[name].select("line", "decision").iter_rows()]


def _group_of(decision: Decision, groups: dict[str, str]) -> str | None:
    if isinstance(decision, UnitDecision) and decision.group in groups.values():
        return decision.group
    known = [groups[doc] for doc in _documents_named(decision) if doc in groups]
    return known[0] if known else None


def _documents_named(decision: Decision) -> list[str]:
    """The manifest ids of the documents whose sentences ``decision`` names, in order."""
    sentences = ([s for ids in decision.sentences.values() for s in ids]
                 if isinstance(decision, UnitDecision)
                 else [decision.sentence] if isinstance(decision, TermDecision) else [])
    return list(dict.fromkeys(doc for doc, _ in map(parse_sentence_id, sentences)))


def _no_group(decision: Decision) -> str:
    named = ", ".join(map(repr, _documents_named(decision)))
    if isinstance(decision, UnitDecision):
        return (f"no group {decision.group!r} in the manifest"
                + (f", nor document {named}" if named else ""))
    return f"no document {named} in the manifest"


def review_settings(manifest: Manifest) -> ReviewSettings:
    raw = stage_table(manifest, "review")
    check_keys(raw, SETTING_KEYS, manifest.path, "[review]")
    name = raw.get("file", f"{manifest.path.stem}.review.jsonl")
    if not isinstance(name, str) or not name:
        raise ManifestError(f"{manifest.path}: [review] file must be a file name")
    path = manifest.base / name
    return ReviewSettings(path, manifest.relative(path),
                          tuple((d.id, d.group) for d in manifest.documents))
