"""Many-way alignment: one table of units across N languages from the pairwise alignments.

A unit holds sentence ids in every language (any side may be empty). The pairwise
alignments are taken as votes: every sentence pair inside one of their beads is a link.
Where all pairwise alignments say the same thing (for en/ru/zh: en–ru composed with en–zh
gives exactly the ru–zh links) the unit is taken as it is and marked ``agreement``; a unit
with no sentence in some language (a line left out there) is placed where the pairwise
alignments with that language cut its text; sentences that no alignment links at all are
re-aligned with their neighbours (one alignment's missed merge is enough to leave a sentence
unlinked where the other pair rightly leaves it out). Between
such agreed units the stretch is re-aligned by a small N-dimensional dynamic program over
units of up to ``MAX_GROUP`` sentences a language. A unit's gain splits each language
pair's share of it into beads (merges that differ by language chain beads into one unit)
and sums their bead costs, as the parallel aligner counts them, and the links they keep
(weighted by the beads' confidence), taking the cheapest splits that fit together: a unit
must hold together and may not hide a cut that two pairs make. Structure alone cannot tell
which of three disagreeing alignments is wrong (with en–ru one-to-one, en–zh and ru–zh are
interchangeable), the text can; a pair of two translations counts half against the pairs
with the pivot (the first language, the original). The text is asked two questions the
pairwise costs answer poorly: is a merged sentence's content on the other side at all (else
a line left out there is being absorbed), and is a sentence really in no other language.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from itertools import combinations, product
from pathlib import Path

from corpus_tools.align.aligner import EDGE_PENALTY, Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.align.ladder import format_ids
from corpus_tools.align.lines import Parts, align_parts
from corpus_tools.align.scorers import Prepared, groups_to_spans
from corpus_tools.align.scorers.features import BagPrepared
from corpus_tools.align.writers import format_rows
from corpus_tools.errors import InputError
from corpus_tools.lang import join_sentences
from corpus_tools.textfile import read_sentences

log = logging.getLogger(__name__)


LangPair = tuple[int, int]  # indices into the language list, first < second
Node = tuple[int, int]  # (language index, sentence id)
# Cost (about -log p) of aligning two groups of sentences, either possibly empty.
GroupCost = Callable[[tuple[int, ...], tuple[int, ...]], float]

UNLINKED_PENALTY = 0.5  # cost of putting two sentences no pairwise alignment linked in one unit
VOTE_WEIGHT = 0.1  # pairwise links against bead costs (tuned on NTREX-dev three-way)
COST_WEIGHT = 1.0  # bead costs (as the parallel aligner counts them) against link votes
MAX_GROUP = 4  # sentences per language in one re-aligned unit
UNIT_BONUS = 0.01  # of two equally good readings, the one with more (smaller) units wins
PIVOT = 0  # the first language: the original, from which the others were translated
OFF_PIVOT_WEIGHT = 0.5  # a pair of two translations counts half (tuned on NTREX-dev three-way)
MAX_BOX_STATES = 20_000  # larger disputed stretches keep the pairwise units, unresolved
# A 2-2 bead inside a re-aligned unit costs this per sentence beyond the first on the smaller
# side, not the aligner's 0.5 (tuned on NTREX-dev three-way, see docs/benchmarks.md).
UNIT_MANY_PENALTY = 0.2
# A sentence on the merged side of a unit's bead that shows less than COVERAGE_FLOOR of its
# feature weight on the other side costs up to UNCOVERED_PENALTY (at none): a line left out
# of one language is otherwise absorbed by its neighbour's bead there, in both pairs with
# that language (tuned on NTREX-dev three-way, seeds 1-3; held out: 4-5).
COVERAGE_FLOOR = 0.2
UNCOVERED_PENALTY = 0.3
# A merged sentence that adds nothing to its bead costs this per unit of similarity (the
# aligner's edge penalty, at a quarter: link votes already say which sentences belong).
UNIT_EDGE_PENALTY = EDGE_PENALTY / 4
LONE_PENALTY = 1.0  # a unit with sentences of one language only: rarer than one left out
# A sentence that a unit leaves out of a language pair costs this, not the aligner's 0.6 (its
# pairs' own alignments already left it out; tuned on NTREX-dev three-way with the encoder,
# seeds 0-4, and every held-out seed 5-9 gained: docs/benchmarks.md, issue 23, fifth wave).
UNIT_SKIP = 0.5


@dataclass(frozen=True)
class Unit:
    ids: tuple[tuple[int, ...], ...]  # sentence ids per language, in the order of the languages
    score: float  # confidence that the unit is right (see _scored_unit)
    agreement: bool  # every pairwise alignment has exactly this unit
    reviewed: bool = False  # a fixed unit (a reviewer's), kept as it is


@dataclass(frozen=True)
class _Links:
    """The pairwise alignments as weighted links between (language, sentence) nodes."""

    weight: dict[tuple[Node, Node], float]  # (smaller node, larger node) → bead score
    neighbours: dict[Node, set[Node]]
    bead_score: dict[tuple[Node, LangPair], float]  # lowest score of a pair's beads on a node
    pairs: frozenset[LangPair]  # language pairs that have an alignment
    # (node, other language) → where the node's 1-0 bead in the alignment with that language
    # cuts the other language's text (sentences of it in the beads before)
    gap: dict[tuple[Node, int], int]
    # languages whose sentences are the lines of a sentence-per-line (segmented) document
    lines: frozenset[int] = frozenset()

    @classmethod
    def from_beads(cls, pairwise: Mapping[LangPair, Sequence[Bead]],
                   lines: Collection[int] = ()) -> _Links:
        weight: dict[tuple[Node, Node], float] = {}
        neighbours: dict[Node, set[Node]] = {}
        bead_score: dict[tuple[Node, LangPair], float] = {}
        gap: dict[tuple[Node, int], int] = {}
        for (a, b), beads in pairwise.items():
            if a > b:
                a, b, beads = b, a, [Bead(x.tgt, x.src, x.score) for x in beads]
            seen_a = seen_b = 0
            for bead in beads:
                if not bead.tgt:
                    gap.update((((a, i), b), seen_b) for i in bead.src)
                if not bead.src:
                    gap.update((((b, j), a), seen_a) for j in bead.tgt)
                seen_a, seen_b = seen_a + len(bead.src), seen_b + len(bead.tgt)
                nodes = [(a, i) for i in bead.src] + [(b, j) for j in bead.tgt]
                for node in nodes:
                    key = (node, (a, b))
                    bead_score[key] = min(bead_score.get(key, 1.0), bead.score)
                for i, j in product(bead.src, bead.tgt):
                    key = _edge((a, i), (b, j))
                    weight[key] = max(weight.get(key, 0.0), bead.score)
                    neighbours.setdefault((a, i), set()).add((b, j))
                    neighbours.setdefault((b, j), set()).add((a, i))
        return cls(weight, neighbours, bead_score,
                   frozenset((min(p), max(p)) for p in pairwise), gap, frozenset(lines))

    def agrees(self, unit: Sequence[Sequence[int]]) -> bool:
        """The pairwise alignments say the same thing about ``unit``: each links the unit's
        sentences among themselves only, puts every sentence of the unit in one of its match
        beads where both its languages have sentences here, and makes no cut through the
        unit that a third language could make but does not. A pair may cut where the third
        language's sentence is a line (of a segmented document) that spans the cut in both
        its pairs: where zh joined two lines on one, en–ru links them as two 1-1 beads that
        en–zh and ru–zh each take whole, and that is agreement, not a dispute. In running
        text the segmenter splits such a line; a sentence that spans a cut there is one it
        left whole, or a neighbour absorbed (measured: docs/benchmarks.md, issue 19)."""
        members = {(lang, i) for lang, ids in enumerate(unit) for i in ids}
        cuts: dict[LangPair, set[tuple[int, int]]] = {}
        for a, b in self.pairs:
            for lang, other in ((a, b), (b, a)):
                for i in unit[lang]:
                    linked = {n for n in self.neighbours.get((lang, i), ()) if n[0] == other}
                    if not linked <= members or (unit[other] and not linked):
                        return False
            cuts[(a, b)] = self._cuts(unit, a, b)
        present = [k for k, ids in enumerate(unit) if ids]
        for (a, b), made in cuts.items():
            for c in present:
                if c in (a, b) or _ordered(a, c) not in cuts or _ordered(b, c) not in cuts:
                    continue
                with_a, with_b = _oriented(cuts, a, c), _oriented(cuts, b, c)
                cut_a, cut_b = {x for x, _ in with_a}, {y for y, _ in with_b}
                for i, j in made:
                    spans = c in self.lines and i not in cut_a and j not in cut_b
                    if not spans and not any((i, k) in with_a and (j, k) in with_b
                                             for _, k in with_a):
                        return False
        return True

    def _cuts(self, unit: Sequence[Sequence[int]], a: int, b: int) -> set[tuple[int, int]]:
        """Where language pair ``(a, b)``'s beads cut ``unit`` inside: (sentences of ``a``,
        sentences of ``b``) before each boundary between two of its match beads."""
        if not unit[a] or not unit[b]:
            return set()
        position = {j: q for q, j in enumerate(unit[b])}
        reach = [[position[n[1]] for n in self.neighbours.get((a, i), ()) if n[0] == b]
                 for i in unit[a]]
        found = set()
        for i in range(1, len(unit[a])):
            before, after = max(q for qs in reach[:i] for q in qs), min(
                q for qs in reach[i:] for q in qs)
            if before < after:
                found.add((i, after))
        return found

    def gain(self, unit: Sequence[tuple[int, ...]], costs: Mapping[LangPair, GroupCost],
             cache: dict) -> float:
        """How well ``unit`` fits the pairwise alignments and the text, summed over the
        language pairs: each pair's sentences of the unit are split into beads (a unit
        chains beads where merges differ by language: en 3+4 and ru 4+5 make one unit of two
        en–ru beads), each bead scored by its cost and the links it keeps, minus pairs it
        groups that no pairwise alignment linked.

        The pairs' splits must fit together as if every language cut its text at line
        boundaries of its own: the beads must join all the unit's sentences, and no cut
        through the unit may be one that more language pairs make (a bead boundary with
        beads on both sides) than refuse (a bead across it) — a cut that two pairs make
        is one both their languages make, so the third pair must make it too. The cheapest
        splits that fit are taken, not each pair's own best: where en–zh's best split cuts
        en 12|13, zh 15|16 but ru–zh's bead crosses it, the unit may still hold if en–zh
        gives way to a 2–2 bead, and the text says what that costs. Fewer units win ties.
        """
        pairs = [(a, b) for a, b in combinations(range(len(unit)), 2)
                 if (a, b) in self.pairs and (unit[a] or unit[b])]
        options, weights = [], [1.0 if PIVOT in pair else OFF_PIVOT_WEIGHT for pair in pairs]
        for a, b in pairs:
            key = (a, b, unit[a], unit[b])
            if key not in cache:
                cache[key] = self._splits(a, b, unit[a], unit[b], costs.get((a, b)))
            options.append(cache[key])
        nodes = [(k, i) for k, ids in enumerate(unit) for i in ids]
        cuts = [cut for cut in product(*(range(len(ids) + 1) for ids in unit))
                if any(cut) and cut != tuple(map(len, unit))]
        lone = LONE_PENALTY if _lone(unit) else 0.0
        # Branch and bound over the pairs' splits (each list comes cheapest first): a
        # choice is dropped once its cost so far plus the cheapest of the rest cannot win.
        floor = [sum(w * o[0].cost for w, o in zip(weights[k:], options[k:], strict=True))
                 for k in range(len(options) + 1)]
        best = float("inf")

        def search(k: int, cost: float, choice: list[_Split]) -> None:
            nonlocal best
            if k == len(options):
                if self._fits(pairs, choice, nodes, cuts):
                    best = cost
                return
            for split in options[k]:
                value = cost + weights[k] * split.cost
                if value + floor[k + 1] >= best:
                    break
                search(k + 1, value, [*choice, split])

        search(0, 0.0, [])
        return UNIT_BONUS - best - lone

    @staticmethod
    def _fits(pairs: Sequence[LangPair], splits: Sequence[_Split], nodes: Sequence[Node],
              cuts: Sequence[tuple[int, ...]]) -> bool:
        joined = _Joined(nodes)
        for (a, b), split in zip(pairs, splits, strict=True):
            for src, tgt in split.beads:
                joined.join([(a, i) for i in src] + [(b, j) for j in tgt])
        if joined.parts > 1:
            return False
        for cut in cuts:
            made = refused = 0
            for (a, b), split in zip(pairs, splits, strict=True):
                if (cut[a], cut[b]) not in split.cuts:
                    refused += 1
                elif 0 < split.cuts[(cut[a], cut[b])] < len(split.beads):
                    made += 1
            if made > refused:
                return False
        return True

    def _splits(self, a: int, b: int, src: tuple[int, ...], tgt: tuple[int, ...],
                cost: GroupCost | None) -> list[_Split]:
        """Every monotonic split of ``src`` × ``tgt`` into beads, cheapest first. Where
        both sides have sentences, every sentence must be in a match bead: a unit that
        holds a sentence of both languages says they correspond; a skip inside it would
        let one language's sentence ride along, joined only through a third. Except a
        sentence that this pair's own alignment leaves out (a 1-0 or 0-1 bead): a line
        deleted in en whose ru rendering is merged with its neighbour makes the unit
        en 12, ru 11, zh 10+11 with zh 10 in no en–zh match, and that pair says so. Such a
        skip is a bead of its own, so a split that leaves a sentence out cuts the unit
        there (:meth:`_fits`): two adjacent lines each deleted in another language stay two
        units. A split keeps at least one match bead: with all of a pair's sentences left
        out, they would be held together through a third language only."""
        def bead_cost(s: tuple[int, ...], t: tuple[int, ...]) -> float:
            votes = sum(self.weight.get(((a, p), (b, q)), -UNLINKED_PENALTY)
                        for p, q in product(s, t))
            return (COST_WEIGHT * cost(s, t) if cost else 0.0) - VOTE_WEIGHT * votes

        if not src or not tgt:
            ends = [(i, 0) for i in range(len(src) + 1)] + [(0, j) for j in range(len(tgt) + 1)]
            return [_Split(bead_cost(src, tgt), [], dict.fromkeys(ends, 0))]
        found: list[_Split] = []

        def extend(i: int, j: int, value: float, beads: list, cuts: dict) -> None:
            if (i, j) == (len(src), len(tgt)):
                if any(s and t for s, t in beads):
                    found.append(_Split(value, beads, cuts | {(i, j): len(beads)}))
                return
            for x, y in product(range(i + 1, len(src) + 1), range(j + 1, len(tgt) + 1)):
                s, t = src[i:x], tgt[j:y]
                extend(x, y, value + bead_cost(s, t), [*beads, (s, t)],
                       cuts | {(i, j): len(beads)})
            if i < len(src) and ((a, src[i]), b) in self.gap:
                s = src[i:i + 1]
                extend(i + 1, j, value + bead_cost(s, ()), [*beads, (s, ())],
                       cuts | {(i, j): len(beads)})
            if j < len(tgt) and ((b, tgt[j]), a) in self.gap:
                t = tgt[j:j + 1]
                extend(i, j + 1, value + bead_cost((), t), [*beads, ((), t)],
                       cuts | {(i, j): len(beads)})

        extend(0, 0, 0.0, [], {})
        return sorted(found, key=lambda split: split.cost)


@dataclass(frozen=True)
class _Split:
    """One language pair's best beads inside a unit."""

    cost: float
    # match beads and left-out sentences (one side empty), in order
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]]
    cuts: dict[tuple[int, int], int]  # bead boundary (src, tgt position) → beads before


