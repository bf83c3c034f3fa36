"""``scores``: each MT system (and ``[[systems]]`` made elsewhere) against the human
translation of its group, with sacrebleu (``[score]``)."""

from __future__ import annotations

from corpus_tools.score.corpus import ScoreSettings, score_settings
from corpus_tools.stages.base import Output, Resources, Stage, Tables
from corpus_tools.tables import SCORES


def describe(settings: ScoreSettings) -> dict:
    """The metrics and their options with sacrebleu's version (what its signature records),
    and the external systems' files by hash."""
    from importlib.metadata import version

    return {**settings.signature(), "sacrebleu": version("sacrebleu")}


def run(settings: ScoreSettings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.score.corpus import score_corpus

    scores, signatures = score_corpus(tables["translations"], tables["parallel"],
                                      tables["documents"], tables["sentences"], settings)
    return Output({"scores": scores}, {"sacrebleu": signatures})


STAGE = Stage(
    name="scores", inputs=("translations", "parallel", "documents", "sentences"),
    outputs={"scores": SCORES}, parse=score_settings, describe=describe, run=run,
    manifest_tables=("score", "systems"), code=("corpus_tools.score", "corpus_tools.stages.scores"))
