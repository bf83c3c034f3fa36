"""A loopback web site for the gathering tests: the pages under fixtures/gather_site/<host>/,
chosen by the Host header (an unknown host gets sr-center.info; a folder serves its
index.html), plus pages under /faults/ that misbehave on purpose. Nothing here contacts any
address but 127.0.0.1.

The Xinhua part imitates the three editions' layouts (russian.news.cn, english.news.cn,
www.news.cn) and the older xinhuanet.com one, the politics channel's list page and RSS feed,
and a date archive (www.news.cn/archive/YYYYMMDD.html). The Chinese original of the
September 2025 talks (ZH_TALKS) is linked from no page but the archive of its day."""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).parent / "fixtures" / "gather_site"
ARTICLE_PATH = "/en/news/summit-results.html"
RU_TREATY = "https://russian.news.cn/20250618/2fbe59f810e546fcaa28fb9884ec263e/c.html"
RU_DECLARATION = "https://russian.news.cn/20250618/e9057e91c41a4c2f99c4c4b17a7a2b79/c.html"
ZH_TREATY = "https://www.news.cn/politics/20250618/5c1e0a7b3d2f4e6a8b9c0d1e2f3a4b5c/c.html"
ZH_DECLARATION = "https://www.news.cn/politics/20250618/9a8b7c6d5e4f40312a1b2c3d4e5f6a7b/c.html"
ZH_DISTRACTORS = [
    "https://www.news.cn/local/20240305/1111aaaa2222bbbb3333cccc4444dddd/c.html",
    "https://www.news.cn/fortune/20250618/5555eeee6666ffff7777aaaa8888bbbb/c.html",
    "https://www.news.cn/world/20250616/cccc1111dddd2222eeee3333ffff4444/c.html",
]
RU_WRONG_LANGUAGE = "https://russian.news.cn/20250618/0000wrong0000lang0000page00000000/c.html"
RU_TALKS = "https://russian.news.cn/20250904/7f3a9c1e5b2d4a6f8e0c1b3d5f7a9e2c/c.html"
EN_TALKS = "https://english.news.cn/20250903/3e5c7a9b1d2f4e6a8c0b2d4f6a8c0e1b/c.html"
ZH_TALKS = "https://www.news.cn/politics/20250903/8d6b4f2a0c1e3d5b7f9a1c3e5b7d9f0a/c.html"
ZH_OLD_LAYOUT = "http://www.xinhuanet.com/politics/2019-09/03/c_1124956789.htm"
ZH_ARCHIVE = "https://www.news.cn/archive/{date:%Y%m%d}.html"
RU_FEED = "https://russian.news.cn/rss/china.xml"
RU_LIST = "https://russian.news.cn/china/"
FIXTURE_HOSTS = ("russian.news.cn", "english.news.cn", "www.news.cn", "www.xinhuanet.com",
                 "sr-center.info")
TYPES = {".txt": "text/plain", ".xml": "application/rss+xml"}

PAGE = (b"<html lang='en'><body><article><h1>Recovered page</h1><p>This page answered after "
        b"the server had trouble a moment ago, and its text is long enough to keep.</p>"
        b"<p>A second paragraph says the same thing again in other words, to be sure.</p>"
        b"</article></body></html>")
ROBOTS = b"User-agent: *\nDisallow: /faults/private\n"


class Handler(BaseHTTPRequestHandler):
    server: SiteServer

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0]
        self.server.hits[(host, self.path)] += 1
        self.server.times.append((host, time.time()))
        count = self.server.hits[(host, self.path)]
        if self.path.startswith("/faults/") or self.path == "/robots.txt":
            return self._fault(count)
        folder = SITE / (host if (SITE / host).is_dir() else "sr-center.info")
        page = (folder / self.path.lstrip("/")).resolve()
        if page.is_dir():
            page = page / "index.html"
        if SITE not in page.parents or not page.is_file():
            return self._send(404, b"not found", "text/plain")
        kind = TYPES.get(page.suffix, "text/html")
        self._send(200, page.read_bytes(), f"{kind}; charset=utf-8")

    def _fault(self, count: int) -> None:
        path = self.path
        if path == "/robots.txt":
            slow = self.headers.get("Host", "").startswith("slow.test")
            self._send(200, ROBOTS + (b"Crawl-delay: 1\n" if slow else b""), "text/plain")
        elif path == "/faults/429":
            if count == 1:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            else:
                self._send(200, PAGE, "text/html")
        elif path == "/faults/500":
            self._send(500, b"oops", "text/plain") if count == 1 else self._send(
                200, PAGE, "text/html")
        elif path == "/faults/slow":
            time.sleep(self.server.slow_seconds)
            self._send(200, PAGE, "text/html")
        elif path == "/faults/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE) * 10))
            self.end_headers()
            self.wfile.write(PAGE)
            self.wfile.flush()
            self.close_connection = True
        elif path in ("/faults/loop-a", "/faults/loop-b"):
            other = "/faults/loop-b" if path.endswith("a") else "/faults/loop-a"
            self._send(302, b"", "text/plain", {"Location": other})
        elif path == "/faults/pdf":
            self._send(200, b"%PDF-1.4 not a web page", "application/pdf")
        elif path == "/faults/huge":
            self._send(200, b"<html><body>" + b"x" * 200_000 + b"</body></html>", "text/html")
        elif path == "/faults/private":
            self._send(200, PAGE, "text/html")
        elif path == "/faults/hold":
            self.server.holding.set()
            time.sleep(self.server.slow_seconds)
            self._send(200, PAGE, "text/html")
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter = Counter()
        self.times: list[tuple[str, float]] = []  # (Host header, when the request came)
        self.slow_seconds = 1.0
        self.holding = threading.Event()

    def handle_error(self, request, client_address) -> None:
        # The fault cases (timeouts, truncated bodies) drop connections on purpose; the
        # client's side of each is what the tests check, so no traceback on stderr.
        pass

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def resolve(self) -> dict[str, str]:
        """Map the fixture hosts to this server (the ``resolve`` fetch option)."""
        return {host: self.base for host in FIXTURE_HOSTS}

    def __enter__(self) -> SiteServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
