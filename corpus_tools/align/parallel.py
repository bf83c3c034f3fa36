"""The wide ``parallel`` view: one row per aligned unit across all languages of a group.

Units are the connected components of the graph whose nodes are sentences and whose edges
are the pairwise beads; with monotonic alignments that agree, each component is one unit.
"""

from __future__ import annotations

import polars as pl

from corpus_tools.tables import parallel_schema

Node = tuple[str, int]  # (doc_id, sent_id)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, node: Node) -> Node:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: Node, b: Node) -> None:
        self.parent[self.find(a)] = self.find(b)


def build_parallel(alignments: pl.DataFrame, sentences: pl.DataFrame, documents: pl.DataFrame,
                   langs: list[str] | None = None) -> pl.DataFrame:
    """Merge pairwise ``parallel``-mode alignments into trilingual (n-lingual) units."""
    langs = langs or sorted(documents["lang"].unique().to_list())
    alignments = alignments.filter(pl.col("mode") == "parallel")
    lang_of = dict(zip(documents["doc_id"], documents["lang"], strict=True))
    text_of = {(d, s): t for d, s, t in sentences.select("doc_id", "sent_id", "text").iter_rows()}
    rows = []
    for (group_id,), group in alignments.sort("group_id").group_by("group_id",
                                                                    maintain_order=True):
        forest = _UnionFind()
        scores: dict[Node, list[float]] = {}
        for bead in group.iter_rows(named=True):
            nodes = [(bead["src_doc_id"], i) for i in bead["src_sent_ids"]]
            nodes += [(bead["tgt_doc_id"], i) for i in bead["tgt_sent_ids"]]
            for node in nodes:
                forest.find(node)
                scores.setdefault(node, []).append(bead["score"])
            for node in nodes[1:]:
                forest.union(nodes[0], node)
        units: dict[Node, list[Node]] = {}
        for node in forest.parent:
            units.setdefault(forest.find(node), []).append(node)
        ordered = sorted(units.values(), key=lambda ns: min(_position(n, lang_of, langs)
                                                            for n in ns))
        for unit_id, nodes in enumerate(ordered):
            rows.append(_unit_row(group_id, unit_id, nodes, langs, lang_of, text_of, scores))
    return pl.DataFrame(rows, schema=parallel_schema(langs))


def _position(node: Node, lang_of: dict[str, str], langs: list[str]) -> tuple[int, int]:
    return node[1], langs.index(lang_of[node[0]])


def _unit_row(group_id: str, unit_id: int, nodes: list[Node], langs: list[str],
              lang_of: dict[str, str], text_of: dict[Node, str],
              scores: dict[Node, list[float]]) -> dict:
    row: dict = {"group_id": group_id, "unit_id": unit_id}
    for lang in langs:
        mine = sorted(n for n in nodes if lang_of[n[0]] == lang)
        docs = sorted({d for d, _ in mine})
        row[f"{lang}_doc_id"] = docs[0] if docs else None
        row[f"{lang}_sent_ids"] = [s for _, s in mine]
        row[lang] = ("" if lang in ("zh", "ja") else " ").join(text_of[n] for n in mine) or None
    row["score"] = min(min(scores[n]) for n in nodes)
    # Agreement: every document of the unit is linked to every other by some bead.
    row["agreement"] = all(len(scores[n]) >= len({d for d, _ in nodes}) - 1 for n in nodes)
    return row
