"""Geometry for the report's inline SVG charts; the template only draws what is computed here."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Column:
    """One histogram bin."""

    x: float
    y: float
    width: float
    height: float
    count: int
    label: str  # the bin's range, for the tooltip
    low: bool  # the bin lies below the low-confidence threshold


@dataclass(frozen=True)
class Histogram:
    title: str
    width: float
    height: float
    top: float  # y of the tallest bin's top
    base: float  # y of the x axis
    columns: list[Column]
    ticks: list[Tick]
    threshold_x: float
    max_count: int
    kind: str = "histogram"


@dataclass(frozen=True)
class BarRow:
    label: str
    y: float
    x0: float
    length: float
    value: str
    whisker: tuple[float, float] | None  # x of the confidence interval's ends
    mark: str  # significance against the baseline: *, **, ***, n.s. or ""
    mark_x: float


@dataclass(frozen=True)
class BarChart:
    title: str
    note: str
    width: float
    height: float
    base: float
    rows: list[BarRow]
    ticks: list[Tick]
    kind: str = "barchart"


def histogram(values: list[float], title: str, low: float, bins: int = 10, width: float = 640,
              height: float = 220) -> Histogram:
    """Counts of ``values`` in ``bins`` equal bins over [0, 1]."""
    left, right, top, bottom = 44.0, 12.0, 16.0, 28.0
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value * bins)))] += 1
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / bins
    peak = max(counts) or 1
    columns = []
    for i, count in enumerate(counts):
        bar_h = plot_h * count / peak
        columns.append(Column(left + i * step + 1, top + plot_h - bar_h, step - 2, bar_h, count,
                              f"{i / bins:.1f}–{(i + 1) / bins:.1f}", (i + 1) / bins <= low))
    ticks = [Tick(left + i * step, f"{i / bins:.1f}") for i in range(0, bins + 1, 2)]
    return Histogram(title, width, height, top, top + plot_h, columns, ticks,
                     left + plot_w * low, max(counts))


def significance_mark(p_value: float | None) -> str:
    if p_value is None or math.isnan(p_value):
        return ""
    return "***" if p_value < 0.001 else "**" if p_value < 0.01 else "*" if p_value < 0.05 \
        else "n.s."


def bar_chart(title: str, note: str,
              rows: list[tuple[str, float, float | None, float | None, float | None]],
              width: float = 600, row_height: float = 26) -> BarChart:
    """Horizontal bars (label, value, ci_low, ci_high, p_value) with CI whiskers and marks."""
    left, right, top, bottom = 220.0, 70.0, 10.0, 28.0
    plot_w = width - left - right
    ends = [x for r in rows for v in (r[1], r[3]) if (x := _finite(v)) is not None]
    scale = _nice_ceiling(max(ends, default=1.0))
    bars = []
    for i, (label, value, low, high, p_value) in enumerate(rows):
        y = top + i * row_height
        whisker = (left + plot_w * low / scale, left + plot_w * high / scale) \
            if _finite(low) is not None and _finite(high) is not None else None
        end = max(left + plot_w * max(value, 0) / scale, whisker[1] if whisker else 0)
        bars.append(BarRow(label, y, left, plot_w * max(value, 0) / scale, f"{value:.2f}",
                           whisker, significance_mark(p_value), end + 6))
    base = top + len(rows) * row_height
    ticks = [Tick(left + plot_w * f, f"{scale * f:g}") for f in (0, 0.25, 0.5, 0.75, 1)]
    return BarChart(title, note, width, base + bottom, base, bars, ticks)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least ``value`` (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


@dataclass(frozen=True)
class ShareSegment:
    x: float
    width: float
    label: str  # the variant
    share: float
    colour: int  # index into the chart's palette, the same for a variant in every row


@dataclass(frozen=True)
class ShareRow:
    label: str  # e.g. "en 2025"
    y: float
    total: int
    segments: list[ShareSegment]


@dataclass(frozen=True)
class ShareChart:
    title: str
    width: float
    height: float
    rows: list[ShareRow]
    legend: list[tuple[str, int]]  # variant, colour
    kind: str = "sharechart"


PALETTE_SIZE = 6  # colours ``share-0`` … ``share-5`` in report.css; more variants reuse them


def share_chart(title: str, counts: list[tuple[str, str, int]], width: float = 520,
                row_height: float = 20) -> ShareChart:
    """Stacked bars of each variant's share per row label, from (row, variant, count)."""
    left, right, top = 90.0, 50.0, 4.0
    plot_w = width - left - right
    variants = list(dict.fromkeys(variant for _, variant, _ in counts))
    colour = {v: i % PALETTE_SIZE for i, v in enumerate(variants)}
    labels = list(dict.fromkeys(label for label, _, _ in counts))
    rows = []
    for i, label in enumerate(labels):
        mine = [(v, c) for row, v, c in counts if row == label and c > 0]
        total = sum(c for _, c in mine)
        x, segments = left, []
        for variant, count in mine:
            share = count / total
            segments.append(ShareSegment(x, plot_w * share, variant, share, colour[variant]))
            x += plot_w * share
        rows.append(ShareRow(label, top + i * row_height, total, segments))
    return ShareChart(title, width, top + len(labels) * row_height + 4, rows,
                      [(v, colour[v]) for v in variants])
