"""``index``: every token of the human sentences and stored MT output, with its lemma → the
``tokens`` table that ``corpus-tools query`` searches."""

from __future__ import annotations

from dataclasses import dataclass

from corpus_tools.manifest import Manifest
from corpus_tools.stages.base import Output, Resources, Stage, Tables
from corpus_tools.tables import TOKENS


@dataclass(frozen=True)
class IndexSettings:
    """No manifest settings: the tokenizers are chosen per language."""


def parse(manifest: Manifest) -> IndexSettings:
    return IndexSettings()


def describe(settings: IndexSettings) -> dict:
    """The tokenizers' and lemmatisers' versions, so that upgrading one re-indexes."""
    from corpus_tools.query.tokenize import tokenizer_versions

    return {"tokenizers": tokenizer_versions()}


def run(settings: IndexSettings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.query.index import build_index

    return Output({"tokens": build_index(tables["documents"], tables["sentences"],
                                         tables.get("translations"))})


STAGE = Stage(
    name="index", inputs=("documents", "sentences"), optional=("translations",),
    outputs={"tokens": TOKENS}, parse=parse, describe=describe, run=run, scope="group",
    code=("corpus_tools.query.index", "corpus_tools.query.tokenize", "corpus_tools.morphology",
          "corpus_tools.terms.matching.english", "corpus_tools.stages.index"))
