"""WARC files: written with ``--warc FILE``, and read wherever a URL is accepted."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus_tools.errors import InputError
from corpus_tools.fileio import atomic_output
from corpus_tools.gather.fetch import Response

WARC_SUFFIXES = (".warc", ".warc.gz")
# httpx hands over decoded bodies, so these headers no longer describe the stored bytes.
_STALE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def write_warc(path: str | Path, responses: Iterable[Response], force: bool = False) -> int:
    """Write one ``response`` record per response; returns the number of records."""
    path = Path(path)
    count = 0
    with atomic_output(path, force) as tmp, open(tmp, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.lower().endswith(".gz"))
        for response in responses:
            headers = [(k, v) for k, v in response.headers.items()
                       if k.lower() not in _STALE_HEADERS]
            headers.append(("Content-Length", str(len(response.body))))
            status = f"{response.status} {HTTPStatus(response.status).phrase}"
            http_headers = StatusAndHeaders(status, headers,
                                            protocol="HTTP/1.1")
            record = writer.create_warc_record(
                response.final_url, "response", payload=io.BytesIO(response.body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": response.fetched_at.strftime(
                    "%Y-%m-%dT%H:%M:%SZ")})
            writer.write_record(record)
            count += 1
    return count


def read_warc(path: str | Path) -> Iterator[Response]:
    """The ``response`` records of a WARC file (any content type; the caller filters)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date") or ""
                headers = {k.lower(): v for k, v in record.http_headers.headers}
                status = int(record.http_headers.get_statuscode() or 200)
                yield Response(url=url, final_url=url, status=status, headers=headers,
                               body=record.content_stream().read(),
                               fetched_at=_warc_date(date))
    except FileNotFoundError:
        raise InputError(f"{path}: no such WARC file") from None
    except ArchiveLoadFailed as err:
        raise InputError(f"{path}: not a readable WARC file ({err})") from None


def _warc_date(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.fromtimestamp(0, dt.UTC)
