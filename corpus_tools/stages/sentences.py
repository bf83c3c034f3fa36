"""``sentences``: documents → one row per sentence (stanza where installed, else the rules)."""

from __future__ import annotations

from dataclasses import dataclass

from corpus_tools.manifest import Manifest
from corpus_tools.stages.base import Output, Resources, Stage, Tables
from corpus_tools.tables import SENTENCES


@dataclass(frozen=True)
class SentencesSettings:
    langs: tuple[str, ...]  # the corpus's languages


def parse(manifest: Manifest) -> SentencesSettings:
    return SentencesSettings(tuple(sorted({entry.lang for entry in manifest.documents})))


def describe(settings: SentencesSettings) -> dict:
    """The backend and its version per language, so that installing a stanza model
    re-segments."""
    from corpus_tools.segment import get_segmenter

    return {"segmenter": {lang: get_segmenter("auto", lang).name for lang in settings.langs}}


def run(settings: SentencesSettings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.segment import get_segmenter, segment_documents

    return Output({"sentences": segment_documents(tables["documents"], get_segmenter("auto"))})


STAGE = Stage(
    name="sentences", inputs=("documents",), outputs={"sentences": SENTENCES}, parse=parse,
    describe=describe, run=run, scope="group",
    code=("corpus_tools.segment", "corpus_tools.lang", "corpus_tools.stages.sentences"))
