"""``learnt_lexicon``: the corpus's bootstrap lexicon, learnt from the first pass of every
group (spread over the build's executor) and pooled (:mod:`corpus_tools.align.learnt`); read
whole by the alignments of every group. Kept: learnt again only when missing, on
``build --relearn`` or when the aligner's signature changes, so that a new or edited
document costs its own group's work."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from corpus_tools.stages import alignments
from corpus_tools.stages.base import Output, Resources, Stage, Tables
from corpus_tools.tables import LEARNT_LEXICON


def run(settings: alignments.AlignSettings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.align.learnt import learn_corpus_lexicons, lexicon_table
    from corpus_tools.groups import slices_by_group

    slices = slices_by_group({"documents": tables["documents"],
                              "sentences": tables["sentences"]}, tables["documents"])
    evidence = dict(resources.executor.map(
        partial(worker_resources, resources.cache_dir, resources.embedding),
        partial(_group_evidence, settings), slices))
    lexicons = learn_corpus_lexicons((evidence[group] for group in sorted(evidence)),
                                     Aligner(scorers=[]))  # pooling needs no scorer loaded
    return Output({"learnt_lexicon": lexicon_table(lexicons)})


def worker_resources(cache_dir: Path, embedding: str | None) -> Resources:
    """A worker's resources, from the values the build's own were made of."""
    return Resources(cache_dir, embedding)


def _group_evidence(settings: alignments.AlignSettings, resources: Resources, tables: Tables
                    ) -> dict:
    from corpus_tools.align.corpus import learning_evidence

    return learning_evidence(tables["documents"], tables["sentences"],
                             settings.aligner(resources.aligner))


STAGE = Stage(
    name="learnt_lexicon", inputs=("documents", "sentences"),
    outputs={"learnt_lexicon": LEARNT_LEXICON}, parse=alignments.parse,
    describe=alignments.describe, run=run, manifest_tables=("align",), kept=True,
    code=(*alignments.ALIGN_CODE, "corpus_tools.stages.lexicon"))
