"""Table schemas, atomic Parquet read/write, and provenance metadata.

Every table corpus-tools writes is declared here once (``SCHEMAS``) and documented in
``docs/schema.md``. Writes go to a temporary file that is renamed into place, and carry a
JSON provenance record under the Parquet key-value metadata key ``corpus_tools``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from corpus_tools import __version__
from corpus_tools.errors import InputError, TableMissingError
from corpus_tools.fileio import atomic_output, sha256_file

PROVENANCE_KEY = "corpus_tools"

IDS = pl.List(pl.Int64)

DOCUMENTS = {
    "doc_id": pl.String,  # hash of the normalised URL, or of the file's content
    "name": pl.String,  # the manifest entry's id (or a name derived from the URL/path)
    "group_id": pl.String,  # documents that are versions of the same text share a group
    "lang": pl.String,  # ISO 639-1
    "role": pl.String,  # original | translation | commentary
    "url": pl.String,
    "path": pl.String,
    "parent_id": pl.String,  # doc_id of the page whose link led here
    "anchor_text": pl.String,
    "title": pl.String,
    "published": pl.Date,
    "site": pl.String,
    "text": pl.String,  # paragraphs separated by one blank line
    "sha256": pl.String,  # of the raw bytes the text was extracted from
    "retrieved_at": pl.Datetime("us", "UTC"),  # when fetched; null for a local file
    "extractor": pl.String,
    "source": pl.String,  # the agency or outlet the page credits (Xinhua's 来源), if it says
    "editor": pl.String,  # the editor the page names (责任编辑, "Editor:"), if it does
    "found_by": pl.String,  # given (input, manifest) | link (followed) | match (match-docs)
    "match_confidence": pl.Float64,  # found_by = match: its confidence …
    "match_runner_up": pl.Float64,  # … and the best other candidate's in the same language
    "segmented": pl.Boolean,  # the text holds one sentence per line (manifest `segmented`)
}

SENTENCES = {
    "doc_id": pl.String,
    "sent_id": pl.Int64,  # 0-based within its document
    "paragraph_id": pl.Int64,  # 0-based within its document
    "lang": pl.String,
    "text": pl.String,
    "char_start": pl.Int64,  # documents.text[char_start:char_end] == text
    "char_end": pl.Int64,
}

ALIGNMENTS = {
    "group_id": pl.String,
    "src_doc_id": pl.String,
    "tgt_doc_id": pl.String,
    "src_lang": pl.String,
    "tgt_lang": pl.String,
    "bead_id": pl.Int64,  # order of the bead in the alignment
    "src_sent_ids": IDS,  # empty for a 0-1 bead
    "tgt_sent_ids": IDS,  # empty for a 1-0 bead
    "src_text": pl.String,
    "tgt_text": pl.String,
    "score": pl.Float64,  # confidence in [0, 1]
    "method": pl.String,  # aligner and scorers, e.g. "dp:length"
    "mode": pl.String,  # parallel | comparable
    "reviewed": pl.Boolean,  # a reviewer's bead (see docs/review.md), kept by the aligner
}

TRANSLATIONS = {
    "doc_id": pl.String,
    "sent_id": pl.Int64,
    "src_lang": pl.String,
    "tgt_lang": pl.String,
    "system": pl.String,  # short name used in scores and terms
    "model_id": pl.String,
    "revision": pl.String,
    "backend": pl.String,
    "options": pl.String,  # generation options as JSON
    "text": pl.String,
}

SCORES = {
    "system": pl.String,
    "src_lang": pl.String,
    "tgt_lang": pl.String,
    "group_id": pl.String,  # document group (build); null for the corpus level and the CLI
    "ref_doc_id": pl.String,  # reference document; null for the corpus level
    "level": pl.String,  # corpus | document | sentence
    "key": pl.String,  # "" for corpus, doc_id for document, "doc_id:segment" for sentence
    "segment": pl.Int64,  # sentence level: line number (CLI) or parallel unit_id (build)
    "n_segments": pl.Int64,  # how many segments the value aggregates
    "metric": pl.String,  # bleu | chrf (chrF++) | ter | comet
    "value": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "p_value": pl.Float64,  # against the baseline system, when a paired test ran
    "signature": pl.String,  # sacrebleu signature
}

LEARNT_LEXICON = {  # the corpus's bootstrap lexicon, learnt from the first pass of every group
    "src_lang": pl.String,
    "tgt_lang": pl.String,
    "src_word": pl.String,  # word key (see align/scorers/lexicon.py: word_key)
    "tgt_word": pl.String,
    "dice": pl.Float64,  # Dice coefficient of the two words' co-occurrence in confident beads
}

FETCH_LOG = {
    "url": pl.String,  # the URL asked for (or the local file)
    "request_url": pl.String,  # this request: the URL, a redirect target, robots.txt
    "attempt": pl.Int64,  # 1-based per request_url
    "requested_at": pl.Datetime("us", "UTC"),
    "outcome": pl.String,  # ok | retry | redirect | timeout | too-large | wrong-language …
    "status": pl.Int64,  # HTTP status, null when none came back
    "detail": pl.String,  # one line: why
    "content_type": pl.String,
    "bytes": pl.Int64,
    "sha256": pl.String,  # of the body
    "wait_s": pl.Float64,  # waited this long before the next attempt
    "source": pl.String,  # network | cache | file | warc
    "final": pl.Boolean,  # the row that decided what became of url
    "doc_id": pl.String,  # the document it became, null when it became none
}

TERMS = {
    "concept_id": pl.String,
    "lang": pl.String,
    "variant": pl.String,  # the glossary form matched (inflected forms count under it)
    "tag": pl.String,  # official | common | literal | other
    "source": pl.String,  # the document's name, or the MT system
    "system": pl.String,  # MT system; null for human text
    "doc_id": pl.String,  # the document (for MT: the source document translated)
    "group_id": pl.String,
    "site": pl.String,
    "role": pl.String,  # original | translation | commentary | mt
    "published": pl.Date,
    "count": pl.Int64,
    "first_attested": pl.Date,  # earliest / latest human source of this concept × lang × variant
    "last_attested": pl.Date,
    "reviewed": pl.Boolean,  # a reviewer judged one of the matches counted (docs/review.md)
}

ALIGNED = pl.List(pl.Struct({"lang": pl.String, "text": pl.String}))

CONCORDANCE = {
    "concept_id": pl.String,
    "lang": pl.String,
    "variant": pl.String,
    "tag": pl.String,
    "doc_id": pl.String,
    "sent_id": pl.Int64,
    "system": pl.String,  # MT system; null for human text
    "source": pl.String,  # the document's name, or the MT system
    "char_start": pl.Int64,  # span in the sentence (or MT output) text
    "char_end": pl.Int64,
    "doc_char_start": pl.Int64,  # span in documents.text; null for MT
    "doc_char_end": pl.Int64,
    "left": pl.String,
    "match": pl.String,
    "right": pl.String,
    "group_id": pl.String,
    "unit_id": pl.Int64,  # the aligned unit in `parallel`; null when not aligned
    "aligned": ALIGNED,  # the unit's sentences in the other languages
    "reviewed": pl.Boolean,  # a reviewer judged this match right (docs/review.md)
}

RENDERINGS = {
    "group_id": pl.String,
    "unit_id": pl.Int64,
    "concept_id": pl.String,  # the concept found on the source side
    "src_lang": pl.String,
    "src_doc_id": pl.String,
    "src_sent_ids": IDS,
    "src_variant": pl.String,
    "src_text": pl.String,
    "tgt_lang": pl.String,
    "system": pl.String,  # MT system; null for the human translation
    "tgt_doc_id": pl.String,  # null for MT
    "tgt_text": pl.String,
    "tgt_concept_id": pl.String,  # the concept (or a broader/narrower one) found; null: none
    "tgt_variant": pl.String,
    "tgt_tag": pl.String,
    "tgt_count": pl.Int64,
    "same_as_human": pl.Boolean,  # MT rows: same concept and variant as the human side
    "reviewed": pl.Boolean,  # a reviewer's unit, or a judged match on either side
}

FIDELITY = {
    "system": pl.String,
    "src_lang": pl.String,
    "tgt_lang": pl.String,
    "renderings": pl.Int64,  # (aligned unit × source-side concept) pairs the system translated
    "same_as_human": pl.Int64,
    "official": pl.Int64,  # the MT used a variant tagged official
    "faithful": pl.Int64,  # same as human, or official
    "fidelity": pl.Float64,  # faithful / renderings
}

TOKENS = {
    "group_id": pl.String,
    "doc_id": pl.String,  # the document (for MT: the source document translated)
    "sent_id": pl.Int64,  # the sentence (for MT: the source sentence translated)
    "system": pl.String,  # MT system; null for human text
    "lang": pl.String,  # the language of the token (for MT: the target language)
    "position": pl.Int64,  # 0-based token number in the sentence
    "word": pl.String,
    "lemma": pl.String,  # pymorphy3 (ru), plural/possessive stripped (en), the word (zh)
    "char_start": pl.Int64,  # span in the sentence text (for MT: in the MT output)
    "char_end": pl.Int64,
}

SCHEMAS: dict[str, Mapping[str, pl.DataType]] = {
    "documents": DOCUMENTS,
    "sentences": SENTENCES,
    "alignments": ALIGNMENTS,
    "translations": TRANSLATIONS,
    "scores": SCORES,
    "fetch_log": FETCH_LOG,
    "learnt_lexicon": LEARNT_LEXICON,
    "terms": TERMS,
    "concordance": CONCORDANCE,
    "renderings": RENDERINGS,
    "fidelity": FIDELITY,
    "tokens": TOKENS,
}


def parallel_schema(langs: list[str]) -> dict[str, pl.DataType]:
    """The wide view: one row per aligned unit, ids and text per language."""
    schema: dict[str, pl.DataType] = {"group_id": pl.String, "unit_id": pl.Int64}
    for lang in langs:
        schema[f"{lang}_doc_id"] = pl.String
        schema[f"{lang}_sent_ids"] = IDS
        schema[lang] = pl.String
    schema["score"] = pl.Float64
    schema["agreement"] = pl.Boolean  # pairwise alignments agree on this unit
    schema["reviewed"] = pl.Boolean  # a reviewer's unit (see docs/review.md)
    return schema


def empty_table(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=dict(schema))


def conform(df: pl.DataFrame, schema: Mapping[str, pl.DataType], table: str) -> pl.DataFrame:
    """Order and cast columns to ``schema``; a missing column is a programming error."""
    missing = [name for name in schema if name not in df.columns]
    if missing:
        raise ValueError(f"table {table}: missing columns {missing}")
    return df.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])


def provenance(inputs: Mapping[str, Path] | None = None, **stage: Any) -> dict[str, Any]:
    """A provenance record: tool version, sha256 of each input file, stage settings (no
    time: the same inputs give the same bytes)."""
    return {
        "tool": "corpus-tools",
        "tool_version": __version__,
        "inputs": {name: sha256_file(path) for name, path in (inputs or {}).items()},
        "stage": stage,
    }


def write_table(
    df: pl.DataFrame,
    path: str | Path,
    schema: Mapping[str, pl.DataType] | None = None,
    prov: Mapping[str, Any] | None = None,
    force: bool = True,
) -> Path:
    """Write ``df`` atomically as Parquet, conformed to ``schema``, with provenance metadata."""
    path = Path(path)
    if schema is not None:
        df = conform(df, schema, path.stem)
    metadata = {PROVENANCE_KEY: json.dumps(dict(prov or provenance()), ensure_ascii=False)}
    with atomic_output(path, force) as tmp:
        df.write_parquet(tmp, metadata=metadata)
    return path


def read_table(path: str | Path, stage_hint: str | None = None) -> pl.DataFrame:
    """Read a table; a missing one names the ``build`` stage that produces it."""
    path = Path(path)
    if not path.exists():
        hint = f" (built by the `{stage_hint}` stage of `corpus-tools build`)" if stage_hint else ""
        raise TableMissingError(f"{path}: table not found{hint}")
    try:
        return pl.read_parquet(path)
    except Exception as err:  # polars raises several error types for a damaged file
        kind = err.__class__.__name__
        raise InputError(f"{path}: not a readable Parquet table ({kind})") from None


def read_provenance(path: str | Path) -> dict[str, Any]:
    raw = pl.read_parquet_metadata(path).get(PROVENANCE_KEY)
    return json.loads(raw) if raw else {}
