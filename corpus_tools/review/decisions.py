"""The review file: one JSON object per line, one reviewer's decision each, append-only.

Read and written here only (see docs/review.md for the format). A sentence is named
``<manifest document id>:<0-based index>``; decisions the tool writes record a short hash of
each sentence's text, so that one whose sentence changed is reported, not applied.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from corpus_tools.errors import InputError
from corpus_tools.fileio import read_text
from corpus_tools.terms.glossary import TAGS

UNIT_STATUSES = ("confirmed", "corrected")
VERDICTS = ("right", "wrong-concept", "not-a-rendering")
SENTENCE_ID = re.compile(r"^([a-z0-9][a-z0-9._-]*):(\d+)$")
HASH_LENGTH = 12  # hex digits of the sentence text's SHA-256


@dataclass(frozen=True)
class UnitDecision:
    """These sentences form one aligned unit; a language given with ``[]`` has none here
    (a sentence without counterpart), a language not given is left to the aligner."""

    group: str
    sentences: Mapping[str, tuple[str, ...]]  # language → sentence ids, in order
    status: str = "confirmed"  # confirmed | corrected
    hashes: Mapping[str, str] = field(default_factory=dict)  # sentence id → text hash
    who: str | None = None
    when: str | None = None
    line: int = 0  # in the review file; 0 for one not read from a file


@dataclass(frozen=True)
class TermDecision:
    """A glossary match in a sentence (or in an MT system's translation of it) is right,
    of a wrong concept, or not a rendering at all."""

    sentence: str
    concept: str
    verdict: str  # right | wrong-concept | not-a-rendering
    system: str | None = None  # the MT system whose output was judged; None: the human text
    hashes: Mapping[str, str] = field(default_factory=dict)
    who: str | None = None
    when: str | None = None
    line: int = 0


@dataclass(frozen=True)
class VariantDecision:
    """A rendering to add to a glossary concept."""

    concept: str
    lang: str
    text: str
    tag: str = "other"
    note: str = ""
    who: str | None = None
    when: str | None = None
    line: int = 0


Decision = UnitDecision | TermDecision | VariantDecision


def text_hash(text: str) -> str:
    """The short hash a decision records for a sentence's text."""
    return hashlib.sha256(text.encode()).hexdigest()[:HASH_LENGTH]


def parse_sentence_id(sentence: str) -> tuple[str, int]:
    """``treaty-ru:1`` → (``treaty-ru``, 1)."""
    found = SENTENCE_ID.match(sentence)
    if not found:
        raise ValueError(f"sentence {sentence!r} is not '<document id>:<index>'")
    return found.group(1), int(found.group(2))


def read_review(path: Path) -> list[Decision]:
    """Every decision in the file, in order; a missing file has none."""
    if not path.exists():
        return []
    decisions = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{number}: not a JSON object: {err.msg}") from None
        try:
            decisions.append(parse_record(raw, number))
        except ValueError as err:
            raise InputError(f"{path}:{number}: {err}") from None
    return decisions


def append_decision(path: Path, decision: Decision) -> None:
    """Add one decision at the end of the file (created when missing), stamped with who and
    when if it has neither; the line is written whole or not at all."""
    record = to_record(decision)
    record.setdefault("who", os.environ.get("CORPUS_TOOLS_REVIEWER") or getpass.getuser())
    record.setdefault("when", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(line)
        out.flush()
        os.fsync(out.fileno())


def to_record(decision: Decision) -> dict:
    """The decision as a line of the review file holds it (what :func:`parse_record` reads)."""
    if isinstance(decision, UnitDecision):
        record: dict = {"kind": "unit", "group": decision.group, "status": decision.status,
                        "sentences": {k: list(v) for k, v in decision.sentences.items()}}
    elif isinstance(decision, TermDecision):
        record = {"kind": "term", "sentence": decision.sentence, "concept": decision.concept,
                  "verdict": decision.verdict}
        if decision.system:
            record["system"] = decision.system
    else:
        record = {"kind": "variant", "concept": decision.concept, "lang": decision.lang,
                  "text": decision.text, "tag": decision.tag}
        if decision.note:
            record["note"] = decision.note
    if getattr(decision, "hashes", None):
        record["hashes"] = dict(decision.hashes)
    record |= {k: v for k in ("who", "when") if (v := getattr(decision, k))}
    return record


def parse_record(raw: object, line: int) -> Decision:
    """A decision from one line's JSON object; ``line``: where it is in the review file."""
    if not isinstance(raw, dict):
        raise ValueError("a decision must be a JSON object")
    kind = raw.get("kind")
    stamp = {"who": _optional_str(raw, "who"), "when": _optional_str(raw, "when"), "line": line}
    hashes = raw.get("hashes", {})
    if not isinstance(hashes, dict) or not all(isinstance(v, str) for v in hashes.values()):
        raise ValueError("'hashes' must map sentence ids to text hashes")
    if kind == "unit":
        group = _required_str(raw, "group")
        sentences = raw.get("sentences")
        if not isinstance(sentences, dict) or not sentences or not all(
                isinstance(ids, list) and all(isinstance(i, str) for i in ids)
                for ids in sentences.values()):
            raise ValueError("a unit's 'sentences' must map languages to lists of sentence ids")
        for ids in sentences.values():
            for sentence in ids:
                parse_sentence_id(sentence)
        status = raw.get("status", "confirmed")
        if status not in UNIT_STATUSES:
            raise ValueError(f"status {status!r} is not one of {', '.join(UNIT_STATUSES)}")
        return UnitDecision(group, {k: tuple(v) for k, v in sentences.items()}, status,
                            hashes, **stamp)
    if kind == "term":
        sentence = _required_str(raw, "sentence")
        parse_sentence_id(sentence)
        verdict = raw.get("verdict")
        if verdict not in VERDICTS:
            raise ValueError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        return TermDecision(sentence, _required_str(raw, "concept"), verdict,
                            _optional_str(raw, "system"), hashes, **stamp)
    if kind == "variant":
        tag = raw.get("tag", "other")
        if tag not in TAGS:
            raise ValueError(f"tag {tag!r} is not one of {', '.join(TAGS)}")
        return VariantDecision(_required_str(raw, "concept"), _required_str(raw, "lang"),
                               " ".join(_required_str(raw, "text").split()), tag,
                               _optional_str(raw, "note") or "", **stamp)
    raise ValueError(f"kind {kind!r} is not one of unit, term, variant")


def _required_str(raw: dict, key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string")
    return value


def _optional_str(raw: dict, key: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string")
    return value
