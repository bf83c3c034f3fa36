"""Gathering: web pages, saved pages, text files and WARCs into the ``documents`` table, with
a ``fetch_log`` of every request; finding a document's counterpart among candidate pages."""

from corpus_tools.gather.crawl import DEFAULT_FOLLOW, GatherOptions, Source
from corpus_tools.gather.fetch import FetchPolicy
from corpus_tools.gather.pipeline import gather, gather_manifest, load_documents

__all__ = ["DEFAULT_FOLLOW", "FetchPolicy", "GatherOptions", "Source", "gather",
           "gather_manifest", "load_documents"]
