"""Gathering: URLs, saved pages, text files and WARCs in; ``documents`` rows and ``fetch_log``
rows out. Links in an article's body to the follow hosts become documents of their own, with
``parent_id`` and ``anchor_text``; links in its related-article blocks only with
``follow_related`` (they lead to other news, not to the texts the article discusses). Pages
come from the cache when they are there (so a rerun resumes), from the network otherwise
(never with ``offline``)."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from corpus_tools.errors import InputError
from corpus_tools.fileio import decode_text, sha256_bytes
from corpus_tools.gather.cache import ResponseCache
from corpus_tools.gather.extract import extract_html
from corpus_tools.gather.fetch import Attempt, Fetcher, FetchPolicy, Response, now
from corpus_tools.gather.local import (
    content_doc_id,
    document_row,
    normalise_url,
    text_document,
    url_doc_id,
)
from corpus_tools.gather.profiles import host_matches
from corpus_tools.gather.search import with_feed_types
from corpus_tools.gather.warc import is_warc, read_warc
from corpus_tools.lang import EXPECTED_SCRIPT, dominant_script, script_mismatch
from corpus_tools.manifest import DocumentEntry
from corpus_tools.textfile import normalise_text

log = logging.getLogger(__name__)

# Where the Chinese, Russian and English Xinhua texts of documents an article discusses live;
# the value is the language expected on that host (None: take the page's own declaration).
DEFAULT_FOLLOW: Mapping[str, str | None] = {
    "russian.news.cn": "ru", "www.news.cn": "zh", "xinhuanet.com": "zh",
    "english.news.cn": "en",
}
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Source:
    """One thing to gather: a URL, or a local file (a saved page of ``url``, text, WARC)."""

    url: str | None = None
    path: Path | None = None
    lang: str | None = None  # expected language; None: the page's declaration or its script
    name: str | None = None
    group: str | None = None
    role: str = "original"
    title: str | None = None
    published: object = None  # a date from a manifest
    site: str | None = None
    follow: Mapping[str, str | None] | None = None  # None: the options' follow hosts
    parent_id: str | None = None
    anchor_text: str | None = None
    depth: int = 0
    counterparts: bool = False  # its links lead to versions of it: they join its group
    found_by: str | None = None  # as a manifest records it; None: given, or link if followed
    match: tuple[float | None, float | None] = (None, None)  # a match's confidence, runner-up
    segmented: bool = False  # a text file holds one sentence per line


@dataclass(frozen=True)
class GatherOptions:
    follow: Mapping[str, str | None] = field(default_factory=lambda: dict(DEFAULT_FOLLOW))
    depth: int = 1  # link levels to follow from the given pages
    follow_related: bool = False  # also follow links in related-article blocks
    offline: bool = False  # cache only
    refresh: bool = False  # fetch again even what the cache holds
    policy: FetchPolicy = field(default_factory=FetchPolicy)


@dataclass
class Gathered:
    documents: list[dict] = field(default_factory=list)
    log: list[Attempt] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)  # what a WARC would hold

    def failures(self) -> list[Attempt]:
        """Final attempts that gave no document (an index page read as it is gave one "ok")."""
        return [a for a in self.log if a.final and a.doc_id is None and a.outcome != "ok"]


def host_allowed(url: str, hosts: Mapping[str, str | None]) -> bool:
    """http(s) only; a host entry matches itself and its subdomains (or host:port exactly)."""
    return (urlsplit(url).scheme in ("http", "https")
            and any(host_matches(url, h) for h in hosts))


def follow_lang(url: str, hosts: Mapping[str, str | None]) -> str | None:
    return next((lang for name, lang in hosts.items() if host_matches(url, name)), None)


def guess_lang(text: str) -> str | None:
    """The first language written in the text's dominant script (only when nothing says)."""
    script = dominant_script(text)
    return next((lang for lang, s in EXPECTED_SCRIPT.items() if s == script), None)


