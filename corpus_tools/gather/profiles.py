"""Site profiles: XPath selectors for page templates where they beat generic extraction.

A profile is data; :func:`corpus_tools.gather.extract.extract_html` tries the profile that
matches the page's host and falls back to trafilatura when its selectors find nothing.
"""

from __future__ import annotations

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
    body: tuple[str, ...]  # XPath, first that matches wins
    title: tuple[str, ...]
    date: tuple[str, ...]  # elements whose text holds the date (digits in y-m-d order)

    def matches(self, url: str | None) -> bool:
        return bool(url) and any(host_matches(url, h) for h in self.hosts)


# Xinhua (news.cn, xinhuanet.com and the language editions): www/english pages have
# `div.header-time` (year, month/day and clock-time spans) and `div.head-line h1`; the Russian
# edition has `.conTop h1` and `.time`. The body is `#detailContent`, else `#detail`.
XINHUA = SiteProfile(
    name="xinhua",
    hosts=("news.cn", "xinhuanet.com"),
    body=("//*[@id='detailContent']", "//*[@id='detail']"),
    title=(f"//div[{has_class('head-line')}]//h1", f"//*[{has_class('conTop')}]//h1"),
    date=(f"//div[{has_class('header-time')}]", f"//*[{has_class('time')}]"),
)

PROFILES: tuple[SiteProfile, ...] = (XINHUA,)


def profile_for(url: str | None) -> SiteProfile | None:
    return next((p for p in PROFILES if p.matches(url)), None)
