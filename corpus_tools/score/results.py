"""Score records and how they present themselves: a terminal table, JSON rows, a polars frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import polars as pl

from corpus_tools.score.metrics import DISPLAY_NAMES
from corpus_tools.tables import SCORES, conform

LEVELS = ("corpus", "document", "sentence")


@dataclass(frozen=True)
class ScoreRecord:
    """One number: a system's metric at one level (the whole corpus, a document, a segment)."""

    system: str
    level: str
    metric: str
    value: float
    n_segments: int  # how many segments the number aggregates
    signature: str
    doc: str | None = None  # the reference document (document and sentence levels)
    segment: int | None = None  # the segment id (sentence level)
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None

    @property
    def key(self) -> str:
        """"" for the corpus, the doc id for a document, "doc:segment" for a segment."""
        if self.level == "sentence":
            return f"{self.doc}:{self.segment}" if self.doc is not None else str(self.segment)
        return self.doc or ""

    def as_dict(self) -> dict:
        return asdict(self) | {"key": self.key}


def records_frame(records: Sequence[ScoreRecord], src_lang: str | None, tgt_lang: str,
                  group_of: Mapping[str, str] | None = None) -> pl.DataFrame:
    """The ``scores`` table for ``records``; ``group_of`` maps a reference doc to its group."""
    group_of = group_of or {}
    rows = [r.as_dict() | {"src_lang": src_lang, "tgt_lang": tgt_lang, "ref_doc_id": r.doc,
                           "group_id": group_of.get(r.doc) if r.doc else None}
            for r in records]
    if not rows:
        return pl.DataFrame(schema=SCORES)
    return conform(pl.DataFrame(rows, infer_schema_length=None), SCORES, "scores")


def render_table(records: Sequence[ScoreRecord]) -> list[str]:
    """Rows of (system, key) × columns of metrics: value [95 % CI] and p against the baseline;
    then one signature line per metric."""
    metrics = list(dict.fromkeys(r.metric for r in records))
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for record in records:
        cells.setdefault((record.system, record.key), {})[record.metric] = _cell(record)
    show_key = any(key for _, key in cells)
    header = ["system"] + (["key"] if show_key else []) + [DISPLAY_NAMES[m] for m in metrics]
    body = [[system] + ([key] if show_key else []) + [row.get(m, "") for m in metrics]
            for (system, key), row in cells.items()]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
             for line in [header, *body]]
    signatures = dict.fromkeys((DISPLAY_NAMES[r.metric], r.level, r.signature) for r in records)
    lines += [f"{name} ({level}): {signature}" for name, level, signature in signatures]
    return lines


def _cell(record: ScoreRecord) -> str:
    text = f"{record.value:.2f}" if record.metric != "comet" else f"{record.value:.4f}"
    if record.ci_low is not None and record.ci_high is not None:
        text += f" [{record.ci_low:.2f}, {record.ci_high:.2f}]"
    if record.p_value is not None:
        text += f" p={record.p_value:.4f}"
    return text
