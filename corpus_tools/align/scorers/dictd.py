"""Reading dictionaries in the dictd format (``NAME.index`` + ``NAME.dict.dz``).

Debian and Ubuntu package bilingual dictionaries this way (``apt-get install mueller7-dict``
puts Mueller's English–Russian dictionary in ``/usr/share/dictd``). The index has one line
per headword: the word, the offset and the length of its article in the data file, the two
numbers in dictd's own base-64 digits. The data file is gzip (dictzip is gzip with an index
of its blocks, which reading the whole file does not need).
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.fileio import read_lines, sha256_file

DEFAULT_DIRS = (Path("/usr/share/dictd"),)
DIGITS = {c: k for k, c in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def find_dictionary(name: str) -> Path | None:
    """``DIR/name`` (without suffix) for the first DIR holding ``name.index``: the folder in
    ``$CORPUS_TOOLS_DICTD`` first, then the system's dictd folder."""
    dirs = [Path(os.environ["CORPUS_TOOLS_DICTD"])] if os.environ.get("CORPUS_TOOLS_DICTD") else []
    for folder in dirs + list(DEFAULT_DIRS):
        if (folder / f"{name}.index").is_file():
            return folder / name
    return None


def fingerprint(prefix: Path) -> str:
    """sha256 of the dictionary's index: which edition of it an alignment used."""
    return "sha256:" + sha256_file(prefix.with_name(prefix.name + ".index"))


def _number(digits: str, where: str) -> int:
    value = 0
    for c in digits:
        if c not in DIGITS:
            raise InputError(f"{where}: {digits!r} is not a dictd offset or length")
        value = value * 64 + DIGITS[c]
    return value


def articles(prefix: Path) -> Iterator[tuple[str, str]]:
    """(headword, article text) for every index line of the dictionary at ``prefix``."""
    data_path = prefix.with_name(prefix.name + ".dict.dz")
    if not data_path.exists():
        data_path = prefix.with_name(prefix.name + ".dict")
    try:
        raw = data_path.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    except FileNotFoundError:
        raise InputError(f"{data_path}: no such file (the data beside {prefix.name}.index)"
                         ) from None
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"{data_path}: not a readable dictd data file ({error})") from None
    index = prefix.with_name(prefix.name + ".index")
    for number, line in enumerate(read_lines(index), 1):
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        where = f"{index}:{number}"
        start, length = _number(fields[1], where), _number(fields[2], where)
        yield fields[0], data[start:start + length].decode("utf-8", errors="replace")