class _Joined:
    """Union-find over a unit's sentences: are they all joined by beads?"""

    def __init__(self, nodes: Sequence[Node]) -> None:
        self.parent = {node: node for node in nodes}
        self.parts = len(nodes)

    def root(self, node: Node) -> Node:
        while self.parent[node] != node:
            node = self.parent[node]
        return node

    def join(self, nodes: Sequence[Node]) -> None:
        for node in nodes[1:]:
            a, b = self.root(nodes[0]), self.root(node)
            if a != b:
                self.parent[b] = a
                self.parts -= 1


def align_many(sizes: Sequence[int], pairwise: Mapping[LangPair, Sequence[Bead]],
               costs: Mapping[LangPair, GroupCost] | None = None, resolve: bool = True,
               fixed: Sequence[tuple[tuple[int, ...], ...]] = (),
               lines: Collection[int] = ()) -> list[Unit]:
    """Units over N documents of ``sizes`` sentences from the alignments of language pairs.

    ``pairwise[(a, b)]`` aligns document ``a`` (bead source) with document ``b``; pairs may
    be missing. ``costs[(a, b)]`` (``a < b``), where given, scores sentence groups of the two
    documents when a disputed stretch is re-aligned. Units come in document order, every
    sentence in exactly one unit. With ``resolve`` off, units are the connected components
    of all pairwise links, disputes left as they are (for comparison). ``fixed`` units (a
    reviewer's, sentence ids per language, in order) are kept as anchors that win over
    agreed units; the rest is aligned around them. ``lines``: the documents whose sentences
    are lines of a sentence-per-line file (see :meth:`_Links.agrees`).
    """
    links = _Links.from_beads(pairwise, lines)
    costs = costs or {}
    if not resolve:
        nodes = [(lang, i) for lang, size in enumerate(sizes) for i in range(size)]
        return [_scored_unit(ids, links)
                for ids in _components(nodes, links, len(sizes))]
    anchors = _anchor_chain(_agreed_components(sizes, links), links, fixed)
    units: list[tuple[tuple[int, ...], ...]] = []
    start = tuple(0 for _ in sizes)
    for anchor, span in [*anchors, (None, None)]:
        end = tuple(sizes) if span is None else tuple(lo for lo, _ in span)
        units += _realign(start, end, links, costs)
        if anchor is not None:
            units.append(anchor)
            start = tuple(hi for _, hi in span)
    kept = set(fixed)
    return [replace(_scored_unit(ids, links), score=1.0, reviewed=True) if ids in kept
            else _scored_unit(ids, links) for ids in units]


