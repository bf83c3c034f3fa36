"""One request limiter per host for every process that fetches.

Workers that gather in parallel (``build --jobs``, several ``gather`` runs at once) must
together stay as slow as one polite fetcher: at most one request to a host per delay. Each
request reserves the host's next free moment in a file under ``$CORPUS_TOOLS_CACHE/hosts/``
(held under an exclusive ``flock`` only while reserving, so no process sleeps holding the
lock), then waits for it. The files live on this machine; Ray workers on other machines share
them only through a shared file system (see docs/scale.md).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from pathlib import Path


class HostLimiter:
    """The next free moment of each host, shared through files in ``folder``."""

    def __init__(self, folder: Path | None = None) -> None:
        if folder is None:
            from corpus_tools.translate.cache import cache_root

            folder = cache_root() / "hosts"
        self.folder = folder

    def reserve(self, host: str, delay: float) -> float:
        """Book the next request to ``host``, ``delay`` seconds after the one booked before
        (by any process); returns how many seconds to wait before sending it."""
        if delay <= 0:
            return 0.0
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / hashlib.sha256(host.encode()).hexdigest()[:20]
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.read(fd, 64)
            booked = float(raw) if raw.strip() else float("-inf")
            moment = max(time.time(), booked + delay)
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, repr(moment).encode())
        finally:
            os.close(fd)  # releases the lock
        return max(0.0, moment - time.time())

    def wait_turn(self, host: str, delay: float) -> None:
        time.sleep(self.reserve(host, delay))
