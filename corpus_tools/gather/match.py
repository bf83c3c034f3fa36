"""``match-docs``: find a document's counterparts among candidate pages, by document similarity,
with a confidence: the best candidate in each language, judged against the runner-up in that
same language (so an English version scoring higher never pushes out the Chinese original);
below the threshold (or too close to the runner-up) it refuses to guess and says why."""

from __future__ import annotations

import csv
import dataclasses
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.fileio import read_text
from corpus_tools.gather.similarity import Fingerprint, confidence, features, fingerprint

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Match:
    doc_id: str
    name: str
    candidate_id: str | None  # doc_id of the best candidate
    candidate: str | None  # its URL or path
    confidence: float
    runner_up: float  # the second-best candidate's confidence, in the same language
    features: dict = field(default_factory=dict)
    accepted: bool = False
    reason: str = ""
    lang: str | None = None  # the candidates' language


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
    """For each document and each other language among the candidates, its best candidate. A
    candidate goes to one document at most (the most confident); a match is accepted when its
    confidence reaches ``threshold`` and beats the runner-up in its language by ``margin``."""
    by_lang: dict[str | None, list[tuple[dict, Fingerprint]]] = defaultdict(list)
    for row in candidates.to_dicts():
        by_lang[row["lang"]].append((row, fingerprint(row["text"])))
    proposals: list[Match] = []
    for doc in documents.to_dicts():
        doc_print = fingerprint(doc["text"])
        langs = sorted((lang for lang in by_lang if lang != doc["lang"]), key=str)
        if not langs:
            proposals.append(Match(doc["doc_id"], doc["name"], None, None, 0.0, 0.0,
                                   reason="no candidates in another language"))
        for lang in langs:
            proposals.append(_best(doc, doc_print, lang, by_lang[lang], threshold, margin,
                                   lexicon or ()))
    decided = _one_document_per_candidate(proposals)
    for match in decided:
        if not match.accepted:
            log.info("%s: no %s counterpart: %s (best %s at %.2f, runner-up %.2f)", match.name,
                     match.lang or "", match.reason, match.candidate or "-", match.confidence,
                     match.runner_up)
    return decided


def _best(doc: dict, doc_print: Fingerprint, lang: str | None,
          pool: list[tuple[dict, Fingerprint]], threshold: float, margin: float,
          lexicon: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> Match:
    scored = sorted(((confidence(f), i, f) for i, f in enumerate(
        features(doc_print, cp, lexicon) for _, cp in pool)), key=lambda s: (-s[0], s[1]))
    best, index, values = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    chosen = pool[index][0]
    reason = ("" if best >= threshold and best - runner_up >= margin else
              f"below the threshold {threshold:g}" if best < threshold else
              f"within {margin:g} of the runner-up")
    return Match(doc["doc_id"], doc["name"], chosen["doc_id"], chosen["url"] or chosen["path"],
                 round(best, 4), round(runner_up, 4),
                 {k: None if v is None else round(v, 4) for k, v in values.items()},
                 accepted=not reason, reason=reason, lang=lang)


def _one_document_per_candidate(proposals: list[Match]) -> list[Match]:
    taken: set[str] = set()
    decided: dict[tuple[str, str | None], Match] = {}
    for match in sorted(proposals, key=lambda m: -m.confidence):
        if match.accepted and match.candidate_id in taken:
            match = dataclasses.replace(match, accepted=False,
                                        reason="its best candidate matched a closer document")
        if match.accepted and match.candidate_id:
            taken.add(match.candidate_id)
        decided[match.doc_id, match.lang] = match
    return [decided[m.doc_id, m.lang] for m in proposals]


def counterpart_rows(matches: list[Match], documents: pl.DataFrame,
                     candidates: pl.DataFrame) -> pl.DataFrame:
    """Accepted candidates as ``documents`` rows in the group of the document they match,
    found by ``match`` with its confidence and runner-up."""
    groups = dict(zip(documents["doc_id"], documents["group_id"], strict=True))
    accepted = {m.candidate_id: m for m in matches if m.accepted}
    rows = candidates.filter(pl.col("doc_id").is_in(list(accepted)))
    column = pl.col("doc_id")
    return rows.with_columns(
        column.replace_strict({k: groups[m.doc_id] for k, m in accepted.items()},
                              default=None).alias("group_id"),
        pl.lit("match").alias("found_by"),
        column.replace_strict({k: m.confidence for k, m in accepted.items()}, default=None,
                              return_dtype=pl.Float64).alias("match_confidence"),
        column.replace_strict({k: m.runner_up for k, m in accepted.items()}, default=None,
                              return_dtype=pl.Float64).alias("match_runner_up"))
