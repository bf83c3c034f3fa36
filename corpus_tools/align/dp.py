"""The monotonic alignment dynamic program. It sees only bead costs, never text.

A path through the grid of (source position, target position) nodes, from (0, 0) to
(n, m), is a sequence of beads; a bead of type (a, b) takes a source and b target
sentences. ``cost_fn(src_spans, tgt_spans, (a, b))`` prices a batch of candidate beads.

Scale (as in Vecalign): the grid is first solved in full on coarse blocks of sentences,
then each finer level is solved only inside a band around the coarser path, so time and
memory grow linearly with the number of sentences. Rows are processed one at a time, each
as a vector over its band; the in-row 0-1 chain is a running minimum.

Paragraph ends (``*_breaks``) are evidence, each with its price (``break_cost``, or its own
where breaks are given as a mapping: a line end may cost less than a blank line): each
paragraph end that the path does not cut at on both sides at once (a bead straddles it, or
the path cuts there on one side only) costs its price. A mismatch between the two sides'
paragraphing thus costs the same on every path through it and moves only the beads beside
it. An end of infinite price is a hard boundary: a bead may not straddle it, and a node may
sit on it only where it also sits on a boundary of the other side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import numpy as np

BeadType = tuple[int, int]
CostFn = Callable[[np.ndarray, np.ndarray, BeadType], np.ndarray]
ALL_TYPES: tuple[BeadType, ...] = ((0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (1, 3),
                                   (3, 1), (1, 4), (4, 1))
FULL_GRID_CELLS = 10_000  # below this many cells a level is solved without a band
BAND = 8  # half-width, in that level's units, of the search band around the coarser path
Breaks = Collection[int] | Mapping[int, float]  # paragraph starts (→ each one's own price)


def bead_types(max_size: int = 4) -> tuple[BeadType, ...]:
    """The bead types whose larger side has at most ``max_size`` sentences."""
    return tuple(t for t in ALL_TYPES if max(t) <= max_size)


@dataclass(frozen=True)
class Step:
    """One bead of the best path: half-open source and target spans and its cost."""

    src: tuple[int, int]
    tgt: tuple[int, int]
    cost: float


@dataclass
class _Band:
    lo: np.ndarray  # first column of each row
    hi: np.ndarray  # last column of each row (inclusive)

    @property
    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.hi - self.lo + 1)])


def best_path(n: int, m: int, cost_fn: CostFn, types: tuple[BeadType, ...] = ALL_TYPES,
              skip: float = 1.0, src_breaks: Breaks = (), tgt_breaks: Breaks = (),
              break_cost: float = math.inf) -> list[Step]:
    """The cheapest monotonic path of beads covering ``n`` source and ``m`` target units.

    ``skip`` is the cost of one 1-0 or 0-1 bead; ``*_breaks`` are paragraph starts (positions
    0 < k < n), each costing ``break_cost`` (or, in a mapping, its own price) where the path
    does not cut at it on both sides (infinite: hard boundaries).
    """
    src_prices, tgt_prices = _prices(src_breaks, n, break_cost), _prices(tgt_breaks, m,
                                                                         break_cost)
    if n == 0 or m == 0:
        return [Step((i, i + 1), (0, 0), skip) for i in range(n)] + \
               [Step((0, 0), (j, j + 1), skip) for j in range(m)]
    factor = 1
    while (n / factor + 1) * (m / factor + 1) > FULL_GRID_CELLS:
        factor *= 2
    band = _Band(np.zeros(_units(n, factor) + 1, dtype=np.int64),
                 np.full(_units(n, factor) + 1, _units(m, factor), dtype=np.int64))
    while True:
        fine = factor == 1
        steps = _solve(n, m, factor, band, cost_fn, types, skip * factor,
                       (src_prices, tgt_prices) if fine else None)
        if fine:
            return steps
        factor //= 2
        band = _band_around(steps, n, m, factor)


def _prices(breaks: Breaks, size: int, price: float) -> np.ndarray:
    """Each position's paragraph-end price (0 where none), ``size + 1`` of them."""
    prices = np.zeros(size + 1)
    for position, cost in (breaks.items() if isinstance(breaks, Mapping)
                           else ((b, price) for b in breaks)):
        prices[position] = cost
    return prices


