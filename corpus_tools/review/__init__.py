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

import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from corpus_tools.errors import ManifestError
from corpus_tools.fileio import sha256_file
from corpus_tools.manifest import Manifest, check_keys, stage_table
from corpus_tools.review.decisions import append_decision, read_review, text_hash
from corpus_tools.review.resolve import Review, resolve

__all__ = ["Review", "ReviewSettings", "append_decision", "read_review", "review_settings",
           "text_hash"]

log = logging.getLogger(__name__)

SETTING_KEYS = {"file"}


@dataclass(frozen=True)
class ReviewSettings:
    """The ``[review]`` table: where the review file is (it may not exist yet)."""

    file: Path
    name: str  # as the manifest names it (what provenance records)

    def describe(self) -> dict:
        """What changes the stages that honour the file: its name and content."""
        exists = self.file.is_file()
        return {"review": {"file": self.name,
                           "sha256": sha256_file(self.file)[:16] if exists else None}}

    def load(self, documents: pl.DataFrame, sentences: pl.DataFrame) -> Review:
        """The decisions that apply to the tables; those that do not are logged, one line
        each."""
        review = resolve(read_review(self.file), documents, sentences, self.name)
        for problem in review.problems:
            log.warning("%s", problem)
        return review


def review_settings(manifest: Manifest) -> ReviewSettings:
    raw = stage_table(manifest, "review")
    check_keys(raw, SETTING_KEYS, manifest.path, "[review]")
    name = raw.get("file", f"{manifest.path.stem}.review.jsonl")
    if not isinstance(name, str) or not name:
        raise ManifestError(f"{manifest.path}: [review] file must be a file name")
    path = manifest.base / name
    return ReviewSettings(path, manifest.relative(path))
