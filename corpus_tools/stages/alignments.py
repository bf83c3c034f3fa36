"""``alignments``: sentences of each group's documents, pair by pair → beads, one table per
language pair (``[align]``: the encoder; ``[[pairs]]``: comparable document pairs)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from corpus_tools.errors import InputError, ManifestError
from corpus_tools.manifest import Manifest, check_keys, stage_table
from corpus_tools.review import Review, ReviewSettings, review_settings
from corpus_tools.review.decisions import UnitDecision
from corpus_tools.stages.base import Output, Resources, Stage, Tables
from corpus_tools.tables import ALIGNMENTS

if TYPE_CHECKING:
    from corpus_tools.align.aligner import Aligner

ALIGN_KEYS = {"embedding", "paragraphs"}
# paragraph ends: evidence the alignment prefers to cut at (``soft``), or walls (``hard``)
PARAGRAPHS = ("soft", "hard")


@dataclass(frozen=True)
class AlignSettings:
    embedding: str | None = None  # sentence encoder joining the model-free scorers
    comparable: tuple[tuple[str, str], ...] = ()  # manifest ids of comparable document pairs
    review: ReviewSettings | None = None  # reviewed units are fixed beads (docs/review.md)
    langs: tuple[str, ...] = ()  # the corpus's languages: the parallel view's columns
    paragraphs: str = "soft"  # one of PARAGRAPHS

    def aligner(self, aligner: Aligner) -> Aligner:
        """``aligner`` with paragraph ends as walls where ``paragraphs = "hard"``."""
        if self.paragraphs == "hard":
            return dataclasses.replace(aligner, paragraph_cost=math.inf)
        return aligner


def parse(manifest: Manifest) -> AlignSettings:
    raw = stage_table(manifest, "align")
    check_keys(raw, ALIGN_KEYS, manifest.path, "[align]")
    model = raw.get("embedding")
    if model is not None and not (isinstance(model, str) and model):
        raise ManifestError(f"{manifest.path}: [align] embedding must be a model name")
    if model is not None:
        from corpus_tools.align.scorers.embedding import resolve_model

        try:
            resolve_model(model)
        except InputError as error:  # a misspelt packaged encoder
            raise ManifestError(f"{manifest.path}: [align] {error}") from None
    paragraphs = raw.get("paragraphs", "soft")
    if paragraphs not in PARAGRAPHS:
        raise ManifestError(f"{manifest.path}: [align] paragraphs must be "
                            f"{' or '.join(map(repr, PARAGRAPHS))}, not {paragraphs!r}")
    comparable = tuple(p.docs for p in manifest.pairs if p.mode == "comparable")
    return AlignSettings(model, comparable, review_settings(manifest),
                         tuple(sorted({d.lang for d in manifest.documents})), paragraphs)


def describe(settings: AlignSettings) -> dict:
    """The aligner's scorers, weights, penalties, bead sizes and calibration, the
    dictionaries installed (with what identifies their version) and the encoder's revision,
    so that installing a dictionary or an encoder re-aligns."""
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.align.scorers import MODEL_FREE
    from corpus_tools.align.scorers.lexicon import installed_dictionaries
    from corpus_tools.models import encoder_revision

    aligner = {f.name: getattr(Aligner, f.name, None) for f in dataclasses.fields(Aligner)
               if f.name != "scorers" and f.default is not dataclasses.MISSING}
    defaults = settings.aligner(Aligner(scorers=[]))
    aligner |= {"weights": defaults.weights, "calibration": defaults.calibration.coef,
                "paragraph_cost": defaults.paragraph_cost}
    revision = encoder_revision(settings.embedding) if settings.embedding else None
    scorers = list(MODEL_FREE) + ([f"embedding({settings.embedding})"] if revision else [])
    return {"aligner": aligner, "scorers": scorers, "dictionaries": installed_dictionaries(),
            "embedding": {"model": settings.embedding, "revision": revision}
            if settings.embedding else None,
            "comparable": [list(pair) for pair in settings.comparable],
            **(settings.review.describe() if settings.review else {})}


def run(settings: AlignSettings, resources: Resources, tables: Tables) -> Output:
    """Each language pair aligned with the corpus's learnt lexicon (the ``learnt_lexicon``
    stage), so that a group aligns alone as it would among the whole corpus; without that
    table, with a lexicon learnt from the documents given."""
    from corpus_tools.align.corpus import align_documents
    from corpus_tools.align.learnt import lexicons_of

    aligner = settings.aligner(resources.aligner)
    review = reviewed(settings, tables, report=True)
    learnt = lexicons_of(tables["learnt_lexicon"]) if "learnt_lexicon" in tables else None
    by_pair = align_documents(tables["documents"], tables["sentences"], aligner,
                              review.pair_beads(), learnt)
    present = set(tables["documents"]["name"])  # a group's slice: the pairs it holds
    comparable = [pair for pair in settings.comparable if present.issuperset(pair)]
    if comparable:
        from corpus_tools.align.comparable import align_comparable_documents

        found = align_comparable_documents(tables["documents"], tables["sentences"],
                                           comparable, aligner.scorers)
        for pair, table in found.items():
            by_pair[pair] = pl.concat([by_pair[pair], table]) if pair in by_pair else table
    return Output({f"alignments/{pair}": table for pair, table in by_pair.items()},
                  review_notes(review))


def load_aligner(settings: AlignSettings, resources: Resources) -> None:
    """The aligner's dictionaries and the ``[align]`` encoder, loaded before a worker's
    first group (the encoder runs on the CPU)."""
    settings.aligner(resources.aligner)


def reviewed(settings: AlignSettings, tables: Tables, report: bool) -> Review:
    """The reviewed units that apply to these tables (a group's slice: its own group's);
    those that do not are logged if ``report``."""
    if settings.review is None:
        return Review()
    return settings.review.load(tables, report)


def review_units(settings: AlignSettings, report: bool = True) -> Tables:
    """The review file's units, by group: a group's fingerprint changes with its own; those
    of no group are logged if ``report``."""
    return settings.review.table(UnitDecision, report=report) if settings.review else {}


def review_notes(review: Review) -> dict:
    return {"review_not_applied": list(review.problems)} if review.problems else {}


# align.lines cuts a segmented document's lines (segment.rules) and finds line ends (textfile)
ALIGN_CODE = ("corpus_tools.align", "corpus_tools.lang", "corpus_tools.morphology",
              "corpus_tools.segment.rules", "corpus_tools.textfile")
REVIEW_CODE = ("corpus_tools.review.decisions", "corpus_tools.review.resolve")

STAGE = Stage(
    name="alignments", inputs=("documents", "sentences", "learnt_lexicon"),
    outputs={"alignments/*": ALIGNMENTS}, parse=parse, describe=describe, run=run,
    manifest_tables=("align", "review"), scope="group", whole=("learnt_lexicon",),
    links=lambda settings: settings.comparable, side_inputs=review_units, load=load_aligner,
    code=(*ALIGN_CODE, *REVIEW_CODE, "corpus_tools.stages.alignments"))
