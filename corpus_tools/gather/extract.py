"""Main text, title, date and body links from an HTML page: a site profile when one recognises
the page (its URL, the URL it declares, its markup) and finds the body, trafilatura otherwise.
Paragraphs are kept; a profile also drops what is not the article (date/source and editor
lines, photo credits, share bars, related-article blocks) and keeps date, source and editor
apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree

from corpus_tools.gather.profiles import PROFILES, SiteProfile, profile_for

BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
OUTSIDE_BODY = ("nav", "header", "footer", "aside")
URL_DATE = re.compile(r"/(20\d{2})-?(\d{2})/?(\d{2})/")
TEXT_DATE = re.compile(r"(20\d{2})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
SPACE = re.compile(r"[\s\u3000\xa0]+")
SOURCE_PREFIX = re.compile(r"^.*?(来源|Source|Источник)\s*[:：]\s*", re.IGNORECASE)


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
    source: str | None = None  # the agency or outlet the page credits ("新华社")
    editor: str | None = None
    related: tuple[Link, ...] = ()  # links of the page's related-article blocks

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
    profile = profile_for(base) or profile_for(canonical) or _profile_by_markup(tree)
    if profile is None:
        extracted = _generic(html, tree, base)
    else:
        extracted = _with_profile(profile, tree, base) or _cleaned(
            profile, _generic(html, tree, base), Meta())
    lang = (tree.get("lang") or "").split("-")[0].lower() or None
    return dataclasses.replace(extracted, published=extracted.published or date_from_url(base),
                               lang=lang, canonical_url=canonical)


def _profile_by_markup(tree: etree._Element) -> SiteProfile | None:
    """The profile whose template markers the page has, or whose site name ends its title."""
    title = _first(tree, "//title") or ""
    return next((p for p in PROFILES if any(tree.xpath(m) for m in p.markers)
                 or p.title_suffix.search(title)), None)


def _first(tree: etree._Element, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = clean(value if isinstance(value, str) else value.text_content())
            if text:
                return text
    return None


@dataclass(frozen=True)
class Meta:
    """What a profile reads around the body (before taking page furniture out of it)."""

    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    editor: str | None = None


def _meta(profile: SiteProfile, tree: etree._Element) -> Meta:
    title = _first(tree, *profile.title) or _first(tree, "//title")
    date_text = _first(tree, *profile.date)
    editor = _first(tree, *profile.editor)
    source = _first(tree, *profile.source)
    editor_match = profile.editor_line.match(editor) if editor else None
    return Meta(title=profile.title_suffix.sub("", title) if title else None,
                published=_text_date(date_text),
                source=(SOURCE_PREFIX.sub("", source) or None) if source else None,
                editor=clean(editor_match.group(1)) if editor_match else None)


def _text_date(text: str | None) -> dt.date | None:
    match = TEXT_DATE.search(text) if text else None
    return _date(*match.groups()) if match else None


def _with_profile(profile: SiteProfile, tree: etree._Element, url: str | None
                  ) -> Extracted | None:
    meta = _meta(profile, tree)
    related = [a for xpath in profile.related for block in tree.xpath(xpath)
               for a in block.iter("a")]
    body = next((found[0] for xpath in profile.body if (found := tree.xpath(xpath))), None)
    if body is None:
        return None
    for xpath in profile.drop:
        for element in body.xpath(xpath):
            if element.getparent() is not None:
                element.drop_tree()  # keeps the text that follows it
    kept, in_related = _split_related(profile, _blocks(body))
    related += [a for b in in_related for a in b.iter("a")]
    paragraphs = tuple(clean(b.text_content()) for b in kept) if kept else _lines(body)
    skipped = {id(a) for a in related}
    extracted = Extracted(title=meta.title, published=meta.published, paragraphs=paragraphs,
                          links=_links((a for a in body.iter("a") if id(a) not in skipped),
                                       url),
                          lang=None, canonical_url=None, extractor=f"profile:{profile.name}",
                          related=_links(related, url))
    cleaned = _cleaned(profile, extracted, meta)
    return cleaned if cleaned.paragraphs else None


def _cleaned(profile: SiteProfile, extracted: Extracted, meta: Meta) -> Extracted:
    """Take date/source lines, editor lines and photo credits out of the paragraphs, keeping
    what they say (the page's own fields win) and the title without the site's name."""
    paragraphs, published, source, editor = [], meta.published, meta.source, meta.editor
    for paragraph in extracted.paragraphs:
        text = clean(profile.credit.sub(" ", paragraph))
        editor_match = profile.editor_line.match(text)
        if editor_match:
            editor = editor or clean(editor_match.group(1))
        elif text and profile.source_line.match(text):
            published = published or _text_date(text)
            if SOURCE_PREFIX.match(text):
                source = source or SOURCE_PREFIX.sub("", text)
        elif text:
            paragraphs.append(text)
    title = meta.title or extracted.title
    return dataclasses.replace(
        extracted, title=profile.title_suffix.sub("", title) if title else None,
        published=published or extracted.published, paragraphs=tuple(paragraphs),
        source=source, editor=editor)


def _split_related(profile: SiteProfile, blocks: list[etree._Element]
                   ) -> tuple[list[etree._Element], list[etree._Element]]:
    """Blocks of the article, and blocks of a related-articles list inside the body: a
    heading such as "Читайте также" and the link-only paragraphs after it."""
    kept: list[etree._Element] = []
    related: list[etree._Element] = []
    inside = False
    for block in blocks:
        text = clean(block.text_content())
        if profile.related_heading.match(text):
            inside = True
            related.append(block)
        elif inside and _link_only(block, text):
            related.append(block)
        else:
            inside = False
            kept.append(block)
    return [b for b in kept if clean(b.text_content())], related


def _link_only(block: etree._Element, text: str) -> bool:
    anchors = "".join(a.text_content() for a in block.iter("a")).replace(" ", "")
    return bool(anchors) and len(anchors) >= 0.8 * len(text.replace(" ", ""))


def _blocks(element: etree._Element) -> list[etree._Element]:
    """The outermost block elements."""
    return [b for b in element.iter(*BLOCKS) if not _inside_block(b, element)]


def _lines(element: etree._Element) -> tuple[str, ...]:
    return tuple(t for t in (clean(line) for line in element.text_content().split("\n")) if t)


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