def page_name(url: str | None, path: Path | None = None) -> str:
    """A readable lowercase name from a URL's host and path (or a file's name)."""
    if url:
        parts = urlsplit(url)
        raw = f"{parts.hostname or ''}-{parts.path}"
    else:
        raw = path.stem if path else "document"
    name = re.sub(r"[^a-z0-9.]+", "-", raw.lower()).strip("-.")
    name = re.sub(r"(-c|-index)?\.s?html?$", "", name)
    return (name[:80].strip("-.") or "document")


class Gatherer:
    def __init__(self, options: GatherOptions, cache: ResponseCache | None) -> None:
        self.options = options
        self.cache = cache
        self.fetcher = None if options.offline else Fetcher(options.policy)
        self.result = Gathered()
        self._seen: set[str] = set()

    def close(self) -> None:
        if self.fetcher:
            self.fetcher.close()

    def gather(self, sources: list[Source]) -> Gathered:
        queue = list(sources)
        for source in queue:  # grows while links are followed
            key = str(source.path) if source.path else normalise_url(source.url or "")
            if key in self._seen:
                continue
            self._seen.add(key)
            log.info("gathering %s", source.path or source.url)
            for response, attempts, source_kind in self._responses(source):
                row, links = self._document(source, response, attempts[-1], source_kind)
                self.result.log += attempts[:-1]
                self.result.log.append(row)
                if row.doc_id and source.depth < self.options.depth:
                    queue += self._followed(source, self.result.documents[-1], links)
        return self.result

    def page(self, url: str) -> Response | None:
        """An index page as it is (a feed, a list page), not a document: fetched afresh (it
        changes; the cache keeps the copy ``offline`` replays), from the cache offline; None
        when it cannot be had (the log says why)."""
        for response, attempts, _kind in self._responses(Source(url=url), fresh=True,
                                                         index=True):
            self.result.log += attempts
            return response
        return None

    # --- where bytes come from ------------------------------------------------------------

    def _responses(self, source: Source, fresh: bool = False, index: bool = False
                   ) -> Iterator[tuple[Response, list[Attempt], str]]:
        if source.path is not None:
            yield from self._local(source)
            return
        assert source.url is not None
        url = source.url
        skip_cache = self.options.refresh or (fresh and self.fetcher is not None)
        cached = None if skip_cache or self.cache is None else self.cache.get(url)
        if cached is not None:
            yield cached, [_found(url, cached, "cache")], "cache"
            return
        if self.fetcher is None:
            self.result.log.append(Attempt(url, url, 1, now(), "offline-miss", source="cache",
                                           detail="not in the cache and --offline", final=True))
            return
        hosts = dict(self._follow_hosts(source))
        hosts[urlsplit(url).netloc] = None
        types = self.options.policy.content_types
        response, attempts = self.fetcher.fetch(url, lambda u: host_allowed(u, hosts),
                                                with_feed_types(types) if index else types)
        if response is None:
            self.result.log += attempts
            return
        if self.cache is not None:
            self.cache.put(response)
        yield response, attempts, "network"

    def _local(self, source: Source) -> Iterator[tuple[Response, list[Attempt], str]]:
        path = source.path
        assert path is not None
        if path.is_dir():
            raise InputError(f"{path}: is a directory, expected a saved page, text file or WARC")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        if is_warc(path):
            for response in read_warc(path):
                if response.content_type.split(";")[0].strip() in self.options.policy.content_types:
                    yield response, [_found(response.url, response, "warc")], "warc"
            return
        data = path.read_bytes()
        kind = "text/html" if path.suffix.lower() in HTML_SUFFIXES else "text/plain"
        if path.suffix.lower() not in HTML_SUFFIXES + TEXT_SUFFIXES:
            raise InputError(f"{path}: not a saved page (.html), text file (.txt) or WARC")
        response = Response(url=source.url or "", final_url=source.url or "", status=200,
                            headers={"content-type": kind}, body=data,
                            fetched_at=now())
        yield response, [_found(source.url or str(path), response, "file")], "file"

    # --- what a response becomes ----------------------------------------------------------

    def _document(self, source: Source, response: Response, attempt: Attempt, kind: str
                  ) -> tuple[Attempt, list]:
        """Extract a document from ``response``; returns the decisive log row and body links."""
        is_text = response.content_type.split(";")[0].strip() == "text/plain"
        if is_text:
            text = decode_text(response.body, response.url or str(source.path))
            extracted = None
        else:
            extracted = extract_html(response.body, response.final_url or None,
                                     response.content_type)
            text = extracted.text
        url = response.url or (extracted.canonical_url if extracted else None) or None
        lang = source.lang or (extracted.lang if extracted else None) or guess_lang(text)
        attempt = dataclasses.replace(attempt, url=url or attempt.url, final=True)
        # A local file was not retrieved: its modification time says when it was copied.
        retrieved_at = None if kind == "file" else response.fetched_at
        if not text.strip():
            return dataclasses.replace(attempt, outcome="no-text",
                                       detail="no main text found"), []
        mismatch = script_mismatch(text, lang) if lang else None
        if mismatch:
            log.warning("%s: %s; not kept", url or source.path, mismatch)
            return dataclasses.replace(attempt, outcome="wrong-language", detail=mismatch), []
        if is_text:
            entry = DocumentEntry(id=source.name or page_name(url, source.path), lang=lang or "",
                                  group=source.group or source.name or page_name(url, source.path),
                                  role=source.role, path=source.path, url=url,
                                  title=source.title, published=source.published,  # type: ignore[arg-type]
                                  site=source.site, segmented=source.segmented)
            row = {**text_document(entry, response.body, retrieved_at), **_found_by(source)}
            links: list = []
        else:
            assert extracted is not None
            name = source.name or page_name(url, source.path)
            row = document_row(
                doc_id=url_doc_id(url) if url else content_doc_id(response.body), name=name,
                group_id=source.group or name, lang=lang, role=source.role, url=url,
                path=str(source.path) if source.path else None, parent_id=source.parent_id,
                anchor_text=source.anchor_text, title=source.title or extracted.title,
                published=source.published or extracted.published,
                site=source.site or (urlsplit(url).hostname if url else None),
                text=normalise_text(text, lang or ""), sha256=sha256_bytes(response.body),
                retrieved_at=retrieved_at, extractor=extracted.extractor,
                source=extracted.source, editor=extracted.editor, **_found_by(source))
            links = list(extracted.links)
            if self.options.follow_related:
                links += extracted.related
        self.result.documents.append(row)
        if kind != "file":
            self.result.responses.append(response)
        return dataclasses.replace(attempt, doc_id=row["doc_id"]), links

    def _follow_hosts(self, source: Source) -> Mapping[str, str | None]:
        return self.options.follow if source.follow is None else source.follow

    def _followed(self, source: Source, parent: dict, links: list) -> list[Source]:
        hosts = self._follow_hosts(source)
        found: dict[str, Source] = {}
        for link in links:
            if not host_allowed(link.url, hosts) or normalise_url(link.url) in found:
                continue
            found[normalise_url(link.url)] = Source(
                url=link.url, lang=follow_lang(link.url, hosts), role="original",
                group=parent["group_id"] if source.counterparts else None,
                follow=source.follow, parent_id=parent["doc_id"],
                anchor_text=link.anchor or None, depth=source.depth + 1)
        return list(found.values())


def _found_by(source: Source) -> dict:
    """The documents columns that say how ``source`` was found."""
    confidence, runner_up = source.match
    return {"found_by": source.found_by or ("link" if source.parent_id else "given"),
            "match_confidence": confidence, "match_runner_up": runner_up}


def _found(url: str, response: Response, source: str) -> Attempt:
    return Attempt(url, response.final_url or url, 1, now(), "ok", status=response.status,
                   content_type=response.content_type, bytes=len(response.body),
                   sha256=sha256_bytes(response.body), source=source, final=True)


@contextlib.contextmanager
def open_gatherer(options: GatherOptions, cache: ResponseCache | None) -> Iterator[Gatherer]:
    """One gatherer (one fetcher: one per-host clock, one robots.txt read) for a whole run."""
    gatherer = Gatherer(options, cache)
    try:
        yield gatherer
    finally:
        gatherer.close()


def gather_sources(sources: list[Source], options: GatherOptions,
                   cache: ResponseCache | None) -> Gathered:
    with open_gatherer(options, cache) as gatherer:
        return gatherer.gather(sources)
