"""What a hit is reported with: a KWIC line with its metadata, and counts by any column."""

from __future__ import annotations

import difflib

import polars as pl

from corpus_tools.query.corpus import QueryCorpus
from corpus_tools.query.parser import QueryUsageError
from corpus_tools.tables import ALIGNED

CONTEXT_WIDTH = 60  # characters of context on each side, within the sentence

KWIC = {
    "doc": pl.String,  # the document's manifest id (for MT: the source document's)
    "doc_id": pl.String,
    "sent_id": pl.Int64,
    "lang": pl.String,
    "system": pl.String,  # MT system; null for human text
    "source": pl.String,  # the document's manifest id, or the MT system (as in `terms`)
    "role": pl.String,  # original | translation | commentary | mt
    "site": pl.String,
    "published": pl.Date,
    "group_id": pl.String,
    "unit_id": pl.Int64,  # the aligned unit in `parallel`; null when not aligned
    "left": pl.String,
    "match": pl.String,
    "right": pl.String,
    "form": pl.String,  # the matched words
    "lemma": pl.String,  # their lemmas
    "char_start": pl.Int64,  # span of the match in the sentence (or MT output)
    "char_end": pl.Int64,
    "aligned": ALIGNED,  # the unit's sentences in the other languages
}

# --count BY: what each name groups hits by.
COUNT_KEYS = {
    "site": pl.col("site"), "year": pl.col("published").dt.year(), "date": pl.col("published"),
    "role": pl.col("role"), "group": pl.col("group_id"),
    "system": pl.col("system").fill_null("human"), "doc": pl.col("doc"), "lang": pl.col("lang"),
    "form": pl.col("form").str.to_lowercase(), "lemma": pl.col("lemma"),
}


def concordance(corpus: QueryCorpus, hits: pl.DataFrame,
                width: int = CONTEXT_WIDTH) -> pl.DataFrame:
    """One KWIC row per hit, with the document's metadata and the aligned sentences."""
    texts = _hit_texts(corpus, hits)
    docs = corpus.documents.select(pl.col("doc_id"), pl.col("name").alias("doc"), "role",
                                   "site", "published", "group_id")
    table = hits.with_columns(text=pl.Series(texts, dtype=pl.String)).join(
        docs, on="doc_id", how="left")
    rows = []
    for row in table.iter_rows(named=True):
        text, start, end = row["text"] or "", row["char_start"], row["char_end"]
        unit = corpus.units.by_sentence.get((row["doc_id"], row["sent_id"]))
        human = row["system"] is None
        rows.append({
            **{k: row[k] for k in KWIC if k in row},
            "source": row["doc"] if human else row["system"],
            "role": row["role"] if human else "mt",
            "group_id": unit["group_id"] if unit else row["group_id"],
            "unit_id": unit["unit_id"] if unit else None,
            "left": _flat(text[max(0, start - width):start]), "match": text[start:end],
            "right": _flat(text[end:end + width]),
            # An MT line keeps the human sentence of its own language: its reference.
            "aligned": corpus.units.aligned(row["doc_id"], row["sent_id"],
                                            skip_lang=row["lang"] if human else None),
        })
    return pl.DataFrame(rows, schema=KWIC)


def _hit_texts(corpus: QueryCorpus, hits: pl.DataFrame) -> list[str | None]:
    """The sentence (or MT output) each hit lies in."""
    wanted = set(hits["doc_id"].unique())
    human = {(d, s): t for d, s, t in corpus.sentences.filter(pl.col("doc_id").is_in(wanted))
             .select("doc_id", "sent_id", "text").iter_rows()}
    machine = {} if corpus.translations is None else {
        (d, s, system, lang): t for d, s, system, lang, t in corpus.translations
        .filter(pl.col("doc_id").is_in(wanted))
        .select("doc_id", "sent_id", "system", "tgt_lang", "text").iter_rows()}
    return [human.get((d, s)) if system is None else machine.get((d, s, system, lang))
            for d, s, system, lang in hits.select("doc_id", "sent_id", "system", "lang")
            .iter_rows()]


def _flat(text: str) -> str:
    return " ".join(text.split())


def check_count_keys(by: tuple[str, ...], documents: pl.DataFrame) -> None:
    """Each ``--count`` key names a column; checked before any work is done."""
    known = [*COUNT_KEYS, *(c for c in (*KWIC, *documents.columns)
                            if c not in COUNT_KEYS and c != "text")]
    for key in by:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise QueryUsageError(f"--count: unknown column {key!r} (use "
                                  f"{', '.join(COUNT_KEYS)} or a column of the concordance "
                                  f"or of documents){hint}")


def count_by(kwic: pl.DataFrame, by: tuple[str, ...], documents: pl.DataFrame) -> pl.DataFrame:
    """Hits per value of each ``by`` key, most frequent first: a name of ``COUNT_KEYS``, a
    column of the concordance, or a column of ``documents`` (title, url, extractor …), as
    :func:`check_count_keys` has checked before the search."""
    extra = [k for k in by if k not in COUNT_KEYS and k not in kwic.columns]
    if extra:
        kwic = kwic.join(documents.select("doc_id", *extra), on="doc_id", how="left")
    keys = [COUNT_KEYS[k].alias(k) if k in COUNT_KEYS else pl.col(k) for k in by]
    return (kwic.group_by(keys)
            .agg(hits=pl.len().cast(pl.Int64),
                 sentences=pl.struct("doc_id", "sent_id", "system").n_unique().cast(pl.Int64),
                 documents=pl.col("doc_id").n_unique().cast(pl.Int64))
            .sort(["hits", *by], descending=[True] + [False] * len(by), nulls_last=True))
