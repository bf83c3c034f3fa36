"""Topic crawls: the articles of a period and topic that feeds and list pages name, and the
manifest a crawl writes for itself, so that its corpus is an ordinary ``build``.

The manifest (``gathered.toml`` in the corpus folder) starts with a marker line; a crawl only
ever writes a file that carries it, adding its new documents to those already listed, and
refuses to touch one written by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.fileio import write_text_atomic
from corpus_tools.gather.fetch import Response
from corpus_tools.gather.search import Entry, listed_urls

MANIFEST_NAME = "gathered.toml"
# manifest key → documents column, for each entry a crawl writes
ENTRY_COLUMNS = {"url": "url", "lang": "lang", "group": "group_id", "role": "role",
                 "title": "title", "found_by": "found_by",
                 "match_confidence": "match_confidence", "match_runner_up": "match_runner_up"}
MARKER = "# Written by `corpus-tools gather --feed/--list`; later crawls add to it."


@dataclass(frozen=True)
class TopicCrawl:
    feeds: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    match: re.Pattern[str] | None = None  # searched in the entry's title (or link text)

    def wanted(self, entry: Entry) -> bool:
        """Dated within [since, until] (by the entry, else its URL), titled to match."""
        when = entry.date
        if when is None or (self.since and when < self.since) or (
                self.until and when > self.until):
            return False
        return self.match is None or bool(entry.title and self.match.search(entry.title))


def topic_urls(crawl: TopicCrawl, page: Callable[[str], Response | None]) -> list[str]:
    """The article URLs the crawl's feeds and list pages name that it wants, in their order."""
    return listed_urls((*crawl.feeds, *crawl.lists), page, crawl.wanted)


def crawl_manifest(corpus_dir: Path) -> Path | None:
    """The manifest a crawl wrote in ``corpus_dir``, if there is one."""
    path = corpus_dir / MANIFEST_NAME
    return path if path.exists() and path.read_text(encoding="utf-8").startswith(MARKER) \
        else None


def own_manifest(corpus_dir: Path) -> Path:
    """The crawl's manifest path; an error if a file there was not written by a crawl."""
    path = corpus_dir / MANIFEST_NAME
    if path.exists() and crawl_manifest(corpus_dir) is None:
        raise InputError(f"{path}: not written by a topic crawl; it is left alone (gather into "
                         "another --corpus folder)")
    return path


def write_manifest(path: Path, rows: Iterable[Mapping],
                   gather_settings: Mapping | None = None) -> int:
    """Add a ``[[documents]]`` entry per row not yet listed (by URL), with how it was found;
    returns how many were added. ``gather_settings`` replace the ``[gather]`` table (None
    keeps it). The name is the corpus folder's, so ``build`` writes next to the tables."""
    old = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    entries = list(old.get("documents", []))
    settings = old.get("gather", {}) if gather_settings is None else gather_settings
    urls = {e.get("url") for e in entries}
    ids = {e["id"] for e in entries}
    added = 0
    for row in rows:
        if not row.get("url") or not row.get("lang") or row["url"] in urls:
            continue
        entry = {"id": _unique(row["name"], ids)}
        entry.update((key, row[column]) for key, column in ENTRY_COLUMNS.items()
                     if row.get(column) is not None)
        entries.append(entry)
        ids.add(entry["id"])
        urls.add(row["url"])
        added += 1
    name = re.sub(r"[^a-z0-9._-]+", "-", path.parent.name.lower()).strip("-._") or "gathered"
    lines = [MARKER, f"name = {_toml(name)}", "", "[gather]"]
    lines += [f"{key} = {_toml(value)}" for key, value in settings.items()
              if not isinstance(value, Mapping)]
    for key, value in settings.items():
        if isinstance(value, Mapping) and value:
            lines += ["", f"[gather.{key}]"] + [f"{_toml(k)} = {_toml(v)}"
                                               for k, v in value.items()]
    for entry in entries:
        lines += ["", "[[documents]]"] + [f"{k} = {_toml(v)}" for k, v in entry.items()]
    write_text_atomic(path, "\n".join(lines) + "\n")
    return added


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}-{number}", number + 1
    return candidate


def _toml(value: object) -> str:
    """A TOML value: JSON's strings, numbers and booleans are TOML's too."""
    return json.dumps(value, ensure_ascii=False)
