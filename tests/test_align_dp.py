import math

import numpy as np
import pytest

from corpus_tools.align.dp import bead_types, best_path


def diagonal_cost(pairs: set[tuple[int, int]]):
    """Cheap beads exactly where ``pairs`` says (src span start, tgt span start) match."""

    def cost(src_spans, tgt_spans, shape):
        good = np.array([(s0, t0, s1 - s0, t1 - t0) in pairs
                         for (s0, s1), (t0, t1) in zip(src_spans, tgt_spans, strict=True)])
        return np.where(good, 0.0, 3.0)

    return cost


def test_best_path_follows_cheap_beads_including_merges_and_gaps():
    wanted = {(0, 0, 1, 1), (1, 1, 1, 2), (3, 3, 1, 1)}  # 0-0, 1-(1,2), 2 unmatched, 3-3
    steps = best_path(4, 4, diagonal_cost(wanted), skip=1.0)
    assert [(s.src, s.tgt) for s in steps] == [((0, 1), (0, 1)), ((1, 2), (1, 3)),
                                              ((2, 3), (3, 3)), ((3, 4), (3, 4))]


def test_long_inputs_are_solved_in_a_band_and_stay_on_the_diagonal():
    n = 3000
    steps = best_path(n, n, lambda s, t, shape: np.where(s[:, 0] == t[:, 0], 0.0, 2.0)
                      + 0.5 * (max(shape) - 1))
    assert len(steps) == n
    assert all(s.src == s.tgt for s in steps)


def test_one_sentence_against_many_returns_without_blow_up():
    steps = best_path(1, 500, lambda s, t, shape: np.ones(len(s)))
    assert steps[0].src[0] == 0 and steps[-1].src[1] == 1
    assert sum(s.tgt[1] - s.tgt[0] for s in steps) == 500


def test_empty_side_gives_only_gaps():
    steps = best_path(0, 3, lambda s, t, shape: np.zeros(len(s)))
    assert [(s.src, s.tgt) for s in steps] == [((0, 0), (0, 1)), ((0, 0), (1, 2)),
                                              ((0, 0), (2, 3))]


def test_hard_boundaries_are_never_straddled():
    # Without boundaries the cheapest path merges source 1 and 2; boundary at 2 forbids it.
    def cost(src_spans, tgt_spans, shape):
        return np.where((src_spans[:, 0] == 1) & (src_spans[:, 1] == 3), 0.0, 0.5)

    free = best_path(4, 3, cost, skip=2.0)
    assert ((1, 3), (1, 2)) in [(s.src, s.tgt) for s in free]
    kept = best_path(4, 3, cost, skip=2.0, src_breaks={2}, tgt_breaks={2})
    assert all(not (s.src[0] < 2 < s.src[1]) and not (s.tgt[0] < 2 < s.tgt[1]) for s in kept)


def test_paths_with_boundaries_never_pass_through_a_forbidden_node():
    # Random bead costs: a chain of 0-1 beads once slipped through a node that sits on a
    # source boundary but not on a target one, giving steps of infinite cost.
    for seed in range(60):
        rng = np.random.default_rng(seed)
        n, m = (int(x) for x in rng.integers(3, 9, 2))
        src_breaks, tgt_breaks = {int(rng.integers(1, n))}, {int(rng.integers(1, m))}
        table = rng.random((n + 1, m + 1, 5, 5)) * 2

        def cost(s, t, shape, table=table):
            return table[s[:, 0], t[:, 0], s[:, 1] - s[:, 0], t[:, 1] - t[:, 0]]

        steps = best_path(n, m, cost, skip=0.6, src_breaks=src_breaks, tgt_breaks=tgt_breaks)
        assert all(np.isfinite(s.cost) for s in steps)
        assert all((s.src[1] in src_breaks) == (s.tgt[1] in tgt_breaks) for s in steps)


def test_unsatisfiable_boundaries_raise():
    with pytest.raises(ValueError):
        best_path(3, 3, lambda s, t, shape: np.zeros(len(s)), src_breaks={1}, tgt_breaks=set(),
                  types=((1, 1),))


def test_bead_types_respect_the_maximum():
    assert set(bead_types(2)) == {(0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2)}
    assert (1, 4) in bead_types(4)


def test_soft_paragraph_ends_are_crossed_when_the_beads_say_so():
    # A merge across a paragraph end on one side only: the merged bead pays for the end it
    # straddles, as every path does, so the cheap merge still wins.
    def cost(src_spans, tgt_spans, shape):
        return np.where((src_spans[:, 0] == 1) & (src_spans[:, 1] == 3), 0.0, 0.5)

    steps = best_path(4, 3, cost, skip=2.0, src_breaks={2}, tgt_breaks=set(), break_cost=0.3)
    assert ((1, 3), (1, 2)) in [(s.src, s.tgt) for s in steps]


def test_soft_paragraph_ends_decide_between_equal_readings():
    # Source 1 matches target 1 and target 2 equally well; the shared paragraph end at
    # source 2 / target 2 decides for the 1-1 reading followed by a gap in the target.
    def cost(src_spans, tgt_spans, shape):
        return np.zeros(len(src_spans)) + 0.5 * (np.asarray(shape).sum() - 2)

    with_ends = best_path(2, 3, cost, skip=0.6, src_breaks={1}, tgt_breaks={2},
                          break_cost=0.3)
    assert [(s.src, s.tgt) for s in with_ends][-1] == ((1, 2), (2, 3))
    assert any(s.src[1] == 1 and s.tgt[1] == 2 for s in with_ends)


def test_soft_paragraph_costs_add_up_along_the_path():
    # Every paragraph end the path does not cut at on both sides costs break_cost once.
    def cost(src_spans, tgt_spans, shape):
        return np.zeros(len(src_spans))

    steps = best_path(3, 3, cost, types=((1, 1),), src_breaks={1}, tgt_breaks={2},
                      break_cost=0.25)
    assert sum(s.cost for s in steps) == pytest.approx(0.5)


def test_each_paragraph_end_may_have_its_own_price():
    # A cheap line end and a hard paragraph end: the path crosses the first, never the second.
    def cost(src_spans, tgt_spans, shape):
        return np.zeros(len(src_spans))

    steps = best_path(3, 3, cost, types=((1, 1),), src_breaks={1: 0.1, 2: math.inf},
                      tgt_breaks={2: math.inf})
    assert sum(s.cost for s in steps) == pytest.approx(0.1)
    assert all((s.src[1] == 2) == (s.tgt[1] == 2) for s in steps)
