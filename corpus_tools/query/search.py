"""One query from start to finish: what the ``query`` command asks for and gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from corpus_tools.query.collocates import collocates
from corpus_tools.query.concordance import check_count_keys, concordance, count_by
from corpus_tools.query.corpus import QueryCorpus


@dataclass(frozen=True)
class Search:
    query: str
    langs: tuple[str, ...] = ()
    count: tuple[str, ...] = ()  # --count BY: frequency table instead of a concordance
    collocates: bool = False  # collocates instead of a concordance
    window: int = 5
    measure: str = "logdice"
    top: int = 20
    min_count: int = 2
    width: int = 60  # KWIC context, characters per side


@dataclass(frozen=True)
class SearchResult:
    view: str  # concordance | count | collocates
    table: pl.DataFrame
    summary: dict = field(default_factory=dict)  # hits, sentences, documents, per language

    @property
    def empty_note(self) -> str:
        return "" if self.summary["hits"] else f"no hits for {self.summary['query']}"


def search(corpus_dir: Path, request: Search) -> SearchResult:
    """Run ``request`` over the index of ``corpus_dir`` (corpora/<name>/)."""
    corpus = QueryCorpus.open(corpus_dir)
    if request.count:
        check_count_keys(request.count, corpus.documents)
    hits = corpus.hits(request.query, request.langs)
    summary = {
        "query": request.query, "hits": hits.height,
        "sentences": hits.select("doc_id", "sent_id", "system").n_unique() if hits.height else 0,
        "documents": hits["doc_id"].n_unique(),
        "by_lang": dict(sorted(hits.group_by("lang").len().iter_rows())),
    }
    if request.collocates:
        table = collocates(corpus.tokens, hits, request.window, request.measure, request.top,
                           request.min_count)
        return SearchResult("collocates", table, summary)
    kwic = concordance(corpus, hits, request.width)
    if request.count:
        return SearchResult("count", count_by(kwic, request.count, corpus.documents), summary)
    return SearchResult("concordance", kwic, summary)
