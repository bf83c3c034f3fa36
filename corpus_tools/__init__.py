"""corpus-tools: build en/ru/zh parallel corpora and terminology tables.

Each stage is an importable function that takes and returns polars DataFrames; the
``corpus-tools`` command line is a thin layer over them (see ``docs/architecture.md``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("corpus-tools")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
