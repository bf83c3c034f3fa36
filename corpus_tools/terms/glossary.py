"""Glossaries (TOML): concepts and their attested renderings per language.

```toml
[[concept]]
id = "shared-future"                      # unique; lowercase letters, digits, - . _
description = "命运共同体: a community bound by a common fate"
broader = "…"                             # optional: the id of a more general concept
[concept.variants]                        # per ISO 639-1 code, a list of renderings
en = [
  { text = "community with a shared future", tag = "official", note = "Xinhua, MFA" },
  { text = "community of common destiny", tag = "literal", note = "early 2010s commentary" },
]
ru = [{ text = "сообщество единой судьбы", tag = "official", note = "Синьхуа" }]
zh = [{ text = "命运共同体", tag = "official" }]
```
A variant's tag is one of ``TAGS``; its note says where the rendering is attested.
"""

from __future__ import annotations

import difflib
import logging
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.fileio import read_text
from corpus_tools.lang import is_language_code

log = logging.getLogger(__name__)

TAGS = ("official", "common", "literal", "other")
CONCEPT_KEYS = {"id", "description", "broader", "note", "variants"}
VARIANT_KEYS = {"text", "tag", "note", "query"}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
DEFAULT_GLOSSARY = Path(__file__).resolve().parents[1] / "data" / "glossary.toml"

_CONCEPT_HEADER = re.compile(r"^\s*\[\[\s*concept\s*\]\]")
_ID_LINE = re.compile(r"^\s*id\s*=")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class Variant:
    lang: str
    text: str
    tag: str  # official | common | literal | other
    note: str = ""  # where the rendering is attested
    query: str = ""  # a CQP query that finds the variant instead of its text (docs/query.md)


@dataclass(frozen=True)
class Concept:
    id: str
    description: str
    variants: tuple[Variant, ...]
    broader: str | None = None

    def in_lang(self, lang: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.lang == lang)

    @property
    def variant_counts(self) -> dict[str, int]:
        """Variants per language, languages in alphabetical order."""
        return {lang: len(self.in_lang(lang)) for lang in sorted({v.lang for v in self.variants})}


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]
    path: Path | None = None

    @cached_property
    def by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}

    def __getitem__(self, concept_id: str) -> Concept:
        try:
            return self.by_id[concept_id]
        except KeyError:
            raise unknown_concept(concept_id, list(self.by_id), str(self.path or "glossary")
                                  ) from None

    def __contains__(self, concept_id: str) -> bool:
        return concept_id in self.by_id

    @property
    def langs(self) -> list[str]:
        return sorted({v.lang for c in self.concepts for v in c.variants})

    def family(self, concept_id: str) -> set[str]:
        """The concept, the concepts it is narrower than, and those narrower than it.

        A target side that renders 人类命运共同体 only as "community with a shared future"
        rendered the family, not nothing.
        """
        family = {concept_id}
        concept: Concept | None = self[concept_id]
        while concept is not None and concept.broader and concept.broader not in family:
            family.add(concept.broader)
            concept = self.by_id.get(concept.broader)
        changed = True
        while changed:
            narrower = {c.id for c in self.concepts if c.broader in family} - family
            family |= narrower
            changed = bool(narrower)
        return family

    def select(self, concept_ids: list[str] | tuple[str, ...]) -> Glossary:
        """A glossary with only ``concept_ids`` (each must exist)."""
        wanted = {self[c].id for c in concept_ids}
        return Glossary(tuple(c for c in self.concepts if c.id in wanted), self.path)