def agreement_rate(units: Sequence[Unit]) -> float:
    """Share of units on which all pairwise alignments agree (1.0 for no units)."""
    return sum(u.agreement for u in units) / len(units) if units else 1.0


def _ordered(a: int, b: int) -> LangPair:
    return (a, b) if a < b else (b, a)


def _oriented(cuts: Mapping[LangPair, set[tuple[int, int]]], a: int, b: int
              ) -> set[tuple[int, int]]:
    """Pair ``(a, b)``'s cuts as (sentences of ``a``, sentences of ``b``)."""
    return cuts[(a, b)] if a < b else {(j, i) for i, j in cuts[(b, a)]}


def _edge(a: Node, b: Node) -> tuple[Node, Node]:
    return (a, b) if a <= b else (b, a)


def _components(nodes: Sequence[Node], links: _Links, n_langs: int
                ) -> list[tuple[tuple[int, ...], ...]]:
    """Connected components of the link graph restricted to ``nodes``, as units."""
    inside, seen, units = set(nodes), set(), []
    for node in nodes:
        if node in seen:
            continue
        seen.add(node)
        stack, found = [node], [node]
        while stack:
            for other in links.neighbours.get(stack.pop(), ()):
                if other in inside and other not in seen:
                    seen.add(other)
                    stack.append(other)
                    found.append(other)
        units.append(tuple(tuple(sorted(i for lang, i in found if lang == want))
                           for want in range(n_langs)))
    return units


