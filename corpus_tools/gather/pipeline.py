"""Gathering into a corpus folder (the ``gather`` command) and for a manifest (``build``)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl

from corpus_tools.errors import InputError, ManifestError
from corpus_tools.fileio import read_lines
from corpus_tools.gather.cache import ResponseCache
from corpus_tools.gather.crawl import (
    DEFAULT_FOLLOW,
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    Gathered,
    GatherOptions,
    Source,
    gather_sources,
    open_gatherer,
)
from corpus_tools.gather.fetch import FetchPolicy, Response
from corpus_tools.gather.match import counterpart_rows, match_documents, read_lexicon
from corpus_tools.gather.search import SearchSettings, candidate_urls
from corpus_tools.gather.topic import (
    TopicCrawl,
    crawl_manifest,
    own_manifest,
    topic_urls,
    write_manifest,
)
from corpus_tools.gather.warc import is_warc, write_warc
from corpus_tools.manifest import DocumentEntry, Manifest, check_keys
from corpus_tools.tables import DOCUMENTS, FETCH_LOG, provenance, read_table, write_table

log = logging.getLogger(__name__)

POLICY_KEYS = {"delay", "timeout", "retries", "backoff", "max_wait", "max_redirects",
               "max_bytes", "robots", "resolve", "user_agent"}


@dataclass
class GatherReport:
    documents: list[dict] = field(default_factory=list)  # name, lang, url, title per new doc
    failed: list[dict] = field(default_factory=list)  # url, outcome, detail
    kept: int = 0  # documents already in the table and left as they were
    total: int = 0  # rows in documents.parquet now
    warc_records: int | None = None
    manifest: str | None = None  # a topic crawl's own manifest …
    manifest_added: int = 0  # … and the entries this run added to it


def follow_hosts(hosts: list[str] | tuple[str, ...]) -> dict[str, str | None]:
    """``HOST`` or ``HOST=LANG`` entries; a known host without ``=LANG`` keeps its language."""
    follow: dict[str, str | None] = {}
    for item in hosts:
        host, _, lang = item.partition("=")
        follow[host.strip().lower()] = lang.strip() or DEFAULT_FOLLOW.get(host.strip().lower())
    return follow


def parse_input(item: str, lang: str | None, role: str) -> Source:
    """A URL, or a local saved page / text file / WARC."""
    parts = urlsplit(item)
    if parts.scheme in ("http", "https") and parts.netloc:
        return Source(url=item, lang=lang, role=role)
    if parts.scheme and len(parts.scheme) > 1 and not Path(item).exists():
        raise InputError(f"{item}: only http and https URLs, or local files, can be gathered")
    return Source(path=Path(item), lang=lang, role=role)


def documents_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=DOCUMENTS)


def log_frame(gathered: Gathered) -> pl.DataFrame:
    return pl.DataFrame([dataclasses.asdict(a) for a in gathered.log], schema=FETCH_LOG)


def gather(inputs: list[str], corpus_dir: str | Path, *, options: GatherOptions,
           lang: str | None = None, role: str = "original", cache_dir: str | Path | None = None,
           warc: str | Path | None = None, force: bool = False,
           topic: TopicCrawl | None = None) -> GatherReport:
    """Gather ``inputs`` (and with ``topic``, the articles its feeds and list pages name, with
    the counterparts they link to in their groups) into ``corpus_dir``: add to
    ``documents.parquet`` (rows of documents already there stay unless ``force``), append to
    ``fetch_log.parquet``; a topic crawl also adds its documents to its own manifest."""
    corpus_dir = Path(corpus_dir)
    manifest = own_manifest(corpus_dir) if topic else None
    sources = [parse_input(item, lang, role) for item in inputs]
    cache = ResponseCache(Path(cache_dir) if cache_dir else corpus_dir / "cache")
    with open_gatherer(options, cache) as gatherer:
        if topic is not None:
            urls = topic_urls(topic, gatherer.page)
            log.info("topic crawl: %d articles listed", len(urls))
            sources += [Source(url=url, lang=lang, role=role, counterparts=True) for url in urls]
        gathered = gatherer.gather(sources)
    report = GatherReport(failed=[{"url": a.url, "outcome": a.outcome, "detail": a.detail}
                                  for a in gathered.failures()])
    if warc is not None:
        report.warc_records = write_warc(warc, gathered.responses, force=force)
    prov = provenance(None, name="gather", sources=inputs, offline=options.offline,
                      follow=dict(options.follow), policy=_policy_record(options.policy),
                      topic=_topic_record(topic))
    report.kept, report.total = write_gathered(corpus_dir, documents_frame(gathered.documents),
                                               log_frame(gathered), prov, force)
    report.documents = [{k: row[k] for k in ("doc_id", "name", "lang", "url", "title")}
                        for row in gathered.documents]
    if manifest is not None:
        report.manifest = str(manifest)
        report.manifest_added = write_manifest(manifest, gathered.documents, {
            "delay": options.policy.delay, "resolve": dict(options.policy.resolve)})
    return report


def _topic_record(topic: TopicCrawl | None) -> dict | None:
    if topic is None:
        return None
    return {"feeds": list(topic.feeds), "lists": list(topic.lists),
            "since": str(topic.since) if topic.since else None,
            "until": str(topic.until) if topic.until else None,
            "match": topic.match.pattern if topic.match else None}


def write_gathered(corpus_dir: Path, new: pl.DataFrame, fetch_log: pl.DataFrame, prov: dict,
                   force: bool) -> tuple[int, int]:
    """Add ``new`` to documents.parquet and ``fetch_log`` to fetch_log.parquet; returns the
    number of documents left as they were (already there, no ``force``) and the total."""
    documents_path, kept = corpus_dir / "documents.parquet", 0
    if documents_path.exists():
        old = read_table(documents_path)
        present = pl.col("doc_id").is_in(old["doc_id"].implode())
        if not force:
            kept = new.filter(present).height
            new = new.filter(~present)
        new = pl.concat([old.filter(~pl.col("doc_id").is_in(new["doc_id"].implode())), new])
    write_table(new, documents_path, DOCUMENTS, prov)
    log_path = corpus_dir / "fetch_log.parquet"
    if log_path.exists():
        fetch_log = pl.concat([read_table(log_path), fetch_log])
    write_table(fetch_log, log_path, FETCH_LOG, prov)
    return kept, new.height


def _policy_record(policy: FetchPolicy) -> dict:
    record = dataclasses.asdict(policy)
    record["resolve"] = dict(policy.resolve)
    return record


# --- manifests (the `documents` stage of `build`) ---------------------------------------------


def options_from_settings(settings: Mapping, manifest: Path) -> GatherOptions:
    """``[gather]`` in a manifest: fetch policy keys, ``offline``, ``follow``, ``depth``,
    ``follow_related``."""
    table = settings.get("gather", {})
    if not isinstance(table, dict):
        raise ManifestError(f"{manifest}: [gather] must be a table")
    check_keys(table, POLICY_KEYS | {"offline", "follow", "depth", "follow_related"}, manifest,
               "[gather]")
    policy = {k: table[k] for k in POLICY_KEYS if k in table}
    follow = table.get("follow", list(DEFAULT_FOLLOW))
    follow = follow_hosts(follow) if isinstance(follow, list) else dict(follow)
    try:
        return GatherOptions(follow=follow, depth=int(table.get("depth", 1)),
                             follow_related=bool(table.get("follow_related", False)),
                             offline=bool(table.get("offline", False)),
                             policy=FetchPolicy(**policy))
    except (TypeError, ValueError) as err:
        raise ManifestError(f"{manifest}: [gather]: {err}") from None


def manifest_sources(entries: Sequence[DocumentEntry]) -> list[Source]:
    """One source per entry; an entry with ``url`` and ``path`` is a saved copy of the URL.
    Links are followed only from entries that name ``follow`` hosts."""
    return [Source(url=e.url, path=e.path, lang=e.lang, name=e.id, group=e.group, role=e.role,
                   title=e.title, published=e.published, site=e.site,
                   follow=follow_hosts(e.follow), found_by=e.found_by,
                   match=(e.match_confidence, e.match_runner_up), segmented=e.segmented)
            for e in entries]


def gather_manifest(entries: Sequence[DocumentEntry], options: GatherOptions,
                    cache_dir: Path | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ``documents`` and ``fetch_log`` tables for a manifest's entries. An entry that
    cannot be gathered is an error naming it (pages fetched so far stay cached, so a rerun
    resumes)."""
    cache = ResponseCache(cache_dir) if cache_dir else None
    gathered = gather_sources(manifest_sources(entries), options, cache)
    listed = {e.url for e in entries if e.url} | {str(e.path) for e in entries if e.path}
    failed = [a for a in gathered.failures() if a.url in listed]
    for attempt in gathered.failures():
        log.warning("%s: %s: %s", attempt.url, attempt.outcome, attempt.detail)
    if failed:
        first = failed[0]
        raise InputError(f"{first.url}: {first.outcome}: {first.detail} ({len(failed)} "
                         f"manifest entr{'y' if len(failed) == 1 else 'ies'} not gathered; "
                         "rerun to resume)")
    return documents_frame(gathered.documents), log_frame(gathered)


