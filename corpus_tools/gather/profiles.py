"""Site profiles: what a page template looks like and what in it is not the article.

A profile is data; :func:`corpus_tools.gather.extract.extract_html` chooses one from the page's
URL, else from the URL the page declares (canonical link, og:url), else from its markup, so a
page saved from a browser is read like the same page fetched. When the profile's selectors find
no body, trafilatura extracts it and the profile's line filters still clean it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


def has_class(name: str) -> str:
    """An XPath predicate for the CSS selector ``.name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def host_matches(url: str, name: str) -> bool:
    """``name`` is the URL's host or a parent domain of it (or, with a port, its host:port)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.netloc == name or host == name or host.endswith("." + name)


@dataclass(frozen=True)
class SiteProfile:
    name: str
    hosts: tuple[str, ...]  # a host matches itself and its subdomains
    markers: tuple[str, ...]  # XPath: any match recognises the template without a URL
    body: tuple[str, ...]  # XPath, first that matches wins
    title: tuple[str, ...]
    date: tuple[str, ...]  # elements whose text holds the date (digits in y-m-d order)
    source: tuple[str, ...]  # elements whose text names the source ("来源：新华社")
    editor: tuple[str, ...]  # elements whose text names the editor
    drop: tuple[str, ...]  # XPath relative to the body: never article text (share bars …)
    related: tuple[str, ...]  # XPath relative to the page: related-article blocks
    related_heading: re.Pattern[str]  # a paragraph that opens a related block in the body
    title_suffix: re.Pattern[str]  # the site's name after the title in <title>
    source_line: re.Pattern[str]  # a paragraph that is only a date/source line
    editor_line: re.Pattern[str]  # a paragraph that is only an editor line; group 1: the name
    credit: re.Pattern[str]  # a photo credit inside a paragraph

    def matches(self, url: str | None) -> bool:
        return bool(url) and any(host_matches(url, h) for h in self.hosts)


_CJK_NAME = r"[\u4e00-\u9fff·\s]{1,20}?"
_DATE = r"20\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_SOURCE = r"(?:来源|Source|Источник)\s*[:：]\s*\S{1,30}"

# Xinhua (news.cn, xinhuanet.com and the language editions). The www and english pages have
# `div.header-time` (year, month/day and clock-time spans), `div.source` and `div.head-line h1`;
# the Russian edition has `.conTop h1`, `.infoSource` with `.source` and `.time`; the body is
# `#detailContent`, else `#detail`, and the editor sits in `#articleEdit` / `.editor`. The
# older xinhuanet.com layout has `.h-title`, `.h-time`, `#source`, body `#p-detail` and the
# editor in `.p-jc`. Related articles are `.relatedNews` / `.xglj` blocks, or in the body a
# paragraph "Читайте также" / 相关新闻 / "Related" followed by link-only paragraphs.
XINHUA = SiteProfile(
    name="xinhua",
    hosts=("news.cn", "xinhuanet.com"),
    markers=(f"//*[@id='detailContent'][//*[{has_class('header-time')} or {has_class('conTop')}]]",
             f"//*[@id='p-detail'][//*[{has_class('h-time')} or {has_class('h-title')}]]"),
    body=("//*[@id='detailContent']", "//*[@id='p-detail']", "//*[@id='detail']"),
    title=(f"//div[{has_class('head-line')}]//h1", f"//*[{has_class('conTop')}]//h1",
           f"//*[{has_class('h-title')}]"),
    date=(f"//div[{has_class('header-time')}]", f"//*[{has_class('infoSource')}]"
          f"//*[{has_class('time')}]", f"//*[{has_class('h-time')}]",
          f"//*[{has_class('time')}]"),
    source=(f"//*[{has_class('header-cont')}]//*[{has_class('source')}]",
            f"//*[{has_class('infoSource')}]//*[{has_class('source')}]", "//*[@id='source']",
            f"//*[{has_class('source')}]"),
    editor=("//*[@id='articleEdit']", f"//*[{has_class('p-jc')}]",
            f"//*[{has_class('editor')}]"),
    drop=(f".//*[{has_class('share')} or {has_class('bdsharebuttonbox')} or "
          f"{has_class('fenxiang')} or @id='articleEdit' or {has_class('editor')} or "
          f"{has_class('p-jc')} or {has_class('relatedNews')} or {has_class('xglj')}]",
          ".//script", ".//style"),
    related=(f"//*[{has_class('relatedNews')} or {has_class('xglj')}]",),
    related_heading=re.compile(r"^(Читайте также|Читайте еще|相关新闻|相关阅读|延伸阅读|"
                               r"Related( News| Stories| Articles)?|Read more)\s*[:：]?$",
                               re.IGNORECASE),
    title_suffix=re.compile(r"\s*[-_|–—]\s*(新华网|新华社|新华网客户端|Russian\.news\.cn|"
                            r"English\.news\.cn|Xinhua(net)?|Синьхуа)\s*$", re.IGNORECASE),
    # a page timestamp (date and clock time) and/or a source; never a bare date, which may be
    # a treaty's own "done on" line
    source_line=re.compile(rf"^(?:{_DATE}\s+{_TIME}(?:\s*{_SOURCE})?|"
                           rf"(?:{_DATE}(?:\s+{_TIME})?\s*)?{_SOURCE})$", re.IGNORECASE),
    editor_line=re.compile(r"^[【\[(（]?\s*(?:责任编辑|编辑|Editor|Ответственный редактор|"
                           r"Редактор)\s*[:：]\s*([^】\])）]{1,40}?)\s*[】\])）]?$",
                           re.IGNORECASE),
    credit=re.compile(rf"[（(]?\s*新华社(?:记者|发)?\s*{_CJK_NAME}\s*摄\s*[）)]?"
                      r"|\(\s*Xinhua\s*/[^)]*\)|\(\s*(?:Фото|Photo)\s*:?\s*(?:Синьхуа|Xinhua)"
                      r"[^)]*\)", re.IGNORECASE),
)

PROFILES: tuple[SiteProfile, ...] = (XINHUA,)


def profile_for(url: str | None) -> SiteProfile | None:
    return next((p for p in PROFILES if p.matches(url)), None)
