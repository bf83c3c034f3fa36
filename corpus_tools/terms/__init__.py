"""Terminology: how each concept of a glossary is rendered, by whom, where and when.

The pieces: :mod:`~corpus_tools.terms.glossary` (the TOML glossary),
:mod:`~corpus_tools.terms.matching` (one matcher per kind of language),
:mod:`~corpus_tools.terms.tables` (terms, concordance, renderings, fidelity),
:mod:`~corpus_tools.terms.discovery` (candidate renderings for a concept) and
:mod:`~corpus_tools.terms.views` (what the ``terms`` command prints).

A manifest may choose the glossary and the source language of rendering tables:

```toml
[terms]
glossary = "my-glossary.toml"   # relative to the manifest; default: the shipped glossary
source_lang = "zh"              # source side of units in groups without an original
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus_tools.errors import ManifestError
from corpus_tools.lang import is_language_code
from corpus_tools.manifest import Manifest, check_keys, stage_table
from corpus_tools.terms.glossary import DEFAULT_GLOSSARY, Glossary, load_glossary

__all__ = ["DEFAULT_GLOSSARY", "Glossary", "TermsSettings", "load_glossary", "terms_settings"]

SETTING_KEYS = {"glossary", "source_lang"}


@dataclass(frozen=True)
class TermsSettings:
    glossary: Path = DEFAULT_GLOSSARY
    glossary_name: str = "shipped"  # as the manifest names it (what provenance records)
    source_lang: str = "zh"


def terms_settings(manifest: Manifest) -> TermsSettings:
    """The ``[terms]`` table of a manifest, with defaults and the glossary path resolved."""
    raw = stage_table(manifest, "terms")
    label = f"{manifest.path}: [terms]"
    check_keys(raw, SETTING_KEYS, manifest.path, "[terms]")
    glossary, name = DEFAULT_GLOSSARY, "shipped"
    if "glossary" in raw:
        glossary = (manifest.base / str(raw["glossary"])).resolve()
        if not glossary.is_file():
            raise ManifestError(f"{label}: missing glossary {glossary}")
        name = manifest.relative(glossary)
    source_lang = raw.get("source_lang", "zh")
    if not isinstance(source_lang, str) or not is_language_code(source_lang):
        raise ManifestError(f"{label}: source_lang {source_lang!r} is not an ISO 639-1 code")
    return TermsSettings(glossary, name, source_lang)