def _agreed_components(sizes: Sequence[int], links: _Links
                       ) -> list[tuple[tuple[int, ...], ...]]:
    """Linked units the pairwise alignments agree on (:meth:`_Links.agrees`: among
    connected sentences of running text, each pair links exactly the unit's cross pairs;
    a segmented document's line may span the other pairs' cut), except sentences of one
    language alone: a line left out of en and merged in zh is linked to nothing once ru–zh
    misses the merge (en–ru rightly leaves it out), so those are left to the re-alignment,
    which may still keep them alone."""
    nodes = [(lang, i) for lang, size in enumerate(sizes) for i in range(size)]
    return [unit for unit in _components(nodes, links, len(sizes))
            if links.agrees(unit) and not _lone(unit)]


def _lone(unit: Sequence[Sequence[int]]) -> bool:
    """Of three or more languages, sentences in one only."""
    return len(unit) > 2 and sum(map(bool, unit)) == 1


Span = tuple[tuple[int, int], ...]  # per language: [start, end) of a unit's sentences


def _anchor_chain(agreed: list[tuple[tuple[int, ...], ...]], links: _Links,
                  fixed: Sequence[tuple[tuple[int, ...], ...]] = ()
                  ) -> list[tuple[tuple[tuple[int, ...], ...], Span]]:
    """Agreed units with contiguous ids in every language, each with its span, kept while
    they stay in order. A language a unit has no sentence of (a line deleted there) is
    placed where the pairwise alignments with that language cut its text, if they agree.
    ``fixed`` units are always kept; agreed units that overlap or cross one are not."""
    pinned = []
    for unit in fixed:
        span = _span(unit, links)
        if span is None:
            log.warning("a reviewed unit %s cannot be placed (a language without sentences "
                        "that the pairwise alignments place differently); left to the votes",
                        unit)
        else:
            pinned.append((unit, span))
    placed = pinned + [(unit, span) for unit in agreed if (span := _span(unit, links))
                       is not None and all(_apart(span, other) for _, other in pinned)]
    chain: list[tuple[tuple[tuple[int, ...], ...], Span]] = []
    for unit, span in sorted(placed, key=lambda placed_unit: placed_unit[1]):
        if (unit, span) in pinned:
            while chain and not _before(chain[-1][1], span):
                chain.pop()  # an agreed unit only: pinned ones are apart from each other
            chain.append((unit, span))
        elif not chain or _before(chain[-1][1], span):
            chain.append((unit, span))
    return chain


