"""Reading user text files with one-line errors, and atomic writes that never leave half a file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from corpus_tools.errors import InputError, OutputExistsError


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode_utf8(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is dropped); binary or other encodings name the byte offset."""
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise InputError(f"{name}: looks binary (NUL byte at byte offset {nul})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not valid UTF-8 at byte offset {err.start}") from None


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file given on the command line or in a manifest ('-' is stdin)."""
    if str(path) == "-":
        import sys

        return decode_utf8(sys.stdin.buffer.read(), "<stdin>")
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    return decode_utf8(data, str(path))


def read_lines(path: str | Path) -> list[str]:
    """One segment per line (a trailing newline does not make an extra empty segment)."""
    text = read_text(path)
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n") if text else []


def check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputExistsError(f"{path}: exists; use --force to overwrite")


@contextlib.contextmanager
def atomic_output(path: str | Path, force: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    path = Path(path)
    check_writable(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        tmp.chmod(0o666 & ~_umask())  # mkstemp makes owner-only files; outputs are shared
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | Path, text: str, force: bool = True) -> None:
    with atomic_output(path, force) as tmp:
        tmp.write_text(text, encoding="utf-8")
