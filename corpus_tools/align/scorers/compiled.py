"""Built-in lexicons compiled once into ``$CORPUS_TOOLS_CACHE/lexicons/``.

Parsing CC-CEDICT and Mueller's dictionary takes seconds in every process that aligns; their
parsed entries, written with :mod:`marshal` (plain dicts of str and float, read back ten
times faster than parsed), take a tenth of a second. A file's name carries a key made of the
dictionary's version (:func:`~corpus_tools.align.scorers.lexicon.installed_dictionaries`) and
the parsing code, so a new edition of a dictionary or a change to how it is read compiles
afresh; nothing else invalidates it.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
from collections.abc import Callable
from pathlib import Path

from corpus_tools.fileio import atomic_output

log = logging.getLogger(__name__)

Entries = dict[str, dict[str, float]]

# The modules whose code decides what a parsed dictionary holds.
PARSERS = (Path(__file__).with_name("lexicon.py"), Path(__file__).with_name("dictd.py"))


def lexicon_cache_dir() -> Path:
    from corpus_tools.translate.cache import cache_root

    return cache_root() / "lexicons"


def compiled_path(name: str, version: str) -> Path:
    """Where the compiled form of dictionary ``name`` at ``version`` is kept."""
    key = hashlib.sha256(version.encode())
    for parser in PARSERS:
        key.update(parser.read_bytes())
    key.update(str(marshal.version).encode())
    return lexicon_cache_dir() / f"{name}-{key.hexdigest()[:16]}.marshal"


def compiled_entries(name: str, version: str, parse: Callable[[], Entries]) -> Entries:
    """The entries of dictionary ``name`` at ``version``: from the compiled cache, or
    ``parse()``-d and written there for the next process (a cache that cannot be written
    is only a notice: the entries are still returned)."""
    path = compiled_path(name, version)
    try:
        entries = marshal.loads(path.read_bytes())
        if isinstance(entries, dict):
            return entries
        log.warning("%s: not a compiled lexicon; compiling it again", path)
    except FileNotFoundError:
        pass
    except (EOFError, ValueError, TypeError) as error:
        log.warning("%s: unreadable (%s); compiling it again", path, error)
    entries = parse()
    try:
        with atomic_output(path) as tmp:
            tmp.write_bytes(marshal.dumps(entries))
    except OSError as error:
        log.warning("cannot keep the compiled %s lexicon in %s (%s)", name, path.parent, error)
    return entries