def _units(size: int, factor: int) -> int:
    return -(-size // factor)


def _band_around(steps: list[Step], n: int, m: int, factor: int) -> _Band:
    """Rows × columns (in units of ``factor``) within BAND of the coarser path's beads."""
    rows, cols = _units(n, factor), _units(m, factor)
    lo = np.full(rows + 1, cols, dtype=np.int64)
    hi = np.zeros(rows + 1, dtype=np.int64)
    for step in steps:
        i0, i1 = step.src[0] // factor, _units(step.src[1], factor)
        j0, j1 = step.tgt[0] // factor, _units(step.tgt[1], factor)
        lo[i0:i1 + 1] = np.minimum(lo[i0:i1 + 1], j0)
        hi[i0:i1 + 1] = np.maximum(hi[i0:i1 + 1], j1)
    # Widen by BAND rows and columns in every direction (a sliding min / max over rows).
    pad_lo = np.concatenate([np.full(BAND, cols), lo, np.full(BAND, cols)])
    pad_hi = np.concatenate([np.zeros(BAND, dtype=np.int64), hi, np.zeros(BAND, np.int64)])
    windows = np.lib.stride_tricks.sliding_window_view
    lo = windows(pad_lo, 2 * BAND + 1).min(axis=1) - BAND
    hi = windows(pad_hi, 2 * BAND + 1).max(axis=1) + BAND
    return _Band(np.clip(lo, 0, cols), np.clip(hi, 0, cols))


def _solve(n: int, m: int, factor: int, band: _Band, cost_fn: CostFn,
           types: tuple[BeadType, ...], skip: float,
           prices: tuple[np.ndarray, np.ndarray] | None) -> list[Step]:
    """Exact DP inside ``band`` on units of ``factor`` sentences (paragraph-end ``prices``
    per source and target position at the finest level only); returns sentence spans."""
    offsets = band.offsets
    rows = np.repeat(np.arange(len(band.lo)), band.hi - band.lo + 1)
    cols = np.arange(offsets[-1]) - offsets[rows] + band.lo[rows]
    src_pos = np.minimum(np.arange(len(band.lo) + 4) * factor, n)  # unit → sentence
    tgt_pos = np.minimum(np.arange(_units(m, factor) + 5) * factor, m)
    match_types = [t for t in types if t[0] and t[1]]
    costs = {}
    node_cost = np.zeros(len(rows)) if prices is None else _node_costs(rows, cols, *prices)
    node_ok = np.isfinite(node_cost)
    node_cost[~node_ok] = 0.0
    for a, b in match_types:
        ok = (rows >= a) & (cols >= b) & node_ok
        src_spans = np.stack([src_pos[np.maximum(rows - a, 0)], src_pos[rows]], axis=1)[ok]
        tgt_spans = np.stack([tgt_pos[np.maximum(cols - b, 0)], tgt_pos[cols]], axis=1)[ok]
        cost = np.full(len(rows), np.inf, dtype=np.float64)
        cost[ok] = cost_fn(src_spans, tgt_spans, (a, b))
        if prices is not None:
            cost[ok] += _straddled(src_spans, prices[0]) + _straddled(tgt_spans, prices[1])
        costs[(a, b)] = cost
    total = np.full(offsets[-1], np.inf)
    choice = np.full(offsets[-1], -1, dtype=np.int8)
    type_index = {t: k for k, t in enumerate(types)}
    blocked = ~node_ok
    for i in range(len(band.lo)):
        start, stop = offsets[i], offsets[i + 1]
        js = np.arange(band.lo[i], band.hi[i] + 1)
        best = np.full(len(js), np.inf)
        pick = np.full(len(js), -1, dtype=np.int8)
        if i == 0:
            best[js == 0] = 0.0
        for t in types:
            a, b = t
            if a == 0 or i < a:
                continue
            prev = i - a
            idx = js - b - band.lo[prev]
            valid = (idx >= 0) & (idx <= band.hi[prev] - band.lo[prev])
            cand = np.full(len(js), np.inf)
            cand[valid] = total[offsets[prev] + idx[valid]]
            cand += costs[t][start:stop] if t in costs else skip
            better = cand < best
            best[better], pick[better] = cand[better], type_index[t]
        best[blocked[start:stop]] = np.inf
        best += node_cost[start:stop]
        if (0, 1) in type_index:  # D[j] = min(best[j], D[j-1] + skip + node cost): a running min
            chained = _chain(best, skip, blocked[start:stop], node_cost[start:stop])
            # (a margin: ``best - k + k`` may round below ``best`` where no 0-1 bead leads)
            from_left = chained < best - 1e-9
            best = np.where(from_left, chained, best)
            pick[from_left] = type_index[(0, 1)]
        total[start:stop], choice[start:stop] = best, pick
    return _trace(band, offsets, total, choice, types, src_pos, tgt_pos, _units(m, factor))


def _chain(best: np.ndarray, skip: float, blocked: np.ndarray, node_cost: np.ndarray
           ) -> np.ndarray:
    """``D[j] = min(best[j], D[j-1] + skip + node_cost[j])`` along a row (``best`` already
    holds each node's cost); a chain of 0-1 beads may not pass through a blocked node, so it
    restarts after each one."""
    k = np.arange(len(best)) * skip + np.cumsum(node_cost)
    cuts = np.flatnonzero(blocked)
    if not len(cuts):
        return np.minimum.accumulate(best - k) + k
    chained = np.full(len(best), np.inf)
    for lo, hi in zip(np.concatenate([[0], cuts + 1]), np.concatenate([cuts, [len(best)]]),
                      strict=True):
        if lo < hi:
            chained[lo:hi] = np.minimum.accumulate(best[lo:hi] - k[lo:hi]) + k[lo:hi]
    return chained


def _node_costs(rows: np.ndarray, cols: np.ndarray, src_prices: np.ndarray,
                tgt_prices: np.ndarray) -> np.ndarray:
    """What each node pays for sitting on a paragraph start of one side only."""
    on_src, on_tgt = src_prices[rows] > 0, tgt_prices[cols] > 0
    return (np.where(on_src & ~on_tgt, src_prices[rows], 0.0)
            + np.where(on_tgt & ~on_src, tgt_prices[cols], 0.0))


def _straddled(spans: np.ndarray, prices: np.ndarray) -> np.ndarray:
    """The price of the paragraph starts strictly inside each span (infinite if a hard one
    is)."""
    walls = np.concatenate([[0], np.cumsum(np.isinf(prices))])
    paid = np.concatenate([[0.0], np.cumsum(np.where(np.isinf(prices), 0.0, prices))])
    start, end = spans[:, 0] + 1, np.maximum(spans[:, 1], spans[:, 0] + 1)
    return np.where(walls[end] > walls[start], np.inf, paid[end] - paid[start])


def _trace(band, offsets, total, choice, types, src_pos, tgt_pos, last_col) -> list[Step]:
    i, j = len(band.lo) - 1, last_col
    if not band.lo[i] <= j <= band.hi[i] or not np.isfinite(total[offsets[i] + j - band.lo[i]]):
        raise ValueError("no alignment path satisfies the constraints")
    steps = []
    while i or j:
        here = offsets[i] + j - band.lo[i]
        a, b = types[choice[here]]
        there = offsets[i - a] + (j - b) - band.lo[i - a]
        steps.append(Step((int(src_pos[i - a]), int(src_pos[i])),
                          (int(tgt_pos[j - b]), int(tgt_pos[j])),
                          float(total[here] - total[there])))
        i, j = i - a, j - b
    return steps[::-1]
