"""Gathering: turn manifest entries (local files now; URLs with the gathering stage) into the
``documents`` table."""

from corpus_tools.gather.local import load_documents

__all__ = ["load_documents"]
