"""`review`: a local web app over a built corpus, where every action is appended at once to
the review file (:mod:`corpus_tools.review.session`).

Python's own ``http.server`` on 127.0.0.1 only, on a port the system picks, with a token made
for this run: every request must carry it (``?token=`` for the page, the ``X-Review-Token``
header for actions), actions must come from the page's own origin, and a request for another
Host is refused (DNS rebinding). The page is one Jinja2 template with its own script (the
report's sorting and filters for the concept view, then the app's actions) and style inlined,
under a Content-Security-Policy that loads nothing and runs only that script.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import parse_qs, urlsplit

import jinja2
from markupsafe import Markup

from corpus_tools import __version__
from corpus_tools.errors import InputError
from corpus_tools.report.concepts import unit_anchor
from corpus_tools.report.render import inline_script, report_script
from corpus_tools.review.session import ReviewSession
from corpus_tools.terms.glossary import TAGS

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
MAX_BODY = 64 * 1024  # bytes an action may send

# The report's templates too: the concept view is drawn with its block macros.
_ENV = jinja2.Environment(loader=jinja2.ChoiceLoader([
                              jinja2.PackageLoader("corpus_tools.review", "templates"),
                              jinja2.PackageLoader("corpus_tools.report", "templates")]),
                          autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)


class _Server(ThreadingHTTPServer):
    app: ReviewApp  # set once the app is made; the handlers read it


@dataclass
class ReviewApp:
    """A running app: its URL (with the token) and how to stop it."""

    server: _Server
    session: ReviewSession
    token: str
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        return f"{self.origin}/?token={self.token}"

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_app(session: ReviewSession) -> ReviewApp:
    """Bind the app to 127.0.0.1 on a free port (not yet serving)."""
    app = ReviewApp(_Server((HOST, 0), _Handler), session, secrets.token_urlsafe(24))
    app.server.app = app
    return app


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "corpus-tools-review"

    def app(self) -> ReviewApp:
        return self.server.app

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base's signature)
        log.debug("%s " + format, self.address_string(), *args)

    def _allowed(self, token: str | None) -> bool:
        app = self.app()
        if self.headers.get("Host") != app.origin.removeprefix("http://"):
            self._refuse(HTTPStatus.FORBIDDEN, "wrong host")
            return False
        if token is None or not hmac.compare_digest(token, app.token):
            self._refuse(HTTPStatus.FORBIDDEN, "missing or wrong token")
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        if not self._allowed(parse_qs(url.query).get("token", [None])[0]):
            return
        if url.path != "/":
            self._refuse(HTTPStatus.NOT_FOUND, "no such page")
            return
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", render_app(self.app()).encode())

    def do_POST(self) -> None:  # noqa: N802
        if not self._allowed(self.headers.get("X-Review-Token")):
            return
        if self.headers.get("Origin") != self.app().origin:
            self._refuse(HTTPStatus.FORBIDDEN, "actions come only from the app's own page")
            return
        if urlsplit(self.path).path != "/act":
            self._refuse(HTTPStatus.NOT_FOUND, "no such action endpoint")
            return
        length = _content_length(self.headers.get("Content-Length"))
        if not 0 < length <= MAX_BODY or not self.headers.get(
                "Content-Type", "").startswith("application/json"):
            self._refuse(HTTPStatus.BAD_REQUEST, "send one JSON object")
            return
        try:
            request = json.loads(self.rfile.read(length))
            if not isinstance(request, dict):
                raise ValueError("not an object")
            with self.app().lock:  # the server's threads share one session and file
                self.app().session.act(request)
        except (ValueError, InputError) as err:
            self._refuse(HTTPStatus.BAD_REQUEST, str(err))
            return
        self._send(HTTPStatus.OK, "application/json", b'{"ok": true}')

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        self._send(status, "application/json", json.dumps({"error": why}).encode())

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)


def _content_length(header: str | None) -> int:
    """The request body's length; 0 (refused as no body) when the header is not a number."""
    try:
        return int(header or 0)
    except ValueError:
        return 0


def render_app(app: ReviewApp) -> str:
    """The page; its concept view sorts and filters as the report's does (its script too)."""
    review = (files("corpus_tools.review") / "templates" / "review.js").read_text(
        encoding="utf-8")
    style = (files("corpus_tools.report") / "templates" / "report.css").read_text(
        encoding="utf-8")
    script, script_hash = inline_script(report_script(), review)
    session = app.session
    return _ENV.get_template("review.html.j2").render(
        name=session.workspace.manifest.name, version=__version__, session=session,
        token=app.token, tags=TAGS, script=script, script_hash=script_hash,
        report_style=Markup(style), unit_anchor=unit_anchor,
        review_file=session.workspace.review_path.name)


def serve(session: ReviewSession, open_browser: bool = True,
          announce: Callable[[str], None] = lambda url: None) -> None:
    """Run the app until interrupted; ``announce`` gets its URL (token included) first."""
    import webbrowser

    app = start_app(session)
    announce(app.url)
    if open_browser:
        webbrowser.open(app.url)
    try:
        app.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.server.server_close()
