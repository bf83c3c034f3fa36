"""A manifest's built tables and its review file, for the `review` commands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from corpus_tools.align.beads import Bead
from corpus_tools.align.evaluate import Scores, score, within
from corpus_tools.errors import InputError
from corpus_tools.fileio import write_text_atomic
from corpus_tools.layout import CorpusLayout
from corpus_tools.manifest import Manifest, load_manifest
from corpus_tools.review import ReviewSettings, review_settings
from corpus_tools.review.decisions import VariantDecision, append_decision, read_review
from corpus_tools.review.resolve import Review, resolve
from corpus_tools.review.tei import export_tei, import_tei
from corpus_tools.tables import read_table


@dataclass(frozen=True)
class Workspace:
    manifest: Manifest
    root: Path

    @classmethod
    def open(cls, manifest_path: str | Path, root: str | Path = ".") -> Workspace:
        return cls(load_manifest(manifest_path), Path(root))

    @property
    def layout(self) -> CorpusLayout:
        return CorpusLayout.under(self.root, self.manifest.name)

    @property
    def review_settings(self) -> ReviewSettings:
        return review_settings(self.manifest)

    @property
    def review_path(self) -> Path:
        return self.review_settings.file

    def table(self, name: str) -> pl.DataFrame:
        return read_table(self.layout.path(name), stage_hint=name)

    def alignments(self) -> pl.DataFrame:
        names = self.layout.existing("alignments/*")
        if not names:
            read_table(self.layout.path("alignments/*"), stage_hint="alignments")  # raises
        return pl.concat([read_table(self.layout.path(name)) for name in names])

    def review(self) -> Review:
        return resolve(read_review(self.review_path), self.table("documents"),
                       self.table("sentences"), self.review_settings.name)


@dataclass(frozen=True)
class ReviewSummary:
    file: str
    units: int
    term_verdicts: int
    variants: int
    not_applied: list[str]

    def lines(self) -> list[str]:
        return [f"{self.file}: {self.units} units, {self.term_verdicts} term verdicts, "
                f"{self.variants} glossary variants apply; {len(self.not_applied)} do not",
                *(f"  {line}" for line in self.not_applied)]


def check_review(workspace: Workspace) -> ReviewSummary:
    """What the review file holds and which of its decisions the next build will apply."""
    decisions = read_review(workspace.review_path)
    review = workspace.review()
    return ReviewSummary(str(workspace.review_path), len(review.units), len(review.verdicts),
                         sum(isinstance(d, VariantDecision) for d in decisions),
                         list(review.problems))


def export_tei_file(workspace: Workspace, output: Path, force: bool = False) -> int:
    """Write the corpus's alignments as TEI; returns the number of links."""
    alignments = workspace.alignments()
    write_text_atomic(output, export_tei(workspace.table("documents"), alignments), force=force)
    return alignments.filter(pl.col("mode") == "parallel").height


def import_tei_file(workspace: Workspace, tei: Path) -> int:
    """Append the TEI file's manual links to the review file; returns how many."""
    decisions = import_tei(tei, workspace.table("documents"), workspace.table("sentences"),
                           workspace.alignments())
    for decision in decisions:
        append_decision(workspace.review_path, decision)
    return len(decisions)



def evaluate_against_review(workspace: Workspace, pair: str) -> Scores:
    """Score the built ``alignments/<pair>`` table against the reviewed units restricted to
    that pair (each a gold bead); only test beads that touch a reviewed sentence count."""
    table = workspace.table(f"alignments/{pair}").filter(pl.col("mode") == "parallel")
    gold = workspace.review().pair_beads()
    documents = []
    for (src_doc, tgt_doc), beads in table.sort("bead_id").group_by(
            "src_doc_id", "tgt_doc_id", maintain_order=True):
        reviewed = gold.get((src_doc, tgt_doc), [])
        if reviewed:
            test = [Bead(tuple(r["src_sent_ids"]), tuple(r["tgt_sent_ids"]), r["score"])
                    for r in beads.iter_rows(named=True)]
            documents.append((reviewed, within(test, reviewed)))
    if not documents:
        raise InputError(f"{workspace.review_path}: no reviewed unit applies to {pair}")
    return score(documents)
