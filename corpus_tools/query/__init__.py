"""CQP-style queries over a built corpus (see docs/query.md).

- :mod:`~corpus_tools.query.tokenize`: tokens and lemmas per language (pymorphy3, jieba);
- :mod:`~corpus_tools.query.index`: the ``tokens`` table, built once by the ``index`` stage;
- :mod:`~corpus_tools.query.parser`: the query language;
- :mod:`~corpus_tools.query.evaluate`: hits of a query in the index;
- :mod:`~corpus_tools.query.concordance`, :mod:`~corpus_tools.query.collocates`: what is
  reported about the hits; :mod:`~corpus_tools.query.output`: formats;
- :mod:`~corpus_tools.query.search`: one request from start to finish.
"""

from corpus_tools.query.index import build_index
from corpus_tools.query.parser import QuerySyntaxError, QueryUsageError, parse_query
from corpus_tools.query.search import Search, SearchResult, search

__all__ = ["QuerySyntaxError", "QueryUsageError", "Search", "SearchResult", "build_index",
           "parse_query", "search"]