def _before(first: Span, second: Span) -> bool:
    return all(lo >= prev_hi for (lo, _), (_, prev_hi) in zip(second, first, strict=True))


def _apart(a: Span, b: Span) -> bool:
    return _before(a, b) or _before(b, a)


def _span(unit: tuple[tuple[int, ...], ...], links: _Links) -> Span | None:
    span = []
    for lang, ids in enumerate(unit):
        if ids:
            if ids[-1] - ids[0] != len(ids) - 1:
                return None
            span.append((ids[0], ids[-1] + 1))
            continue
        cuts = {links.gap.get(((k, i), lang)) for k, others in enumerate(unit) for i in others}
        if len(cuts) != 1 or None in cuts:
            return None
        (cut,) = cuts
        span.append((cut, cut))
    return tuple(span)


def _realign(start: tuple[int, ...], end: tuple[int, ...], links: _Links,
             costs: Mapping[LangPair, GroupCost]) -> list[tuple[tuple[int, ...], ...]]:
    """The best monotonic units over the box ``start``–``end`` (one range per language)."""
    dims = [e - s for s, e in zip(start, end, strict=True)]
    states = 1
    for d in dims:
        states *= d + 1
    if states == 1:
        return []
    if states > MAX_BOX_STATES:
        log.info("disputed stretch of %s sentences too large to re-align; kept as linked",
                 "×".join(map(str, dims)))
        nodes = [(lang, i) for lang, (s, e) in enumerate(zip(start, end, strict=True))
                 for i in range(s, e)]
        return sorted(_components(nodes, links, len(dims)),
                      key=lambda u: [ids[0] if ids else -1 for ids in u])
    shapes = [s for s in product(range(MAX_GROUP + 1), repeat=len(dims)) if any(s)]
    cache: dict = {}
    best: dict[tuple[int, ...], tuple[float, tuple[int, ...]]] = {}
    for state in product(*(range(d + 1) for d in dims)):
        if not any(state):
            best[state] = (0.0, state)
            continue
        for shape in shapes:
            prev = tuple(p - k for p, k in zip(state, shape, strict=True))
            if min(prev) < 0:
                continue
            value = best[prev][0] + links.gain(_box_unit(start, prev, state), costs, cache)
            if state not in best or value > best[state][0]:
                best[state] = (value, prev)
    units, state = [], tuple(dims)
    while any(state):
        prev = best[state][1]
        units.append(_box_unit(start, prev, state))
        state = prev
    return units[::-1]


