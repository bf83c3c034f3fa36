"""Reviewing a corpus: a reviewer's decisions, kept in a file beside the manifest, that the
build honours (see docs/review.md).

- :mod:`~corpus_tools.review.decisions`: the review file (read, validate, append);
- :mod:`~corpus_tools.review.resolve`: decisions checked against the built tables;
- :mod:`~corpus_tools.review.tei`: InterText-style TEI alignments, out and in.

```toml
[review]
file = "sample.review.jsonl"   # relative to the manifest; default: <manifest stem>.review.jsonl
```
"""

from __future__ import annotations

import logging
from pathlib import Path

import polars as pl

from corpus_tools.errors import ManifestError
from corpus_tools.manifest import Manifest
from corpus_tools.review.decisions import append_decision, read_review, text_hash
from corpus_tools.review.resolve import Review, resolve

__all__ = ["Review", "append_decision", "load_review", "read_review", "review_file",
           "text_hash"]

log = logging.getLogger(__name__)

SETTING_KEYS = {"file"}


def review_file(manifest: Manifest) -> Path:
    """Where the manifest's review file is (it may not exist yet)."""
    raw = manifest.settings.get("review", {})
    if not isinstance(raw, dict) or set(raw) - SETTING_KEYS:
        raise ManifestError(f"{manifest.path}: [review] may only set "
                            f"{', '.join(sorted(SETTING_KEYS))}")
    name = raw.get("file", f"{manifest.path.stem}.review.jsonl")
    if not isinstance(name, str) or not name:
        raise ManifestError(f"{manifest.path}: [review] file must be a file name")
    return manifest.path.parent / name


def load_review(manifest: Manifest, documents: pl.DataFrame, sentences: pl.DataFrame
                ) -> Review:
    """The manifest's review decisions that apply to the built tables; those that do not
    are logged, one line each."""
    path = review_file(manifest)
    review = resolve(read_review(path), documents, sentences, path.name)
    for problem in review.problems:
        log.warning("%s", problem)
    return review
