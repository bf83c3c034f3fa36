"""Decisions resolved against a built corpus: sentence ids become (doc_id, sentence) pairs.

A decision that cannot be applied — a sentence missing, a text that no longer matches the
hash recorded with it, a unit whose sentences are not consecutive, units that cross — is
reported (one line each, in :attr:`Review.problems`) and left out. Later decisions win: a
unit replaces earlier units sharing a sentence with it; a verdict replaces an earlier one on
the same sentence, concept and system.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

import polars as pl

from corpus_tools.align.beads import Bead
from corpus_tools.review.decisions import (
    Decision,
    TermDecision,
    UnitDecision,
    VariantDecision,
    parse_sentence_id,
    text_hash,
)
from corpus_tools.terms.glossary import Glossary, Variant

Side = tuple[str, tuple[int, ...]]  # (doc_id, sentence ids)
VerdictKey = tuple[str, int, str, str | None]  # (doc_id, sent_id, concept_id, MT system)


@dataclass(frozen=True)
class ReviewedUnit:
    group: str
    sides: dict[str, Side]  # language → its document's sentences (empty: none there)
    status: str


@dataclass(frozen=True)
class Review:
    units: tuple[ReviewedUnit, ...] = ()
    verdicts: dict[VerdictKey, str] = field(default_factory=dict)
    variants: tuple[VariantDecision, ...] = ()
    problems: tuple[str, ...] = ()  # decisions not applied, one line each

    def pair_beads(self) -> dict[tuple[str, str], list[Bead]]:
        """Per (source doc_id, target doc_id), both ways round: the units restricted to that
        pair, as beads to keep."""
        beads: dict[tuple[str, str], list[Bead]] = {}
        for unit in self.units:
            for (doc_a, ids_a), (doc_b, ids_b) in combinations(unit.sides.values(), 2):
                if ids_a or ids_b:
                    beads.setdefault((doc_a, doc_b), []).append(Bead(ids_a, ids_b, 1.0))
                    beads.setdefault((doc_b, doc_a), []).append(Bead(ids_b, ids_a, 1.0))
        return {pair: sorted(found, key=lambda b: (b.src[:1], b.tgt[:1]))
                for pair, found in beads.items()}

    def group_units(self) -> dict[str, list[dict[str, Side]]]:
        """Per group, the units' sides (language → (doc_id, ids))."""
        units: dict[str, list[dict[str, Side]]] = {}
        for unit in self.units:
            units.setdefault(unit.group, []).append(unit.sides)
        return units

    def glossary(self, glossary: Glossary) -> tuple[Glossary, list[str]]:
        """``glossary`` with the added variants, and a line for each that names no concept."""
        added: dict[str, list[Variant]] = {}
        problems = []
        for decision in self.variants:
            if decision.concept not in glossary:
                problems.append(f"line {decision.line}: variant {decision.text!r}: no concept "
                                f"{decision.concept!r} in the glossary")
                continue
            variant = Variant(decision.lang, decision.text, decision.tag, decision.note)
            known = glossary[decision.concept].variants + tuple(added.get(decision.concept, []))
            if all((v.lang, v.text) != (variant.lang, variant.text) for v in known):
                added.setdefault(decision.concept, []).append(variant)
        concepts = tuple(replace(c, variants=c.variants + tuple(added.get(c.id, ())))
                         for c in glossary.concepts)
        return Glossary(concepts, glossary.path), problems


def resolve(decisions: Sequence[Decision], documents: pl.DataFrame, sentences: pl.DataFrame,
            source: Path | str = "review", manifest: Mapping[str, str] | None = None) -> Review:
    """The decisions that apply to the corpus of ``documents`` and ``sentences`` (or to one
    group's slice of it: then ``manifest``, every manifest document id → its group, tells a
    document of another group from one the manifest lacks)."""
    corpus = _Corpus(documents, sentences, manifest)
    problems: list[str] = []
    units: list[tuple[UnitDecision, ReviewedUnit]] = []
    verdicts: dict[VerdictKey, str] = {}
    for decision in decisions:
        where = f"{source}:{decision.line}"
        try:
            if isinstance(decision, UnitDecision):
                unit = corpus.unit(decision)
                mine = _sentences(unit)
                units = [(d, u) for d, u in units if not mine & _sentences(u)]
                units.append((decision, unit))
            elif isinstance(decision, TermDecision):
                doc_id, sent_id = corpus.sentence(decision.sentence, decision.hashes)
                verdicts[(doc_id, sent_id, decision.concept, decision.system)] = decision.verdict
        except ValueError as err:
            problems.append(f"{where}: not applied: {err}")
    kept = _uncrossed(units, source, problems)
    variants = tuple(d for d in decisions if isinstance(d, VariantDecision))
    return Review(tuple(kept), verdicts, variants, tuple(problems))


