"""Candidate pages from a site's own indexes: RSS/Atom feeds, sitemaps, list pages and a
date-organised archive (URL templates, one page per day), read politely through the cache.

Xinhua article URLs carry a random id, so a counterpart cannot be guessed from its URL; it is
looked for among the articles these indexes list around the page's date.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from corpus_tools.gather.extract import clean, date_from_url, decode_html
from corpus_tools.gather.fetch import Response
from corpus_tools.gather.profiles import host_matches

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
FEED_ROOTS = ("rss", "RDF", "feed", "urlset")
ISO_DATE = re.compile(r"(20\d{2})-(\d{2})-(\d{2})")

# Xinhua's Chinese edition: the politics channel's list page and its RSS feed. A date archive
# has no fixed address there, so ``archives`` is for the user to give (or a local mirror).
XINHUA_ZH_LISTS = ("https://www.news.cn/politics/",)
XINHUA_ZH_FEEDS = ("http://www.xinhuanet.com/politics/news_politics.xml",)
XINHUA_ZH_HOSTS = ("www.news.cn", "xinhuanet.com")


@dataclass(frozen=True)
class SearchSettings:
    """Where to look for candidates, and how far from the page's date."""

    feeds: tuple[str, ...] = XINHUA_ZH_FEEDS  # RSS, Atom or sitemap URLs
    lists: tuple[str, ...] = XINHUA_ZH_LISTS  # HTML pages listing articles
    archives: tuple[str, ...] = ()  # URL templates with {date:%Y%m%d}-style fields, one a day
    window: int = 3  # days either side of the page's date
    hosts: tuple[str, ...] = XINHUA_ZH_HOSTS  # candidates are links to these hosts
    lang: str = "zh"  # the language sought: documents in others look for it


@dataclass(frozen=True)
class Entry:
    """One article an index lists."""

    url: str
    title: str | None
    published: dt.date | None

    @property
    def date(self) -> dt.date | None:
        """Its own date, else its URL's."""
        return self.published or date_from_url(self.url)


def days_around(dates: Iterable[dt.date], window: int) -> list[dt.date]:
    days = {d + dt.timedelta(days=k) for d in dates for k in range(-window, window + 1)}
    return sorted(days)


def index_urls(settings: SearchSettings, dates: Iterable[dt.date]) -> list[str]:
    """The feeds and list pages, then each archive template for each day in the window."""
    days = days_around(dates, settings.window)
    archive = [template.format(date=day) for template in settings.archives for day in days]
    return list(dict.fromkeys([*settings.feeds, *settings.lists, *archive]))


def entries(response: Response) -> list[Entry]:
    """The articles a feed, sitemap or list page names (its links, for a list page)."""
    mime = response.content_type.split(";")[0].strip().lower()
    head = response.body[:200].lstrip().lower()
    if mime in FEED_TYPES or head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset")):
        found = _feed_entries(response)
        if found is not None:
            return found
    return _list_entries(response)


def _feed_entries(response: Response) -> list[Entry] | None:
    """RSS items, Atom entries, sitemap URLs; None when the XML is none of these (XHTML)."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(response.body, parser)
    except etree.XMLSyntaxError:
        return None
    if root is None or etree.QName(root).localname not in FEED_ROOTS:
        return None
    found = []
    for item in root.iter():
        if not isinstance(item.tag, str):
            continue
        tag = etree.QName(item).localname
        if tag not in ("item", "entry", "url"):
            continue
        fields = {etree.QName(c).localname: c for c in item.iter() if isinstance(c.tag, str)}
        link = fields.get("link")
        url = (link.get("href") or link.text if link is not None else None) or (
            fields["loc"].text if "loc" in fields else None)
        if not url:
            continue
        when = next((fields[k].text for k in ("pubDate", "published", "updated",
                                               "publication_date", "lastmod") if k in fields),
                    None)
        title = fields["title"].text if "title" in fields else None
        found.append(Entry(urljoin(response.final_url, url.strip()),
                           clean(title) if title else None, _feed_date(when)))
    return found


def _feed_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    match = ISO_DATE.search(value)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def _list_entries(response: Response) -> list[Entry]:
    html = decode_html(response.body, response.content_type)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    found = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")):
            url = urljoin(response.final_url, href).split("#", 1)[0]
            found.append(Entry(url, clean(anchor.text_content()) or None, date_from_url(url)))
    return found


def in_window(entry: Entry, dates: Iterable[dt.date], window: int) -> bool:
    """Whether the entry's date (its own, else its URL's) is within ``window`` days of one
    of ``dates``; an entry with no date at all is kept (the matcher judges it)."""
    when = entry.date
    return when is None or any(abs((when - d).days) <= window for d in dates)


def listed_urls(indexes: Iterable[str], page: Callable[[str], Response | None],
                wanted: Callable[[Entry], bool]) -> list[str]:
    """The URLs of the entries the ``indexes`` list that are ``wanted``, in their order, each
    once; ``page`` fetches an index (through the cache, politely) or gives None."""
    found: dict[str, None] = {}
    for url in indexes:
        response = page(url)
        for entry in entries(response) if response is not None else ():
            if wanted(entry):
                found[entry.url] = None
    return list(found)


def candidate_urls(settings: SearchSettings, dates: list[dt.date],
                   page: Callable[[str], Response | None]) -> list[str]:
    """Article URLs on the settings' hosts, listed by its indexes, near one of ``dates``."""
    return listed_urls(index_urls(settings, dates), page, lambda entry: (
        any(host_matches(entry.url, h) for h in settings.hosts)
        and date_from_url(entry.url) is not None
        and in_window(entry, dates, settings.window)))


def with_feed_types(content_types: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*content_types, *FEED_TYPES]))