def load_documents(manifest: Manifest, cache_dir: Path | None = None) -> pl.DataFrame:
    """The ``documents`` table for a manifest (local files, and URLs through ``cache_dir``)."""
    options = options_from_settings(manifest.settings, manifest.path)
    return gather_manifest(manifest.documents, options, cache_dir)[0]


# --- match-docs -------------------------------------------------------------------------------


def candidate_inputs(items: list[str], url_list: Path | None) -> list[str]:
    """URLs and files; a folder stands for the saved pages, text files and WARCs in it."""
    found: list[str] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found += sorted(str(p) for p in path.rglob("*") if p.is_file() and (
                p.suffix.lower() in HTML_SUFFIXES + TEXT_SUFFIXES or is_warc(p)))
        else:
            found.append(item)
    if url_list is not None:
        found += [line.strip() for line in read_lines(url_list)
                  if line.strip() and not line.startswith("#")]
    return found


def search_settings(feeds: tuple[str, ...] | list[str], lists: tuple[str, ...] | list[str],
                    archives: tuple[str, ...] | list[str], window: int) -> SearchSettings:
    """The default (Xinhua Chinese) search, with the indexes of each kind given replacing its
    defaults."""
    default = SearchSettings()
    return SearchSettings(feeds=tuple(feeds) or default.feeds, lists=tuple(lists) or default.lists,
                          archives=tuple(archives), window=window)