def _box_unit(start: tuple[int, ...], lo: tuple[int, ...], hi: tuple[int, ...]
              ) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(range(s + a, s + b)) for s, a, b in zip(start, lo, hi, strict=True))


def _scored_unit(unit: tuple[tuple[int, ...], ...], links: _Links) -> Unit:
    """A unit and its score: where the pairwise alignments agree on it, the median of the
    language pairs' confidences in it (each pair's lowest bead confidence on the unit): one
    confident pair cannot vouch for a unit the others doubt, since pairs that share a
    language err together (a line left out of zh shifts en–zh and ru–zh alike; the chance
    that all pairs are wrong, taken as independent witnesses, left 2.5 % of the unflagged
    units wrong, docs/benchmarks.md); elsewhere the lowest confidence of any bead on it."""
    by_pair: dict[LangPair, float] = {}
    for lang, ids in enumerate(unit):
        for i in ids:
            for pair in links.pairs:
                score = links.bead_score.get(((lang, i), pair))
                if score is not None:
                    by_pair[pair] = min(by_pair.get(pair, 1.0), score)
    agreed = links.agrees(unit)
    if agreed and by_pair:
        return Unit(unit, round(statistics.median(by_pair.values()), 4), True)
    return Unit(unit, min(by_pair.values(), default=0.0), agreed)