def _sentences(unit: ReviewedUnit) -> set[tuple[str, int]]:
    return {(doc, i) for doc, ids in unit.sides.values() for i in ids}


def _uncrossed(units: list[tuple[UnitDecision, ReviewedUnit]], source: Path | str,
               problems: list[str]) -> list[ReviewedUnit]:
    """The units, less any older one that crosses a newer one (in order in one document,
    the other way round in another)."""
    kept: list[tuple[UnitDecision, ReviewedUnit]] = []
    for decision, unit in reversed(units):  # newest first: they win
        crossing = next((d for d, other in kept if _cross(unit, other)), None)
        if crossing is None:
            kept.append((decision, unit))
        else:
            problems.append(f"{source}:{decision.line}: not applied: the unit crosses the "
                            f"newer unit at line {crossing.line}")
    return [unit for _, unit in reversed(kept)]


def _cross(a: ReviewedUnit, b: ReviewedUnit) -> bool:
    order = set()
    for lang, (doc, ids) in a.sides.items():
        other = b.sides.get(lang)
        if ids and other and other[0] == doc and other[1]:
            order.add(ids[0] < other[1][0])
    return len(order) > 1


class _Corpus:
    """Documents by manifest id and sentence texts, to check decisions against."""

    def __init__(self, documents: pl.DataFrame, sentences: pl.DataFrame,
                 manifest: Mapping[str, str] | None) -> None:
        self.docs = {r["name"]: r for r in documents.select(
            "doc_id", "name", "group_id", "lang", "role").iter_rows(named=True)}
        self.texts = {(d, s): t for d, s, t in
                      sentences.select("doc_id", "sent_id", "text").iter_rows()}
        self.manifest = manifest
        self.groups = {r["group_id"] for r in self.docs.values()}

    def sentence(self, sentence: str, hashes: Mapping[str, str]) -> tuple[str, int]:
        name, index = parse_sentence_id(sentence)
        doc = self.docs.get(name)
        if doc is None:
            group = None if self.manifest is None else self.manifest.get(name, "")
            if group and group not in self.groups:
                raise ValueError(f"document {name!r} is of group {group!r}")
            raise ValueError(f"no document {name!r} in the "
                             f"{'manifest' if group == '' else 'corpus'}")
        text = self.texts.get((doc["doc_id"], index))
        if text is None:
            raise ValueError(f"sentence {sentence} is not in the corpus (segmentation changed?)")
        if sentence in hashes and hashes[sentence] != text_hash(text):
            raise ValueError(f"sentence {sentence} no longer has the text it was reviewed with")
        return doc["doc_id"], index

    def unit(self, decision: UnitDecision) -> ReviewedUnit:
        sides: dict[str, Side] = {}
        for lang, ids in decision.sentences.items():
            located = [self.sentence(s, decision.hashes) for s in ids]
            docs = {doc for doc, _ in located}
            if len(docs) > 1:
                raise ValueError(f"{lang}: sentences of two documents in one unit")
            doc_id = docs.pop() if docs else self._only_document(decision.group, lang)
            positions = tuple(i for _, i in located)
            if positions and positions != tuple(range(positions[0],
                                                      positions[0] + len(positions))):
                raise ValueError(f"{lang}: a unit's sentences must be consecutive")
            row = next(r for r in self.docs.values() if r["doc_id"] == doc_id)
            if row["group_id"] != decision.group or row["lang"] != lang:
                raise ValueError(f"{lang}: document {row['name']!r} is not the {lang} "
                                 f"document of group {decision.group!r}")
            sides[lang] = (doc_id, positions)
        if not any(ids for _, ids in sides.values()):
            raise ValueError("a unit needs at least one sentence")
        return ReviewedUnit(decision.group, sides, decision.status)

    def _only_document(self, group: str, lang: str) -> str:
        found = sorted(r["doc_id"] for r in self.docs.values()
                       if r["group_id"] == group and r["lang"] == lang
                       and r["role"] != "commentary")
        if len(found) != 1:
            raise ValueError(f"{lang}: group {group!r} has {len(found)} {lang} documents; give "
                             "the unit's sentences there by id")
        return found[0]
