"""Corpus manifests (TOML): which documents make up a corpus and how they relate.

```toml
name = "sample"
[[documents]]
id = "treaty-zh"          # unique within the manifest
path = "treaty.zh.txt"    # or url = "https://…"; a path is relative to the manifest
lang = "zh"
group = "treaty"          # versions of the same text share a group
role = "original"         # original | translation | commentary
segmented = true          # optional: one sentence per line (also manifest-wide, at the top)
[[pairs]]                 # optional: how to align two documents (default: parallel)
docs = ["summit-results-en", "treaty-en"]
mode = "comparable"
[align]                   # optional: align with sentence embeddings too
embedding = "default"
```

Every table and key is listed in ``docs/manifest.md``. Loading is strict: an unknown table or
key anywhere is an error naming the file, the table and the word (with "did you mean …"), and
each stage's table is parsed into its frozen ``Settings`` here, so that nothing is built from
a manifest that is wrong.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from corpus_tools.errors import ManifestError
from corpus_tools.fileio import decode_text
from corpus_tools.lang import is_language_code, suggest_language

ROLES = ("original", "translation", "commentary")
MODES = ("parallel", "comparable")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
DOCUMENT_KEYS = {"id", "path", "url", "lang", "group", "role", "title", "published", "site",
                 "follow", "note", "found_by", "match_confidence", "match_runner_up",
                 "segmented"}
FOUND_BY = ("given", "link", "match")  # how a gathered document was found (a crawl writes it)
PAIR_KEYS = {"docs", "mode"}
# The corpus-wide keys; every other top-level table belongs to a stage.
CORPUS_KEYS = {"name", "description", "documents", "pairs", "segmented", "build"}


@dataclass(frozen=True)
class DocumentEntry:
    id: str
    lang: str
    group: str
    role: str
    path: Path | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    site: str | None = None
    follow: tuple[str, ...] = ()
    found_by: str | None = None  # None: given (this entry), or link when followed
    match_confidence: float | None = None  # found_by = "match": its confidence …
    match_runner_up: float | None = None  # … and the runner-up's
    segmented: bool = False  # the file holds one sentence per line


@dataclass(frozen=True)
class PairEntry:
    docs: tuple[str, str]
    mode: str = "parallel"


@dataclass(frozen=True)
class Manifest:
    name: str
    path: Path
    documents: tuple[DocumentEntry, ...]
    pairs: tuple[PairEntry, ...] = ()
    description: str = ""
    settings: dict = field(default_factory=dict)  # the stages' raw tables, e.g. [translate]
    jobs: int = 1  # ``[build] jobs``: worker processes for the per-group stages
    stage_settings: Mapping[str, Any] = field(default_factory=dict)  # stage → its Settings

    @property
    def base(self) -> Path:
        """The folder paths in the manifest are relative to."""
        return self.path.parent

    def relative(self, path: Path) -> str:
        """``path`` as the manifest would name it: relative to it, with ``/``."""
        return Path(os.path.relpath(path, self.base.resolve())).as_posix()

    def settings_of(self, stage: str) -> Any:
        return self.stage_settings[stage]


def load_manifest(path: str | Path) -> Manifest:
    path = Path(path)
    try:
        text = decode_text(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such manifest") from None
    except IsADirectoryError:
        raise ManifestError(f"{path}: is a directory, expected a manifest file") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ManifestError(f"{path}: not valid TOML: {err}") from None
    return parse_manifest(data, path)


def parse_manifest(data: dict, path: Path) -> Manifest:
    name = data.get("name")
    if not isinstance(name, str) or not ID_PATTERN.match(name):
        raise ManifestError(f"{path}: 'name' must be a lowercase identifier, got {name!r}")
    entries = data.get("documents")
    if not isinstance(entries, list) or not entries:
        raise ManifestError(f"{path}: no [[documents]] entries")
    segmented = _flag(data, "segmented", str(path))
    documents: list[DocumentEntry] = []
    seen: set[str] = set()
    for number, raw in enumerate(entries, start=1):
        entry = _parse_document(raw, number, path, segmented)
        if entry.id in seen:
            raise ManifestError(f"{path}: document {entry.id!r}: duplicate id")
        seen.add(entry.id)
        documents.append(entry)
    from corpus_tools.stages import STAGES, stage_tables

    check_keys(data, CORPUS_KEYS | stage_tables(), path, "the top level", noun="table or key")
    raw_pairs = data.get("pairs", [])
    if not isinstance(raw_pairs, list):
        raise ManifestError(f"{path}: 'pairs' must be [[pairs]] tables")
    pairs = tuple(_parse_pair(raw, seen, path) for raw in raw_pairs)
    settings = {k: v for k, v in data.items() if k not in CORPUS_KEYS}
    manifest = Manifest(name=name, path=path, documents=tuple(documents), pairs=pairs,
                        description=str(data.get("description", "")), settings=settings)
    parsed = {stage.name: stage.parse(manifest) for stage in STAGES}
    return dataclasses.replace(manifest, jobs=_parse_build(data.get("build", {}), path),
                               stage_settings=parsed)


def _parse_build(raw: object, manifest: Path) -> int:
    """``[build]``: how the build runs (not what it makes); ``jobs``, the worker count."""
    if not isinstance(raw, dict):
        raise ManifestError(f"{manifest}: [build] must be a table")
    check_keys(raw, {"jobs"}, manifest, "[build]")
    jobs = raw.get("jobs", 1)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ManifestError(f"{manifest}: [build] jobs must be a whole number of at least 1, "
                            f"got {jobs!r}")
    return jobs


def check_keys(raw: Mapping[str, object], allowed: Iterable[str], manifest: Path, where: str,
               noun: str = "key") -> None:
    """Refuse the first key of ``raw`` not in ``allowed``, naming the closest allowed one."""
    allowed = sorted(allowed)
    for key in raw:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else (
                f" (known: {', '.join(allowed)})")
            raise ManifestError(f"{manifest}: {where}: unknown {noun} {key!r}{hint}")


def stage_table(manifest: Manifest, name: str) -> dict:
    """The manifest's ``[name]`` table (empty when absent); anything else is an error."""
    raw = manifest.settings.get(name, {})
    if not isinstance(raw, dict):
        raise ManifestError(f"{manifest.path}: [{name}] must be a table")
    return raw


