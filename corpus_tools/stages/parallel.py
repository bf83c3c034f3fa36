"""``parallel``: the pairwise alignments of each group → one wide row per aligned unit."""

from __future__ import annotations

import polars as pl

from corpus_tools.stages import alignments
from corpus_tools.stages.base import Output, Resources, Stage, Tables


def run(settings: alignments.AlignSettings, resources: Resources, tables: Tables) -> Output:
    from corpus_tools.align.parallel import build_parallel

    pairwise = pl.concat([t for n, t in tables.items() if n.startswith("alignments/")])
    # the alignments stage has logged the units that do not apply; their notes are kept here too
    review = alignments.reviewed(settings, tables, report=False)
    aligner = settings.aligner(resources.aligner)
    return Output({"parallel": build_parallel(pairwise, tables["sentences"], tables["documents"],
                                              list(settings.langs), aligner,
                                              fixed=review.group_units())},
                  alignments.review_notes(review))


STAGE = Stage(
    name="parallel", inputs=("documents", "sentences", "alignments/*"),
    outputs={"parallel": None},  # parallel_schema(langs): its columns depend on the languages
    parse=alignments.parse, describe=alignments.describe, run=run,
    manifest_tables=("align", "review"),
    # the alignments stage has logged the units of no group
    side_inputs=lambda settings: alignments.review_units(settings, report=False),
    scope="group", load=alignments.load_aligner,
    code=(*alignments.ALIGN_CODE, *alignments.REVIEW_CODE, "corpus_tools.stages.parallel"))
