"""``documents``: the manifest's files and pages (``[gather]``) → documents, fetch_log."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from corpus_tools.manifest import DocumentEntry, Manifest
from corpus_tools.stages.base import Output, Resources, Stage, Tables, file_hash
from corpus_tools.tables import DOCUMENTS, FETCH_LOG

if TYPE_CHECKING:  # the gather package is slow to import; settings are parsed without it
    from corpus_tools.gather.crawl import GatherOptions


@dataclass(frozen=True)
class DocumentsSettings:
    entries: tuple[DocumentEntry, ...]
    options: GatherOptions
    relative: tuple[tuple[str, str], ...]  # local file: absolute path → as the manifest names it


def parse(manifest: Manifest) -> DocumentsSettings:
    from corpus_tools.gather.pipeline import options_from_settings

    relative = tuple((str(e.path), manifest.relative(e.path)) for e in manifest.documents
                     if e.path)
    return DocumentsSettings(manifest.documents, options_from_settings(manifest.settings,
                                                                       manifest.path), relative)


def describe(settings: DocumentsSettings) -> dict:
    """The entries (local files by their path relative to the manifest and their content
    hash) and the fetch options; a comment or a reordered key changes none of them."""
    names = dict(settings.relative)
    entries = []
    for entry in settings.entries:
        record = dataclasses.asdict(entry)
        if entry.path:
            record["path"] = names[str(entry.path)]
            record["sha256"] = file_hash(entry.path)
        entries.append({k: v for k, v in record.items() if v not in (None, ())})
    options = dataclasses.asdict(settings.options)
    return {"documents": entries, "gather": options}


def run(settings: DocumentsSettings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.gather import gather_manifest

    documents, fetch_log = gather_manifest(settings.entries, settings.options,
                                           resources.cache_dir)
    relative = dict(settings.relative)
    as_named = [pl.col(c).replace(relative) for c in ("path",)]
    logged = [pl.col(c).replace(relative) for c in ("url", "request_url")]
    return Output({"documents": documents.with_columns(as_named),
                   "fetch_log": fetch_log.with_columns(logged)})


STAGE = Stage(
    name="documents", inputs=(), outputs={"documents": DOCUMENTS, "fetch_log": FETCH_LOG},
    parse=parse, describe=describe, run=run, manifest_tables=("gather",),
    code=("corpus_tools.gather", "corpus_tools.textfile", "corpus_tools.stages.documents"))
