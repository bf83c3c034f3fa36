"""The on-disk response cache: what ``--offline`` replays and what lets an interrupted run resume.

Layout (every path is derived from a hash, never from a URL)::

    cache/index/<ab>/<sha256 of the normalised URL>.json   final URL, status, headers, time
    cache/bodies/<cd>/<sha256 of the body>                  the raw bytes
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path

from corpus_tools.fileio import atomic_output, sha256_bytes, write_text_atomic
from corpus_tools.gather.fetch import Response
from corpus_tools.gather.local import normalise_url

log = logging.getLogger(__name__)


class ResponseCache:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _index_path(self, url: str) -> Path:
        key = hashlib.sha256(normalise_url(url).encode()).hexdigest()
        return self.root / "index" / key[:2] / f"{key}.json"

    def _body_path(self, digest: str) -> Path:
        return self.root / "bodies" / digest[:2] / digest

    def get(self, url: str) -> Response | None:
        """The cached response for ``url``, or None (a damaged entry counts as missing)."""
        index = self._index_path(url)
        if not index.exists():
            return None
        try:
            entry = json.loads(index.read_text(encoding="utf-8"))
            body = self._body_path(entry["sha256"]).read_bytes()
        except (OSError, ValueError, KeyError) as err:
            log.warning("cache entry for %s is unreadable (%s); ignoring it", url, err)
            return None
        if sha256_bytes(body) != entry["sha256"]:
            log.warning("cache entry for %s does not match its hash; ignoring it", url)
            return None
        return Response(url=url, final_url=entry["final_url"], status=entry["status"],
                        headers=entry["headers"], body=body,
                        fetched_at=dt.datetime.fromisoformat(entry["fetched_at"]))

    def put(self, response: Response) -> None:
        digest = sha256_bytes(response.body)
        body_path = self._body_path(digest)
        if not body_path.exists():
            with atomic_output(body_path) as tmp:
                tmp.write_bytes(response.body)
        entry = {"url": response.url, "final_url": response.final_url,
                 "status": response.status, "headers": dict(response.headers),
                 "fetched_at": response.fetched_at.isoformat(), "sha256": digest}
        write_text_atomic(self._index_path(response.url), json.dumps(entry, indent=1))
