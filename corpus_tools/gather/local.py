"""Document identity (URL and content hashes) and plain-text files."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit, urlunsplit

from corpus_tools.errors import InputError
from corpus_tools.fileio import decode_text, sha256_bytes
from corpus_tools.manifest import DocumentEntry
from corpus_tools.tables import DOCUMENTS
from corpus_tools.textfile import normalise_text


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment and a default port."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def url_doc_id(url: str) -> str:
    return hashlib.sha256(normalise_url(url).encode()).hexdigest()[:16]


def content_doc_id(data: bytes) -> str:
    return sha256_bytes(data)[:16]


def text_document(entry: DocumentEntry, data: bytes, retrieved_at: dt.datetime | None) -> dict:
    """A ``documents`` row for a plain-text body (a .txt file, a text/plain page or record)."""
    where = str(entry.path or entry.url)
    text = normalise_text(decode_text(data, where), entry.lang, entry.segmented)
    if not text:
        raise InputError(f"{where}: document {entry.id!r} is empty")
    return document_row(
        doc_id=url_doc_id(entry.url) if entry.url else content_doc_id(data),
        name=entry.id, group_id=entry.group, lang=entry.lang, role=entry.role,
        url=entry.url, path=str(entry.path) if entry.path else None,
        title=entry.title or text.split("\n", 1)[0][:200], published=entry.published,
        site=entry.site, text=text, sha256=sha256_bytes(data), retrieved_at=retrieved_at,
        extractor="plain-text", segmented=entry.segmented,
    )


def document_row(**columns: object) -> dict:
    """A ``documents`` row; columns not given are null."""
    unknown = set(columns) - set(DOCUMENTS)
    if unknown:
        raise ValueError(f"not documents columns: {sorted(unknown)}")
    return {name: columns.get(name) for name in DOCUMENTS}
