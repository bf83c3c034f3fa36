"""The stages of ``build``, in the order they run; one module each (see :mod:`.base`).

Adding a stage: a module declaring ``STAGE`` and one entry in :data:`STAGES`.
"""

from __future__ import annotations

from corpus_tools.stages import (
    alignments,
    documents,
    index,
    lexicon,
    parallel,
    scores,
    sentences,
    terms,
    translations,
)
from corpus_tools.stages.base import Output, Resources, Signature, Stage, Tables

__all__ = ["STAGES", "Output", "Resources", "Signature", "Stage", "Tables", "stage_tables"]

STAGES: tuple[Stage, ...] = (
    documents.STAGE,
    sentences.STAGE,
    lexicon.STAGE,
    alignments.STAGE,
    parallel.STAGE,
    translations.STAGE,
    scores.STAGE,
    terms.STAGE,
    index.STAGE,
)


def stage_tables() -> set[str]:
    """The top-level manifest tables some stage reads (``[align]``, ``[[systems]]`` …)."""
    return {table for stage in STAGES for table in stage.manifest_tables}
