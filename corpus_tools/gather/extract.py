"""Main text, title, date and body links from an HTML page: a site profile when one matches the
host and finds the body, trafilatura otherwise. Paragraphs are kept."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree

from corpus_tools.gather.profiles import SiteProfile, profile_for

BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
OUTSIDE_BODY = ("nav", "header", "footer", "aside")
URL_DATE = re.compile(r"/(20\d{2})-?(\d{2})/?(\d{2})/")
TEXT_DATE = re.compile(r"(20\d{2})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
SPACE = re.compile(r"[\s\u3000\xa0]+")


@dataclass(frozen=True)
class Link:
    url: str
    anchor: str


@dataclass(frozen=True)
class Extracted:
    title: str | None
    published: dt.date | None
    paragraphs: tuple[str, ...]
    links: tuple[Link, ...]  # links inside the main text, absolute
    lang: str | None  # as the page declares it (<html lang>)
    canonical_url: str | None  # as the page declares it (saved pages carry their URL here)
    extractor: str

    @property
    def text(self) -> str:
        """Paragraphs separated by one blank line, the title first (as in the sample corpus)."""
        paragraphs = list(self.paragraphs)
        if self.title and (not paragraphs or paragraphs[0] != self.title):
            paragraphs.insert(0, self.title)
        return "\n\n".join(paragraphs)


def decode_html(body: bytes, content_type: str = "") -> str:
    """Decode with the HTTP charset, else the <meta> charset, else UTF-8 (bad bytes replaced)."""
    found = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    meta = CHARSET.search(body[:4096])
    for charset in (found.group(1) if found else None, meta.group(1).decode() if meta else None):
        if charset:
            try:
                return body.decode(charset, "replace")
            except LookupError:
                continue
    return body.decode("utf-8", "replace")


def clean(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def date_from_url(url: str | None) -> dt.date | None:
    match = URL_DATE.search(urlsplit(url).path) if url else None
    return _date(*match.groups()) if match else None


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def extract_html(body: bytes, url: str | None, content_type: str = "") -> Extracted:
    """Extract a page; ``url`` is where it came from (selects the profile, resolves links)."""
    html = decode_html(body, content_type)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return Extracted(None, None, (), (), None, None, "empty")
    canonical = _first(tree, "//link[@rel='canonical']/@href",
                       "//meta[@property='og:url']/@content")
    base = url or canonical
    profile = profile_for(base)
    found = _with_profile(profile, tree, base) if profile else None
    extracted = found or _generic(html, tree, base)
    lang = (tree.get("lang") or "").split("-")[0].lower() or None
    return Extracted(extracted.title, extracted.published or date_from_url(base),
                     extracted.paragraphs, extracted.links, lang, canonical, extracted.extractor)


def _first(tree: etree._Element, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = clean(value if isinstance(value, str) else value.text_content())
            if text:
                return text
    return None


def _with_profile(profile: SiteProfile, tree: etree._Element, url: str | None
                  ) -> Extracted | None:
    body = next((found[0] for xpath in profile.body if (found := tree.xpath(xpath))), None)
    if body is None:
        return None
    paragraphs = _paragraphs(body)
    if not paragraphs:
        return None
    date_text = _first(tree, *profile.date)
    match = TEXT_DATE.search(date_text) if date_text else None
    return Extracted(title=_first(tree, *profile.title) or _first(tree, "//title"),
                     published=_date(*match.groups()) if match else None,
                     paragraphs=paragraphs, links=_links(body.iter("a"), url), lang=None,
                     canonical_url=None, extractor=f"profile:{profile.name}")


def _paragraphs(element: etree._Element) -> tuple[str, ...]:
    """The text of the outermost block elements, else the element's lines."""
    texts = [clean(b.text_content()) for b in element.iter(*BLOCKS)
             if not _inside_block(b, element)]
    if not any(texts):
        texts = [clean(line) for line in element.text_content().split("\n")]
    return tuple(t for t in texts if t)


def _inside_block(element: etree._Element, stop: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in BLOCKS:
            return True
        parent = parent.getparent()
    return False


def _links(anchors: Iterable[etree._Element], base: str | None) -> tuple[Link, ...]:
    links: list[Link] = []
    for anchor in anchors:
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        target = urljoin(base, href) if base else href
        links.append(Link(target.split("#", 1)[0], clean(anchor.text_content())))
    return tuple(links)


def _generic(html: str, tree: etree._Element, url: str | None) -> Extracted:
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                          include_comments=False, include_tables=True)
    if document is None or document.body is None:
        return Extracted(_first(tree, "//title"), None, (), (), None, None, "empty")
    paragraphs = tuple(t for t in (clean(" ".join(child.itertext()))
                                   for child in _trafilatura_blocks(document.body)) if t)
    published = dt.date.fromisoformat(document.date) if document.date else None
    return Extracted(title=document.title, published=published, paragraphs=paragraphs,
                     links=_body_links(tree, paragraphs, url), lang=None, canonical_url=None,
                     extractor=f"trafilatura {trafilatura.__version__}")


def _trafilatura_blocks(body: etree._Element) -> Iterator[etree._Element]:
    for child in body:
        if child.tag == "list":
            yield from child.iter("item")
        else:
            yield child


def _body_links(tree: etree._Element, paragraphs: tuple[str, ...], url: str | None
                ) -> tuple[Link, ...]:
    """Links in the page's article container: the nearest element holding every paragraph
    trafilatura kept (it drops link-only paragraphs such as a "Signed documents" list)."""
    wanted = set(paragraphs)
    matched = [b for b in tree.iter(*BLOCKS) if clean(b.text_content()) in wanted]
    if not matched:
        return ()
    container = matched[0]
    while container.getparent() is not None and not all(
            _contains(container, m) for m in matched):
        container = container.getparent()
    anchors = list(container.iter("a"))
    if container.tag in ("body", "html"):  # no article element: leave out page furniture
        furniture = {id(a) for tag in OUTSIDE_BODY for part in container.iter(tag)
                     for a in part.iter("a")}
        anchors = [a for a in anchors if id(a) not in furniture]
    return _links(anchors, url)


def _contains(ancestor: etree._Element, element: etree._Element) -> bool:
    return element is ancestor or any(node is ancestor for node in element.iterancestors())
