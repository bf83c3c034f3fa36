"""What a reviewer sees and changes in the review app: the built units and concordance, with
the decisions made in this session applied, each action appended at once to the review file.

Unit actions work on the ``parallel`` view's units of a group: confirm a unit; merge it with
the next; move the first sentence of a language to the previous unit or the last to the next;
split a unit before a sentence; take a sentence out as having no counterpart. Every unit an
action leaves changed is written as a ``corrected`` unit decision naming every language of
the group (so the next build keeps it as an anchor), with the hashes of its sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import polars as pl

from corpus_tools.errors import InputError
from corpus_tools.export import parallel_langs
from corpus_tools.report.blocks import Section
from corpus_tools.report.concepts import concepts
from corpus_tools.report.data import ReportData
from corpus_tools.review.decisions import (
    VERDICTS,
    TermDecision,
    UnitDecision,
    VariantDecision,
    append_decision,
    text_hash,
)
from corpus_tools.review.workspace import Workspace
from corpus_tools.terms.glossary import TAGS

UnitIds = dict[str, list[int]]  # language → sentence ids
CONCEPT_LINES = 500  # concordance lines shown per variant in the concept view


class ActionError(InputError):
    """A request the app cannot carry out (answered with HTTP 400)."""


@dataclass(frozen=True)
class Line:
    """A concordance line of human text that the reviewer can judge."""

    index: int
    concept: str
    lang: str
    variant: str
    sentence: str  # <document id>:<index>
    left: str
    match: str
    right: str
    verdict: str | None = None


class ReviewSession:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        documents = workspace.table("documents")
        self.name_of = dict(documents.select("doc_id", "name").iter_rows())
        self.texts = {(d, s): t for d, s, t in workspace.table("sentences").select(
            "doc_id", "sent_id", "text").iter_rows()}
        parallel = workspace.table("parallel")
        self.langs = parallel_langs(parallel)
        self.docs: dict[str, dict[str, str]] = {}  # group → language → doc_id
        self.units: dict[str, list[UnitIds]] = {}
        for row in parallel.sort("group_id", "unit_id").iter_rows(named=True):
            group = row["group_id"]
            docs = self.docs.setdefault(group, {})
            for lang in self.langs:
                if row[f"{lang}_doc_id"] is not None:
                    docs.setdefault(lang, row[f"{lang}_doc_id"])
            self.units.setdefault(group, []).append(
                {lang: list(row[f"{lang}_sent_ids"] or []) for lang in self.langs})
        for group, units in self.units.items():
            for unit in units:
                for lang in list(unit):
                    if lang not in self.docs[group]:
                        del unit[lang]
        # group → positions of the units decided in this session
        self.reviewed: dict[str, set[int]] = {group: set() for group in self.units}
        self.lines = self._lines()
        self.variants: list[VariantDecision] = []
        self.concepts = self._concepts()

    def _concepts(self) -> Section | None:
        """The report's concept view of the built tables (None without the terms tables)."""
        layout = self.workspace.layout
        data = ReportData(self.workspace.manifest.name, layout.corpus_dir, {
            name: self.workspace.table(name) for name in ("documents", "terms", "concordance")
            if layout.existing(name)})
        return concepts(data, CONCEPT_LINES)

    def _lines(self) -> list[Line]:
        try:
            concordance = self.workspace.table("concordance")
        except InputError:
            return []
        human = concordance.filter(pl.col("system").is_null()).sort("concept_id", "lang",
                                                                    "doc_id", "sent_id")
        return [Line(i, r["concept_id"], r["lang"], r["variant"],
                     f"{self.name_of[r['doc_id']]}:{r['sent_id']}", r["left"], r["match"],
                     r["right"]) for i, r in enumerate(human.iter_rows(named=True))]

    # --- reading -----------------------------------------------------------------------------

    def sentence_id(self, group: str, lang: str, index: int) -> str:
        return f"{self.name_of[self.docs[group][lang]]}:{index}"

    def text(self, group: str, lang: str, index: int) -> str:
        return self.texts[(self.docs[group][lang], index)]

    # --- acting ------------------------------------------------------------------------------

    def act(self, request: Mapping) -> None:
        """Carry out one action (a JSON object from the app) and append its decisions."""
        action = request.get("action")
        handler = {"confirm": self._confirm, "merge": self._merge, "move": self._move,
                   "split": self._split, "alone": self._alone, "term": self._term,
                   "variant": self._variant}.get(action)
        if handler is None:
            raise ActionError(f"unknown action {action!r}")
        handler(request)

    def _unit(self, request: Mapping) -> tuple[str, int, list[UnitIds]]:
        group, position = request.get("group"), request.get("unit")
        units = self.units.get(group)
        if units is None or not isinstance(position, int) or not 0 <= position < len(units):
            raise ActionError(f"no unit {position!r} in group {group!r}")
        return group, position, units

    def _lang(self, request: Mapping, group: str) -> str:
        lang = request.get("lang")
        if lang not in self.docs[group]:
            raise ActionError(f"group {group!r} has no {lang!r} document")
        return lang

    def _confirm(self, request: Mapping) -> None:
        group, position, units = self._unit(request)
        self._save(group, [position], "confirmed")

    def _merge(self, request: Mapping) -> None:
        group, position, units = self._unit(request)
        if position + 1 >= len(units):
            raise ActionError("the last unit has no next unit to merge with")
        nxt = units.pop(position + 1)
        for lang, ids in nxt.items():
            units[position][lang] += ids
        self._shift(group, position + 1, -1)
        self._save(group, [position], "corrected")

    def _move(self, request: Mapping) -> None:
        group, position, units = self._unit(request)
        lang = self._lang(request, group)
        ids = units[position][lang]
        if not ids:
            raise ActionError(f"unit {position} has no {lang} sentence to move")
        if request.get("direction") == "prev" and position > 0:
            units[position - 1][lang].append(ids.pop(0))
            touched = [position - 1, position]
        elif request.get("direction") == "next" and position + 1 < len(units):
            units[position + 1][lang].insert(0, ids.pop())
            touched = [position, position + 1]
        else:
            raise ActionError("direction must be prev or next, towards an existing unit")
        if not any(units[position].values()):
            units.pop(position)
            self._shift(group, position, -1)
            touched = [p - (p > position) for p in touched if p != position]
        self._save(group, touched, "corrected")

    def _split(self, request: Mapping) -> None:
        """A new unit after this one, from ``sentence`` on in ``lang``."""
        group, position, units = self._unit(request)
        lang = self._lang(request, group)
        ids = units[position][lang]
        if request.get("sentence") not in ids[1:]:
            raise ActionError("split before a sentence of the unit other than its first")
        cut = ids.index(request["sentence"])
        new = {other: [] for other in units[position]}
        new[lang], units[position][lang] = ids[cut:], ids[:cut]
        units.insert(position + 1, new)
        self._shift(group, position + 1, 1)
        self._save(group, [position, position + 1], "corrected")

    def _alone(self, request: Mapping) -> None:
        """``sentence`` (the first or last of its language in the unit) has no counterpart."""
        group, position, units = self._unit(request)
        lang = self._lang(request, group)
        ids, sentence = units[position][lang], request.get("sentence")
        if sentence not in (ids[:1] + ids[-1:]) or len(ids) + sum(
                len(v) for k, v in units[position].items() if k != lang) < 2:
            raise ActionError("only the first or last sentence of a larger unit can be taken "
                              "out")
        ids.remove(sentence)
        new = {other: [] for other in units[position]}
        new[lang] = [sentence]
        at = position if ids and sentence < ids[0] else position + 1
        units.insert(at, new)
        self._shift(group, at, 1)
        self._save(group, [position, position + 1], "corrected")

    def _shift(self, group: str, start: int, by: int) -> None:
        self.reviewed[group] = {p + by if p >= start else p for p in self.reviewed[group]}

    def _save(self, group: str, positions: list[int], status: str) -> None:
        for position in positions:
            unit = self.units[group][position]
            sentences = {lang: tuple(self.sentence_id(group, lang, i) for i in ids)
                         for lang, ids in unit.items()}
            hashes = {self.sentence_id(group, lang, i): text_hash(self.text(group, lang, i))
                      for lang, ids in unit.items() for i in ids}
            append_decision(self.workspace.review_path,
                            UnitDecision(group, sentences, status, hashes))
            self.reviewed[group].add(position)

    def _term(self, request: Mapping) -> None:
        index, verdict = request.get("line"), request.get("verdict")
        if not isinstance(index, int) or not 0 <= index < len(self.lines):
            raise ActionError(f"no concordance line {index!r}")
        line = self.lines[index]
        if verdict not in VERDICTS:
            raise ActionError(f"verdict {verdict!r} is not {', '.join(VERDICTS[:-1])} or "
                              f"{VERDICTS[-1]}")
        name, sent = line.sentence.rsplit(":", 1)
        doc_id = next(d for d, n in self.name_of.items() if n == name)
        append_decision(self.workspace.review_path, TermDecision(
            line.sentence, line.concept, verdict,
            hashes={line.sentence: text_hash(self.texts[(doc_id, int(sent))])}))
        self.lines[index] = replace(line, verdict=verdict)

    def _variant(self, request: Mapping) -> None:
        concept, lang = request.get("concept"), request.get("lang")
        text = " ".join(str(request.get("text", "")).split())
        tag = request.get("tag", "other")
        if not any(line.concept == concept for line in self.lines) or not text or \
                lang not in self.langs or tag not in TAGS:
            raise ActionError("a variant needs a concept of the concordance, a language of "
                              f"the corpus, a text and a tag ({', '.join(TAGS)})")
        decision = VariantDecision(concept, lang, text, tag)
        append_decision(self.workspace.review_path, decision)
        self.variants.append(decision)
