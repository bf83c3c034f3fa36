"""Polite HTTP fetching: per-host delay and robots.txt, retries with back-off, redirect and size
limits. Every request becomes an :class:`Attempt` (a ``fetch_log`` row), whatever its outcome.

Outcomes: ``ok``, ``redirect``, ``http-error`` (an HTTP status that is not retried), ``retry``
(429/5xx/timeout/truncated/connection error, tried again after ``wait_s``), ``timeout``,
``truncated``, ``connect-error``, ``too-large``, ``content-type``, ``redirect-loop``,
``too-many-redirects``, ``scheme-not-allowed``, ``host-not-allowed``, ``robots-disallowed``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import logging
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from corpus_tools import __version__
from corpus_tools.fileio import sha256_bytes
from corpus_tools.gather.limiter import HostLimiter

log = logging.getLogger(__name__)

USER_AGENT = f"corpus-tools/{__version__} (research corpus builder; polite, honours robots.txt)"
ROBOTS_AGENT = "corpus-tools"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class FetchPolicy:
    delay: float = 2.0  # seconds between requests to one host (robots Crawl-delay may raise it)
    timeout: float = 30.0
    retries: int = 3  # further attempts after a 429, 5xx, timeout or broken connection
    backoff: float = 1.0  # first back-off in seconds; doubles with each retry
    max_wait: float = 60.0  # cap on Retry-After, Crawl-delay and back-off
    max_redirects: int = 5
    max_bytes: int = 10 * 2**20
    content_types: tuple[str, ...] = HTML_TYPES
    robots: bool = True
    # host → base URL actually contacted (like curl --resolve), e.g. for a local mirror
    resolve: Mapping[str, str] = field(default_factory=dict)
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Response:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: dt.datetime

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True)
class Attempt:
    """One request (or one look into the cache), as recorded in the ``fetch_log`` table."""

    url: str  # the URL asked for
    request_url: str  # the URL of this request (a redirect target, robots.txt …)
    attempt: int  # 1-based, per request_url
    requested_at: dt.datetime
    outcome: str
    status: int | None = None
    detail: str = ""
    content_type: str | None = None
    bytes: int | None = None
    sha256: str | None = None
    wait_s: float | None = None  # waited this long before trying again
    source: str = "network"  # network | cache | file | warc
    final: bool = False  # the attempt that decided what became of ``url``
    doc_id: str | None = None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - now()).total_seconds())


class _Failure(Exception):
    """A request that produced no usable response; ``outcome`` names why."""

    def __init__(self, outcome: str, detail: str, retryable: bool = False) -> None:
        super().__init__(detail)
        self.outcome, self.detail, self.retryable = outcome, detail, retryable


class Fetcher:
    """Fetches pages one at a time, never faster than the host's delay allows."""

    def __init__(self, policy: FetchPolicy | None = None,
                 limiter: HostLimiter | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.limiter = limiter or HostLimiter()  # shared with every other fetching process
        logging.getLogger("httpx").setLevel(logging.WARNING)  # fetch_log records each request
        self.client = httpx.Client(timeout=self.policy.timeout, follow_redirects=False,
                                   headers={"User-Agent": self.policy.user_agent})
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, allowed: Callable[[str], bool],
              content_types: tuple[str, ...] | None = None
              ) -> tuple[Response | None, list[Attempt]]:
        """GET ``url``, following redirects only to http(s) URLs on hosts ``allowed`` accepts;
        ``content_types`` widens or narrows the policy's for this request (a feed, say)."""
        log_rows: list[Attempt] = []
        current, seen = url, {url}
        for _hop in range(self.policy.max_redirects + 1):
            if not self._robots_allow(current, log_rows):
                log_rows.append(Attempt(url, current, 1, now(), "robots-disallowed",
                                        detail="robots.txt disallows this URL", final=True))
                return None, log_rows
            response, rows = self._get(url, current, content_types)
            log_rows += rows
            if response is None or response.status not in REDIRECTS:
                return response, _mark_final(log_rows)
            target = urljoin(current, response.headers.get("location", ""))
            problem = _redirect_problem(target, seen, allowed)
            if problem:
                log_rows.append(Attempt(url, target, 1, now(), problem[0], detail=problem[1],
                                        final=True))
                return None, log_rows
            seen.add(target)
            current = target
        log_rows.append(Attempt(url, current, 1, now(), "too-many-redirects",
                                detail=f"more than {self.policy.max_redirects} redirects",
                                final=True))
        return None, log_rows

    # --- one URL, with retries ------------------------------------------------------------

    def _get(self, url: str, request_url: str, content_types: tuple[str, ...] | None = None
             ) -> tuple[Response | None, list[Attempt]]:
        rows: list[Attempt] = []
        for number in range(1, self.policy.retries + 2):
            started = now()
            try:
                response = self._request(url, request_url, content_types)
            except _Failure as failure:
                last = number > self.policy.retries
                if failure.retryable and not last:
                    wait = self._backoff(number, None)
                    rows.append(Attempt(url, request_url, number, started, "retry",
                                        detail=f"{failure.outcome}: {failure.detail}",
                                        wait_s=wait))
                    time.sleep(wait)
                    continue
                rows.append(Attempt(url, request_url, number, started, failure.outcome,
                                    detail=failure.detail))
                return None, rows
            status = response.status
            row = Attempt(url, request_url, number, started, "ok", status=status,
                          content_type=response.content_type, bytes=len(response.body),
                          sha256=sha256_bytes(response.body))
            if status == 429 or status >= 500:
                if number <= self.policy.retries:
                    wait = self._backoff(number, response.headers.get("retry-after"))
                    rows.append(dataclasses.replace(row, outcome="retry", wait_s=wait,
                                                    detail=f"HTTP {status}"))
                    time.sleep(wait)
                    continue
                rows.append(dataclasses.replace(row, outcome="http-error",
                                                detail=f"HTTP {status} after {number} attempts"))
                return None, rows
            if status in REDIRECTS:
                rows.append(dataclasses.replace(row, outcome="redirect",
                                                detail=response.headers.get("location", "")))
                return response, rows
            if status >= 400:
                rows.append(dataclasses.replace(row, outcome="http-error",
                                                detail=f"HTTP {status}"))
                return None, rows
            rows.append(row)
            return response, rows
        raise AssertionError("unreachable: the last attempt always returns")

    def _backoff(self, number: int, header: str | None) -> float:
        asked = retry_after(header)
        wait = asked if asked is not None else self.policy.backoff * 2 ** (number - 1)
        return min(wait, self.policy.max_wait)

    def _request(self, url: str, request_url: str,
                 content_types: tuple[str, ...] | None = None) -> Response:
        """One GET with the size and content-type limits; raises :class:`_Failure`."""
        target, headers = self._resolved(request_url)
        self._wait_turn(request_url)
        try:
            with self.client.stream("GET", target, headers=headers) as reply:
                status, reply_headers = reply.status_code, reply.headers
                if 200 <= status < 300:
                    _check_content_type(reply_headers.get("content-type", ""),
                                        content_types or self.policy.content_types)
                    body = self._read_capped(reply)
                else:
                    body = b""
        except httpx.TimeoutException as err:
            raise _Failure("timeout", f"no answer within {self.policy.timeout:g} s "
                           f"({err.__class__.__name__})", retryable=True) from None
        except httpx.RemoteProtocolError as err:
            raise _Failure("truncated", f"connection broke off: {err}", retryable=True) from None
        except httpx.TransportError as err:
            raise _Failure("connect-error", f"{err.__class__.__name__}: {err}",
                           retryable=True) from None
        return Response(url, request_url, status, dict(reply_headers), body, now())

    def _read_capped(self, reply: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        declared = reply.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _Failure("too-large", f"Content-Length {declared} exceeds the {cap}-byte cap")
        chunks, size = [], 0
        for chunk in reply.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise _Failure("too-large", f"body exceeds the {cap}-byte cap")
            chunks.append(chunk)
        return b"".join(chunks)

    def _resolved(self, url: str) -> tuple[str, dict[str, str]]:
        """The URL to contact and the Host header, after ``policy.resolve``."""
        parts = urlsplit(url)
        resolve = self.policy.resolve
        base = resolve.get(parts.netloc) or resolve.get(parts.hostname or "")
        if not base:
            return url, {}
        path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        return base.rstrip("/") + path, {"Host": parts.netloc}

    # --- politeness -----------------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        delay = self.policy.delay
        crawl_delay = self.crawl_delay(url)
        if crawl_delay:
            delay = max(delay, min(crawl_delay, self.policy.max_wait))
        self.limiter.wait_turn(host, delay)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asked for on ``url``'s host (once it has been read)."""
        robots = self._robots.get(origin(url))
        value = robots.crawl_delay(ROBOTS_AGENT) if robots else None
        return float(value) if value is not None else None

    def _robots_allow(self, url: str, log_rows: list[Attempt]) -> bool:
        if not self.policy.robots:
            return True
        key = origin(url)
        if key not in self._robots:
            self._robots[key] = self._read_robots(url, key + "/robots.txt", log_rows)
        robots = self._robots[key]
        return robots is None or robots.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, url: str, robots_url: str, log_rows: list[Attempt]
                     ) -> urllib.robotparser.RobotFileParser | None:
        """RFC 9309: a 4xx means no rules; an unreachable robots.txt means stay away."""
        started = now()
        try:
            response = self._request(url, robots_url)
        except _Failure as failure:
            log_rows.append(Attempt(url, robots_url, 1, started, failure.outcome,
                                    detail=f"robots.txt: {failure.detail}"))
            return _disallow_all()
        log_rows.append(Attempt(url, robots_url, 1, started, "ok", status=response.status,
                                content_type=response.content_type, bytes=len(response.body),
                                detail="robots.txt"))
        if 400 <= response.status < 500:
            return None
        if response.status >= 300:
            return _disallow_all()
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return parser


def _disallow_all() -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(["User-agent: *", "Disallow: /"])
    return parser


def _check_content_type(value: str, accepted: tuple[str, ...]) -> None:
    mime = value.split(";", 1)[0].strip().lower()
    if mime and mime not in accepted:
        raise _Failure("content-type", f"{mime} is not one of {', '.join(accepted)}")


def _redirect_problem(target: str, seen: set[str], allowed: Callable[[str], bool]
                      ) -> tuple[str, str] | None:
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https"):
        return "scheme-not-allowed", f"redirect to a {parts.scheme or 'relative'} URL: {target}"
    if not allowed(target):
        return "host-not-allowed", f"redirect to {parts.netloc}, not an allowed host"
    if target in seen:
        return "redirect-loop", f"redirect back to {target}"
    return None


def _mark_final(rows: list[Attempt]) -> list[Attempt]:
    return rows[:-1] + [dataclasses.replace(rows[-1], final=True)] if rows else rows
