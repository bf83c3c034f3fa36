"""Reading user text files with one-line errors, and atomic writes that never leave half a file."""

from __future__ import annotations

import codecs
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


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is dropped) or UTF-16 with a BOM; anything else is refused with the
    byte offset, the likely encoding and the ``iconv`` line that converts the file."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError(_not_utf8(name, 0, "UTF-32"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: not valid UTF-16 at byte offset {err.start}") from None
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        if _looks_utf16(data[:8192]):
            endian = "LE" if nul % 2 else "BE"
            raise InputError(_not_utf8(name, nul, f"UTF-16{endian}", "without a byte-order mark"))
        raise InputError(f"{name}: looks binary (NUL byte at byte offset {nul})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(_not_utf8(name, err.start, guess_encoding(data))) from None


def _looks_utf16(head: bytes) -> bool:
    """Text in UTF-16 has a NUL in every other byte where the text is ASCII."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > len(head) // 4 and min(even, odd) < max(even, odd) // 8


def _not_utf8(name: str, offset: int, encoding: str, how: str = "") -> str:
    source = "FILE" if name.startswith("<") else name  # <stdin>
    return (f"{name}: not UTF-8 (byte offset {offset}; likely {encoding}{f' {how}' if how else ''})"
            f"; convert it with `iconv -f {encoding} -t UTF-8 {source} > {source}.utf8`")


def guess_encoding(data: bytes) -> str:
    """The likeliest legacy encoding of en/ru/zh text that is not UTF-8: GB18030 when the bytes
    decode cleanly (but for a character the sample's end may cut) to mostly common Chinese
    characters (GB2312 punctuation and level 1: a Russian word can decode cleanly too, but to
    rare ones); else CP1251 or KOI8-R when non-ASCII bytes come in runs (whole Cyrillic words),
    whichever reads as mostly lower case, as running text does; else CP1252."""
    sample = data[:65536]
    chinese = [c for c in sample.decode("gb18030", errors="replace") if ord(c) > 127]
    if (chinese and chinese.count("\ufffd") <= len(chinese) // 100 + 1  # the cut may split one
            and sum(map(_is_common_chinese, chinese)) > 0.7 * len(chinese)):
        return "GB18030"
    high = {i for i, byte in enumerate(sample) if byte > 127}
    if sum(i - 1 in high or i + 1 in high for i in high) < len(high) / 2:
        return "CP1252"
    return max(("CP1251", "KOI8-R"), key=lambda enc: _lower_share(sample.decode(enc)))


def _is_common_chinese(char: str) -> bool:
    """Punctuation or a level-1 character of GB2312 (lead bytes A1-D7)."""
    return char != "\ufffd" and 0xA1 <= char.encode("gb18030")[0] <= 0xD7


def _lower_share(text: str) -> float:
    letters = [c for c in text if "\u0400" <= c <= "\u04ff"]
    return sum(c.islower() for c in letters) / len(letters) if letters else 0.0


def read_text(path: str | Path) -> str:
    """Read a text file given on the command line or in a manifest ('-' is stdin), in UTF-8 or
    UTF-16 with a BOM (see :func:`decode_text`)."""
    if str(path) == "-":
        import sys

        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    return decode_text(data, str(path))


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
