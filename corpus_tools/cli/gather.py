"""`gather` and `match-docs`: fetching pages and finding their counterparts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from corpus_tools.cli.common import (
    check_language,
    count_noun,
    echo_summary,
    echo_written,
    json_option,
    lang_option,
)


def fetch_options(command):
    """Options shared by the commands that fetch pages."""
    options = [
        click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
                     default=Path("."), show_default=True,
                     help="Corpus folder: documents.parquet, fetch_log.parquet, cache/."),
        click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Response cache folder (default: CORPUS/cache)."),
        click.option("--offline", is_flag=True, help="Serve pages from the cache only."),
        click.option("--delay", type=float, default=2.0, show_default=True,
                     help="Seconds between requests to one host (robots.txt may ask more)."),
        click.option("--timeout", type=float, default=30.0, show_default=True,
                     help="Seconds to wait for a server."),
        click.option("--retries", type=int, default=3, show_default=True,
                     help="Further attempts after a 429, 5xx, timeout or broken connection."),
        click.option("--max-bytes", type=int, default=10 * 2**20, show_default=True,
                     help="Refuse a page of more bytes than this."),
        click.option("--resolve", multiple=True, metavar="HOST=BASE_URL",
                     help="Contact BASE_URL for HOST (a local mirror, like curl --resolve)."),
        lang_option("--lang", help="Expected language of the given pages (ISO 639-1)."),
        json_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _gather_options(follow: tuple[str, ...], depth: int, offline: bool, delay: float,
                    timeout: float, retries: int, max_bytes: int, resolve: tuple[str, ...],
                    follow_related: bool = False):
    from corpus_tools.gather import DEFAULT_FOLLOW, FetchPolicy, GatherOptions
    from corpus_tools.gather.pipeline import follow_hosts

    mapping = {}
    for item in resolve:
        host, sep, base = item.partition("=")
        if not sep or not base.startswith(("http://", "https://")):
            raise click.BadParameter(f"{item!r}: expected HOST=http(s)://…", param_hint="--resolve")
        mapping[host] = base
    policy = FetchPolicy(delay=delay, timeout=timeout, retries=retries, max_bytes=max_bytes,
                         resolve=mapping)
    return GatherOptions(follow=follow_hosts(follow) if follow else dict(DEFAULT_FOLLOW),
                         depth=depth, follow_related=follow_related, offline=offline,
                         policy=policy)


def _pattern(_ctx: click.Context, _param: click.Parameter, value: str | None
             ) -> re.Pattern[str] | None:
    try:
        return re.compile(value) if value else None
    except re.error as err:
        raise click.BadParameter(f"{value!r}: {err}") from None


def _follow_languages(ctx: click.Context, param: click.Parameter,
                      value: tuple[str, ...]) -> tuple[str, ...]:
    """``HOST=LANG``: LANG read as a language code, as ``--lang`` is."""
    return tuple(f"{host}={check_language(ctx, param, lang)}" if sep else host
                 for host, sep, lang in (item.partition("=") for item in value))


@click.command()
@click.argument("inputs", nargs=-1)
@click.option("--follow", multiple=True, metavar="HOST[=LANG]", callback=_follow_languages,
              help="Follow article links to HOST (repeatable; default: the Xinhua editions).")
@click.option("--depth", type=int, default=1, show_default=True,
              help="Link levels to follow (0: none).")
@click.option("--follow-related", is_flag=True,
              help="Also follow links in related-article blocks (\"Читайте также\", 相关新闻, "
                   "\"Related\"); by default only links in the article's text are followed.")
@click.option("--role", type=click.Choice(["original", "translation", "commentary"]),
              default="original", show_default=True, help="Role of the given documents.")
@click.option("--warc", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the pages used to this WARC file.")
@click.option("--force", is_flag=True,
              help="Replace documents already in the table, overwrite the WARC file.")
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="Topic crawl: gather the articles this RSS/Atom feed or sitemap names.")
@click.option("--list", "lists", multiple=True, metavar="URL",
              help="Topic crawl: gather the (dated) articles this page links to.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Topic crawl: first day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Topic crawl: last day.")
@click.option("--match", "pattern", callback=_pattern, metavar="REGEX",
              help="Topic crawl: only articles whose title this regular expression finds.")
@fetch_options
def gather(inputs: tuple[str, ...], follow: tuple[str, ...], depth: int, follow_related: bool,
           role: str, warc: Path | None, force: bool, feeds: tuple[str, ...],
           lists: tuple[str, ...], since: dt.datetime | None, until: dt.datetime | None,
           pattern: re.Pattern[str] | None, corpus_dir: Path,
           cache_dir: Path | None, offline: bool, delay: float, timeout: float, retries: int,
           max_bytes: int, resolve: tuple[str, ...], lang: str | None, as_json: bool) -> None:
    """Gather web pages (URL), saved pages, text files or WARCs into CORPUS/documents.parquet,
    following article links to the --follow hosts; every request goes to fetch_log.parquet.

    With --feed or --list, a topic crawl: the articles they name from --since to --until
    whose titles --match, with the counterparts they link to in their groups, and a manifest
    of the crawl's own, CORPUS/gathered.toml (later crawls add to it), for `build`."""
    from corpus_tools.gather import gather as run_gather
    from corpus_tools.gather.topic import TopicCrawl

    if not inputs and not (feeds or lists):
        raise click.UsageError("give URLs or files to gather, or --feed / --list")
    if (since or until or pattern) and not (feeds or lists):
        raise click.UsageError("--since, --until and --match need --feed or --list")
    topic = TopicCrawl(feeds=feeds, lists=lists, since=since.date() if since else None,
                       until=until.date() if until else None, match=pattern) if (
        feeds or lists) else None
    options = _gather_options(follow, depth, offline, delay, timeout, retries, max_bytes,
                              resolve, follow_related)
    report = run_gather(list(inputs), corpus_dir, options=options, lang=lang, role=role,
                        cache_dir=cache_dir, warc=warc, force=force, topic=topic)
    lines = [f"gathered {count_noun(len(report.documents), 'document')} into "
             f"{corpus_dir / 'documents.parquet'} ({report.total} in all)"]
    lines += [f"  {d['lang']}  {d['name']}  {d['title'] or ''}" for d in report.documents]
    if report.kept:
        lines.append(f"kept {count_noun(report.kept, 'document')} already in the table "
                     "(--force replaces)")
    lines += [f"failed: {f['url']}: {f['outcome']}: {f['detail']}" for f in report.failed]
    if report.warc_records is not None:
        lines.append(f"wrote {warc}: {count_noun(report.warc_records, 'record')}")
    if report.manifest:
        lines.append(f"added {count_noun(report.manifest_added, 'document')} to "
                     f"{report.manifest}, a manifest for `corpus-tools build`")
    echo_written(vars(report), as_json, lines)