def aligner_costs(texts: Sequence[Sequence[str]], langs: Sequence[str],
                  aligner: Aligner | None = None) -> dict[LangPair, GroupCost]:
    """Bead costs for every pair of documents as the parallel aligner counts them
    (:meth:`Aligner.bead_cost`), so that re-aligned units are judged as the pairwise beads
    were — with the edge penalty at a quarter: in the pairwise DP it decides between a
    merge and a match plus a left-out line, whereas a unit's split never leaves a sentence
    out where both sides have some and the link votes already say which sentences belong
    together; still, a merged sentence that adds nothing is how a line absorbed by its
    neighbour looks (three-way unit F1 on NTREX-dev, see docs/benchmarks.md). A 2-2 bead
    costs less than in the aligner: inside a unit it is what a chain of merges that differ by
    language looks like between two of the languages (en 3+4 and 5, ru 3 and 4+5), which the
    pairs with the third language already join; at the aligner's price such chains were split
    (three-way F1 on NTREX-dev up, see docs/benchmarks.md). A merged sentence whose bag
    features the other side lacks adds to the cost (:func:`_uncovered`): that is how a line
    left out of one language looks when its neighbour's bead absorbs it. A left-out sentence
    costs :data:`UNIT_SKIP`."""
    aligner = replace(aligner or Aligner(), edge_penalty=UNIT_EDGE_PENALTY,
                      many_penalty=UNIT_MANY_PENALTY, skip=UNIT_SKIP)
    costs: dict[LangPair, GroupCost] = {}
    for a, b in combinations(range(len(texts)), 2):
        # Bound on first use: where all pairwise alignments agree, nothing is re-aligned.
        bind = cache(partial(aligner.prepare, texts[a], texts[b], langs[a], langs[b]))
        sizes = (len(texts[a]), len(texts[b]))

        @cache
        def cost(src: tuple[int, ...], tgt: tuple[int, ...], bind=bind,
                 sizes=sizes) -> float:
            prepared = bind()
            (src_span,), (tgt_span,) = groups_to_spans([(src, tgt)])
            value = float(aligner.bead_cost(prepared, src_span[None], tgt_span[None],
                                            (len(src), len(tgt)), sizes)[0])
            return value + UNCOVERED_PENALTY * _uncovered(prepared, src, tgt)

        costs[(a, b)] = cost
    return costs