def _flag(table: dict, key: str, label: str, default: bool = False) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ManifestError(f"{label}: '{key}' must be true or false, got {value!r}")
    return value


def _parse_document(raw: object, number: int, manifest: Path,
                    segmented: bool = False) -> DocumentEntry:
    label = f"{manifest}: document #{number}"
    if not isinstance(raw, dict):
        raise ManifestError(f"{label}: must be a table")
    doc_id = raw.get("id")
    if not isinstance(doc_id, str) or not ID_PATTERN.match(doc_id):
        raise ManifestError(f"{label}: 'id' must be a lowercase identifier, got {doc_id!r}")
    label = f"{manifest}: document {doc_id!r}"
    check_keys(raw, DOCUMENT_KEYS, manifest, f"document {doc_id!r}")
    lang = raw.get("lang")
    if not isinstance(lang, str) or not is_language_code(lang):
        raise ManifestError(f"{label}: unknown language {lang!r} (use an ISO 639-1 code; "
                            f"{suggest_language(str(lang))})")
    role = raw.get("role", "original")
    if role not in ROLES:
        raise ManifestError(f"{label}: role {role!r} is not one of {', '.join(ROLES)}")
    group = raw.get("group", doc_id)
    if not isinstance(group, str) or not group:
        raise ManifestError(f"{label}: 'group' must be a non-empty string")
    url = raw.get("url")
    if url is not None:
        parts = urlsplit(str(url))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ManifestError(f"{label}: bad URL {url!r} (only http and https)")
    path = None
    if raw.get("path") is not None:
        path = (manifest.parent / str(raw["path"])).resolve()
        if not path.is_file():
            raise ManifestError(f"{label}: missing file {path}")
    if path is None and url is None:
        raise ManifestError(f"{label}: needs a 'path' or a 'url'")
    published = raw.get("published")
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published)
        except ValueError:
            raise ManifestError(f"{label}: 'published' is not an ISO date: {published!r}") from None
    elif published is not None and not isinstance(published, dt.date):
        raise ManifestError(f"{label}: 'published' is not a date: {published!r}")
    follow = raw.get("follow", [])
    if not isinstance(follow, list) or not all(isinstance(h, str) for h in follow):
        raise ManifestError(f"{label}: 'follow' must be a list of host names")
    return DocumentEntry(id=doc_id, lang=lang, group=group, role=role, path=path, url=url,
                         title=raw.get("title"), published=published, site=raw.get("site"),
                         follow=tuple(follow), segmented=_flag(raw, "segmented", label, segmented),
                         **_found(raw, label))


def _found(raw: dict, label: str) -> dict:
    """``found_by`` and, for a match, ``match_confidence`` / ``match_runner_up`` in [0, 1]."""
    found_by = raw.get("found_by")
    if found_by is not None and found_by not in FOUND_BY:
        raise ManifestError(f"{label}: found_by {found_by!r} is not one of {', '.join(FOUND_BY)}")
    scores = {}
    for key in ("match_confidence", "match_runner_up"):
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or not 0 <= value <= 1):
            raise ManifestError(f"{label}: {key} must be a number from 0 to 1, got {value!r}")
        scores[key] = None if value is None else float(value)
    return {"found_by": found_by, **scores}


def _parse_pair(raw: object, ids: set[str], manifest: Path) -> PairEntry:
    if isinstance(raw, dict):
        check_keys(raw, PAIR_KEYS, manifest, f"[[pairs]] entry {raw.get('docs')!r}")
    if not isinstance(raw, dict) or not isinstance(raw.get("docs"), list) or len(raw["docs"]) != 2:
        raise ManifestError(f"{manifest}: [[pairs]] entry {raw!r}: 'docs' must name two documents")
    a, b = raw["docs"]
    for doc in (a, b):
        if doc not in ids:
            raise ManifestError(f"{manifest}: [[pairs]] entry {raw['docs']}: unknown document "
                                f"{doc!r}")
    mode = raw.get("mode", "parallel")
    if mode not in MODES:
        raise ManifestError(f"{manifest}: [[pairs]] entry {raw['docs']}: mode {mode!r} is not "
                            f"one of {', '.join(MODES)}")
    return PairEntry(docs=(a, b), mode=mode)
