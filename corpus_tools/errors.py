"""Exceptions for errors a user can act on.

The CLI catches :class:`CorpusToolsError` once and prints its message as one line with a
non-zero exit; anything else is a bug and keeps its traceback.
"""


class CorpusToolsError(Exception):
    """Base class: the message names the file, URL or entry at fault and is one line."""


class InputError(CorpusToolsError):
    """An input file or argument cannot be used (missing, bad encoding, wrong shape)."""


class ManifestError(CorpusToolsError):
    """A corpus manifest is invalid; the message names the entry."""


class OutputExistsError(CorpusToolsError):
    """An output exists and ``--force`` was not given."""


class ModelMissingError(CorpusToolsError):
    """A model is not available locally; the message says how to get it."""

    def __init__(self, model: str, purpose: str, how: str | None = None) -> None:
        self.model = model
        how = how or f"corpus-tools models download {model}"
        super().__init__(f"{purpose}: model {model} is not available offline; on a networked "
                         f"machine run `{how}`")


class TableMissingError(CorpusToolsError):
    """A stage needs a table that has not been built yet."""