def _uncovered(prepared: Sequence[tuple[float, Prepared]], src: tuple[int, ...],
               tgt: tuple[int, ...]) -> float:
    """For a bead with a merged side (the larger, or both of a 2-2): how far each of its
    sentences falls short of COVERAGE_FLOOR, the share of its bag features (weighted as the
    aligner weighs the scorers) found in the other side's group; 1 per sentence at worst."""
    bags = [(weight, p) for weight, p in prepared if isinstance(p, BagPrepared)]
    if not bags or not src or not tgt or max(len(src), len(tgt)) < 2:
        return 0.0
    shortfall = 0.0
    for side, merged, other in ((0, src, tgt), (1, tgt, src)):
        if len(merged) < max(2, len(other)):
            continue
        for sentence in merged:
            found = whole = 0.0
            for weight, p in bags:
                shared, total = p.covered(side, sentence, other)
                found, whole = found + weight * shared, whole + weight * total
            if whole > 0:
                shortfall += max(0.0, COVERAGE_FLOOR - found / whole) / COVERAGE_FLOOR
    return shortfall


def format_units(units: Sequence[Unit], langs: Sequence[str], fmt: str,
                 texts: Sequence[Sequence[str]] | None = None) -> str:
    """``ladder``: ``[0]:[0, 1]:[]`` per unit; ``tsv`` and ``jsonl``
    (:mod:`~corpus_tools.align.writers`) add scores, agreement and, with ``texts``, text."""
    if fmt == "ladder":
        return "".join(format_ids(u.ids) + "\n" for u in units)
    columns = [f"{lang}_sent_ids" for lang in langs] + ["score", "agreement"]
    columns += list(langs) if texts is not None else []
    rows = []
    for u in units:
        row: dict = {f"{lang}_sent_ids": list(ids) for lang, ids in zip(langs, u.ids, strict=True)}
        row |= {"score": u.score, "agreement": u.agreement}
        if texts is not None:
            row |= {lang: join_sentences((texts[k][i] for i in u.ids[k]), lang)
                    for k, lang in enumerate(langs)}
        rows.append(row)
    return format_rows(rows, columns, fmt)


def align_files(paths: Sequence[str | Path], langs: Sequence[str], presegmented: bool,
                aligner: Aligner | None = None) -> tuple[list[Unit], list[list[str]]]:
    """Units over the sentences of ``paths`` (one language each) and those sentences."""
    if len(paths) != len(langs) or len(paths) < 2:
        raise InputError(f"give one file per language of {','.join(langs)} (got {len(paths)})")
    parts = [Parts.read(read_sentences(p, lang, presegmented), lang, presegmented)
             for p, lang in zip(paths, langs, strict=True)]
    texts = [p.sentences for p in parts]
    engine = aligner or Aligner()
    pairwise = {(a, b): align_parts(engine, parts[a], parts[b], langs[a], langs[b])
                for a, b in combinations(range(len(parts)), 2)}
    return align_many([len(t) for t in texts], pairwise, aligner_costs(texts, langs, engine),
                      lines=range(len(texts)) if presegmented else ()), texts
