"""``match-docs``: find a document's counterpart in another language among candidate pages, by
document similarity, with a confidence; below the threshold (or too close to the runner-up)
it refuses to guess."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.fileio import read_text
from corpus_tools.gather.similarity import confidence, features, fingerprint


@dataclass(frozen=True)
class Match:
    doc_id: str
    name: str
    candidate_id: str | None  # doc_id of the best candidate
    candidate: str | None  # its URL or path
    confidence: float
    runner_up: float  # the second-best candidate's confidence
    features: dict = field(default_factory=dict)
    accepted: bool = False
    reason: str = ""


def read_lexicon(path: str | Path) -> list[tuple[str, str]]:
    """A two-column TSV of translation pairs (either language first)."""
    pairs = []
    for number, row in enumerate(csv.reader(read_text(path).splitlines(), delimiter="\t"), 1):
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError(f"{path}: line {number}: expected two tab-separated terms")
        pairs.append((row[0].strip().lower(), row[1].strip().lower()))
    return pairs


def match_documents(documents: pl.DataFrame, candidates: pl.DataFrame, *,
                    threshold: float = 0.5, margin: float = 0.1,
                    lexicon: list[tuple[str, str]] | None = None) -> list[Match]:
    """For each document, its best candidate. A candidate goes to one document at most (the
    most confident); a match is accepted when its confidence reaches ``threshold`` and beats
    the runner-up by ``margin``."""
    cand_rows = candidates.to_dicts()
    cand_prints = [fingerprint(c["text"]) for c in cand_rows]
    proposals: list[Match] = []
    for doc in documents.to_dicts():
        doc_print = fingerprint(doc["text"])
        scored = sorted(((confidence(f), i, f) for i, f in enumerate(
            features(doc_print, cp, lexicon or ()) for cp in cand_prints)), reverse=True)
        if not scored:
            proposals.append(Match(doc["doc_id"], doc["name"], None, None, 0.0, 0.0,
                                   reason="no candidates"))
            continue
        best, index, values = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        chosen = cand_rows[index]
        reason = ("" if best >= threshold and best - runner_up >= margin else
                  f"below the threshold {threshold:g}" if best < threshold else
                  f"within {margin:g} of the runner-up")
        proposals.append(Match(doc["doc_id"], doc["name"], chosen["doc_id"],
                               chosen["url"] or chosen["path"], round(best, 4),
                               round(runner_up, 4),
                               {k: None if v is None else round(v, 4) for k, v in values.items()},
                               accepted=not reason, reason=reason))
    return _one_document_per_candidate(proposals)


def _one_document_per_candidate(proposals: list[Match]) -> list[Match]:
    taken: set[str] = set()
    decided: dict[str, Match] = {}
    for match in sorted(proposals, key=lambda m: -m.confidence):
        if match.accepted and match.candidate_id in taken:
            match = Match(**{**match.__dict__, "accepted": False,
                             "reason": "its best candidate matched a closer document"})
        if match.accepted and match.candidate_id:
            taken.add(match.candidate_id)
        decided[match.doc_id] = match
    return [decided[m.doc_id] for m in proposals]


def counterpart_rows(matches: list[Match], documents: pl.DataFrame,
                     candidates: pl.DataFrame) -> pl.DataFrame:
    """Accepted candidates as ``documents`` rows in the group of the document they match."""
    groups = dict(zip(documents["doc_id"], documents["group_id"], strict=True))
    chosen = {m.candidate_id: groups[m.doc_id] for m in matches if m.accepted}
    rows = candidates.filter(pl.col("doc_id").is_in(list(chosen)))
    return rows.with_columns(pl.col("doc_id").replace_strict(chosen, default=None)
                             .alias("group_id"))