def search_candidates(documents: pl.DataFrame, search: SearchSettings,
                      page: Callable[[str], Response | None]) -> list[str]:
    """Candidate URLs from the search's feeds, list pages and date archive around the
    documents' dates; ``page`` reads an index (politely, through the cache)."""
    dates = [d for d in documents["published"].to_list() if d is not None]
    if not dates:
        raise InputError("match-docs --search: the documents have no publication date to "
                         "search around")
    urls = candidate_urls(search, dates, page)
    log.info("search: %d candidate pages within %d days of %s", len(urls), search.window,
             ", ".join(sorted({d.isoformat() for d in dates})))
    return urls


def match_corpus(corpus_dir: str | Path, candidates: list[str], *, url_list: Path | None,
                 docs: list[str], options: GatherOptions, lang: str | None, threshold: float,
                 margin: float, lexicon: Path | None, cache_dir: Path | None,
                 add: bool, search: SearchSettings | None = None) -> dict:
    """Match the corpus's documents (those named, else those not in the candidates'
    languages, or with ``search`` the texts (not commentaries) not in its language) against
    the candidates, given and searched for; with ``add``, accepted ones join
    documents.parquet."""
    corpus_dir = Path(corpus_dir)
    documents = read_table(corpus_dir / "documents.parquet", stage_hint="documents")
    cache = ResponseCache(Path(cache_dir) if cache_dir else corpus_dir / "cache")
    inputs = candidate_inputs(candidates, url_list)
    if not inputs and search is None:
        raise InputError("match-docs: no candidates (give URLs, files, folders, --url-list "
                         "or --search)")
    chosen = _documents_named(documents, docs, corpus_dir) if docs else None
    with open_gatherer(dataclasses.replace(options, depth=0), cache) as gatherer:
        if search is not None:
            chosen = chosen if chosen is not None else documents.filter(
                (pl.col("lang") != search.lang) & (pl.col("role") != "commentary"))
            found = search_candidates(chosen, search, gatherer.page)
            inputs = list(dict.fromkeys([*inputs, *found]))
        gathered = gatherer.gather([parse_input(item, lang, "original") for item in inputs])
    pool = documents_frame(gathered.documents)
    pool = pool.filter(~pl.col("doc_id").is_in(documents["doc_id"].implode()))
    if chosen is None:
        chosen = documents.filter(~pl.col("lang").is_in(pool["lang"].unique().implode()))
    matches = match_documents(chosen, pool, threshold=threshold, margin=margin,
                              lexicon=read_lexicon(lexicon) if lexicon else None)
    added = counterpart_rows(matches, documents, pool) if add else documents_frame([])
    prov = provenance(None, name="match-docs", candidates=inputs, threshold=threshold,
                      margin=margin, search=dataclasses.asdict(search) if search else None)
    write_gathered(corpus_dir, added, log_frame(gathered), prov, force=False)
    manifest = crawl_manifest(corpus_dir)
    if manifest is not None and added.height:  # so that `build` of a crawl keeps them
        write_manifest(manifest, added.to_dicts())
    return {"matches": [dataclasses.asdict(m) for m in matches], "added": added.height,
            "candidates": pool.height,
            "failed": [{"url": a.url, "outcome": a.outcome, "detail": a.detail}
                       for a in gathered.failures()]}


def _documents_named(documents: pl.DataFrame, docs: list[str], corpus_dir: Path
                     ) -> pl.DataFrame:
    unknown = set(docs) - set(documents["doc_id"]) - set(documents["name"])
    if unknown:
        raise InputError(f"{corpus_dir / 'documents.parquet'}: no document "
                         f"{sorted(unknown)[0]!r}")
    return documents.filter(pl.col("doc_id").is_in(docs) | pl.col("name").is_in(docs))