def unknown_concept(concept_id: str, known: list[str], where: str) -> InputError:
    """The error for a concept id ``where`` does not have, with the nearest ids."""
    close = difflib.get_close_matches(concept_id, known, n=3, cutoff=0.6)
    hint = (f"did you mean {' or '.join(map(repr, close))}?" if close else
            "`corpus-tools terms concepts` lists them")
    return InputError(f"{where}: no concept {concept_id!r}; {hint}")


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Read a glossary; ``None`` is the default glossary shipped with corpus-tools."""
    path = Path(path) if path is not None else DEFAULT_GLOSSARY
    return parse_glossary(read_text(path), path)


def parse_glossary(text: str, path: Path) -> Glossary:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        found = _TOML_POSITION.search(message)
        line = f":{found.group(1)}" if found else ""
        raise InputError(f"{path}{line}: invalid TOML: {_TOML_POSITION.sub('', message)}"
                         ) from None
    unknown = sorted(set(data) - {"concept", "description"})
    if unknown:
        raise InputError(f"{path}: unknown top-level keys {unknown} (concepts go in [[concept]])")
    raw_concepts = data.get("concept", [])
    if not isinstance(raw_concepts, list):
        raise InputError(f"{path}: 'concept' must be an array of tables ([[concept]])")
    lines = _concept_lines(text)
    concepts: list[Concept] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(raw_concepts):
        line = lines[number] if number < len(lines) else 0
        concept = _parse_concept(raw, f"{path}:{line}")
        if concept.id in first_line:
            raise InputError(f"{path}:{line}: duplicate concept id {concept.id!r} (first at line "
                             f"{first_line[concept.id]})")
        first_line[concept.id] = line
        if not concept.variants:
            log.warning("%s:%d: concept %r has no variants in any language", path, line,
                        concept.id)
        concepts.append(concept)
    for concept in concepts:
        if concept.broader is not None and concept.broader not in first_line:
            raise InputError(f"{path}:{first_line[concept.id]}: concept {concept.id!r}: broader "
                             f"concept {concept.broader!r} is not in the glossary")
    return Glossary(tuple(concepts), path)


def _concept_lines(text: str) -> list[int]:
    """Per [[concept]], the line of its ``id`` (else of its header): tomllib keeps no
    positions, but the n-th header is the n-th concept."""
    lines: list[int] = []
    in_header = False
    for number, line in enumerate(text.splitlines(), 1):
        if _CONCEPT_HEADER.match(line):
            lines.append(number)
            in_header = True
        elif in_header and _ID_LINE.match(line):
            lines[-1] = number
            in_header = False
        elif line.lstrip().startswith("["):
            in_header = False
    return lines


def _parse_concept(raw: object, where: str) -> Concept:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: [[concept]] must be a table")
    concept_id = raw.get("id")
    if not isinstance(concept_id, str) or not ID_PATTERN.match(concept_id):
        raise InputError(f"{where}: concept 'id' must be a lowercase identifier, got "
                         f"{concept_id!r}")
    where = f"{where}: concept {concept_id!r}"
    unknown = sorted(set(raw) - CONCEPT_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown keys {unknown} (variants go in [concept.variants])")
    by_lang = raw.get("variants", {})
    if not isinstance(by_lang, dict):
        raise InputError(f"{where}: 'variants' must be a table of languages")
    variants: list[Variant] = []
    for lang in sorted(by_lang):
        if not is_language_code(lang):
            raise InputError(f"{where}: variants: unknown language {lang!r} (use an ISO 639-1 "
                             "code)")
        entries = by_lang[lang]
        if not isinstance(entries, list):
            raise InputError(f"{where}: '{lang}' must be a list of variants")
        variants += [_parse_variant(entry, lang, where) for entry in entries]
    broader = raw.get("broader")
    if broader is not None and not isinstance(broader, str):
        raise InputError(f"{where}: 'broader' must be a concept id")
    return Concept(concept_id, str(raw.get("description", "")), tuple(variants), broader)


def _parse_variant(entry: object, lang: str, where: str) -> Variant:
    if isinstance(entry, str):  # a bare string is an untagged variant
        entry = {"text": entry, "tag": "other"}
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        raise InputError(f"{where}: {lang} variant {entry!r} needs a 'text'")
    text = " ".join(entry["text"].split())
    if not text:
        raise InputError(f"{where}: {lang} variant with empty text")
    unknown = sorted(set(entry) - VARIANT_KEYS)
    if unknown:
        raise InputError(f"{where}: {lang} variant {text!r}: unknown keys {unknown}")
    tag = entry.get("tag", "other")
    if tag not in TAGS:
        raise InputError(f"{where}: {lang} variant {text!r}: tag {tag!r} is not one of "
                         f"{', '.join(TAGS)}")
    query = entry.get("query", "")
    if query:
        _check_query(query, f"{where}: {lang} variant {text!r}")
    return Variant(lang, text, tag, str(entry.get("note", "")), query)


def _check_query(query: object, where: str) -> None:
    """A variant's query parses and stays within one sentence of one language."""
    from corpus_tools.errors import CorpusToolsError
    from corpus_tools.query.parser import parse_query

    if not isinstance(query, str):
        raise InputError(f"{where}: 'query' must be a string")
    try:
        parsed = parse_query(query)
    except CorpusToolsError as err:
        raise InputError(f"{where}: {err}") from None
    if parsed.aligned:
        raise InputError(f"{where}: a variant's query cannot constrain an aligned side")
