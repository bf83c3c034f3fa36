"""A translation cache on disk, so that re-runs translate only sentences not seen before.

One SQLite file; a row is keyed by the system (model id, revision, backend, generation
options, languages — ``Translator.signature``) and the sha256 of the source text.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path


def cache_root() -> Path:
    """corpus-tools' own cache (converted models, translations): ``$CORPUS_TOOLS_CACHE``."""
    configured = os.environ.get("CORPUS_TOOLS_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "corpus-tools"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS translations (system TEXT, source TEXT, "
                        "translation TEXT, PRIMARY KEY (system, source))")

    @staticmethod
    def system_key(signature: Mapping[str, str]) -> str:
        return _digest(json.dumps(dict(signature), sort_keys=True))

    def get_many(self, signature: Mapping[str, str], texts: Iterable[str]) -> dict[str, str]:
        """The cached translations among ``texts`` (source text → translation)."""
        system = self.system_key(signature)
        by_digest = {_digest(t): t for t in texts}
        found = {}
        digests = list(by_digest)
        for start in range(0, len(digests), 500):  # SQLite limits bound parameters
            chunk = digests[start:start + 500]
            rows = self.db.execute(
                f"SELECT source, translation FROM translations WHERE system = ? AND source IN "
                f"({','.join('?' * len(chunk))})", [system, *chunk])
            found.update({by_digest[source]: translation for source, translation in rows})
        return found

    def put_many(self, signature: Mapping[str, str], pairs: Mapping[str, str]) -> None:
        system = self.system_key(signature)
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?)",
                                [(system, _digest(s), t) for s, t in pairs.items()])

    def close(self) -> None:
        self.db.close()
