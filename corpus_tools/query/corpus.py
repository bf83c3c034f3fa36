"""A built corpus as a query sees it: the token index plus the tables a hit is reported with."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.layout import CorpusLayout
from corpus_tools.query.evaluate import find_hits
from corpus_tools.query.parser import parse_query
from corpus_tools.tables import read_table
from corpus_tools.terms.tables import AlignedUnits


@dataclass
class QueryCorpus:
    """``corpora/<name>/``: tables are read when first needed."""

    path: Path

    @classmethod
    def open(cls, path: Path) -> QueryCorpus:
        if not path.is_dir():
            raise InputError(f"{path}: no such corpus directory (expected corpora/<name>/)")
        return cls(path)

    @cached_property
    def layout(self) -> CorpusLayout:
        return CorpusLayout.of_corpus_dir(self.path)

    def _optional(self, name: str) -> pl.DataFrame | None:
        return read_table(self.layout.path(name)) if self.layout.existing(name) else None

    @cached_property
    def tokens(self) -> pl.DataFrame:
        return read_table(self.layout.path("tokens"), "index")

    @cached_property
    def documents(self) -> pl.DataFrame:
        return read_table(self.layout.path("documents"), "documents").drop("text")

    @cached_property
    def sentences(self) -> pl.DataFrame:
        return read_table(self.layout.path("sentences"), "sentences")

    @cached_property
    def translations(self) -> pl.DataFrame | None:
        return self._optional("translations")

    @cached_property
    def units(self) -> AlignedUnits:
        return AlignedUnits(self._optional("parallel"))

    def hits(self, query: str, langs: tuple[str, ...] = ()) -> pl.DataFrame:
        """The hits of ``query`` (one row per hit; see :data:`~.evaluate.HITS`)."""
        parsed = parse_query(query)
        units = self.units.by_sentence if parsed.aligned else None
        return find_hits(self.tokens, parsed, langs, units)
