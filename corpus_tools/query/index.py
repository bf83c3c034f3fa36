"""The token index: every word of the corpus with its lemma, built once, queried many times.

One row per token of every human sentence and of every stored MT output (``translations``),
in the ``tokens`` table (schema in :data:`corpus_tools.tables.TOKENS`). The ``system`` column
is null for human text and names the MT system otherwise; role, site and date come from
``documents`` when a query reads the index.
"""

from __future__ import annotations

import polars as pl

from corpus_tools.progress import track
from corpus_tools.query.tokenize import tokenize
from corpus_tools.tables import TOKENS, conform, empty_table


def build_index(documents: pl.DataFrame, sentences: pl.DataFrame,
                translations: pl.DataFrame | None = None) -> pl.DataFrame:
    """The ``tokens`` table of human sentences and MT outputs; groups are independent, so a
    caller may build it one group at a time and concatenate."""
    group_of = dict(zip(documents["doc_id"], documents["group_id"], strict=True))
    texts = [(d, s, None, lang, text) for d, s, lang, text in
             sentences.select("doc_id", "sent_id", "lang", "text").iter_rows()]
    if translations is not None:
        texts += translations.select("doc_id", "sent_id", "system", "tgt_lang", "text").rows()
    columns: dict[str, list] = {name: [] for name in TOKENS}
    for doc_id, sent_id, system, lang, text in track(texts, "index", total=len(texts)):
        for position, token in enumerate(tokenize(text or "", lang)):
            columns["group_id"].append(group_of.get(doc_id))
            columns["doc_id"].append(doc_id)
            columns["sent_id"].append(sent_id)
            columns["system"].append(system)
            columns["lang"].append(lang)
            columns["position"].append(position)
            columns["word"].append(token.word)
            columns["lemma"].append(token.lemma)
            columns["char_start"].append(token.start)
            columns["char_end"].append(token.end)
    if not columns["doc_id"]:
        return empty_table(TOKENS)
    return conform(pl.DataFrame(columns, schema=TOKENS), TOKENS, "tokens")