@click.command("match-docs")
@click.argument("candidates", nargs=-1)
@click.option("--url-list", type=click.Path(dir_okay=False, path_type=Path),
              help="A file of candidate URLs, one per line.")
@click.option("--doc", "docs", multiple=True,
              help="Match only this document (doc_id or name; repeatable).")
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="Refuse matches less confident than this.")
@click.option("--margin", type=float, default=0.1, show_default=True,
              help="Refuse matches this close to the runner-up.")
@click.option("--lexicon", type=click.Path(dir_okay=False, path_type=Path),
              help="Two-column TSV of translation pairs.")
@click.option("--add", is_flag=True,
              help="Add accepted counterparts to documents.parquet, in their match's group.")
@click.option("--search", is_flag=True,
              help="Also collect candidates from the site's feeds, list pages and date archive "
                   "around each document's date (default: Xinhua's Chinese edition).")
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="With --search: an RSS/Atom feed or sitemap to read (replaces the default).")
@click.option("--list", "lists", multiple=True, metavar="URL",
              help="With --search: a page listing articles (replaces the default).")
@click.option("--archive", "archives", multiple=True, metavar="TEMPLATE",
              help="With --search: a date archive page, e.g. "
                   "'https://www.news.cn/archive/{date:%Y%m%d}.html', read for each day.")
@click.option("--window", type=click.IntRange(0, 60), default=3, show_default=True,
              help="With --search: days either side of the document's date.")
@fetch_options
def match_docs(candidates: tuple[str, ...], url_list: Path | None, docs: tuple[str, ...],
               threshold: float, margin: float, lexicon: Path | None, add: bool, search: bool,
               feeds: tuple[str, ...], lists: tuple[str, ...], archives: tuple[str, ...],
               window: int, corpus_dir: Path, cache_dir: Path | None, offline: bool,
               delay: float, timeout: float, retries: int, max_bytes: int,
               resolve: tuple[str, ...], lang: str | None, as_json: bool) -> None:
    """Find the counterparts of CORPUS's documents among CANDIDATES (URLs, saved pages,
    folders of them, WARCs) and, with --search, among the articles the site lists around
    their dates, by shared numbers, dates and names, length and lexicon: the best match in
    each language, against the runner-up in that language."""
    from corpus_tools.gather.pipeline import match_corpus, search_settings

    options = _gather_options((), 0, offline, delay, timeout, retries, max_bytes, resolve)
    if not search and (feeds or lists or archives):
        raise click.UsageError("--feed, --list and --archive need --search")
    report = match_corpus(corpus_dir, list(candidates), url_list=url_list, docs=list(docs),
                          options=options, lang=lang, threshold=threshold, margin=margin,
                          lexicon=lexicon, cache_dir=cache_dir, add=add,
                          search=search_settings(feeds, lists, archives, window)
                          if search else None)
    lines = []
    for m in report["matches"]:
        verdict = "match" if m["accepted"] else f"no match ({m['reason']})"
        lines.append(f"{m['name']} → {m['lang'] or '-'} {m['candidate'] or '-'}  "
                     f"{m['confidence']:.2f} (runner-up {m['runner_up']:.2f})  {verdict}")
    if add:
        lines.append(f"added {count_noun(report['added'], 'document')} to "
                     f"{corpus_dir / 'documents.parquet'}")
    echo_summary(report, as_json, lines)
