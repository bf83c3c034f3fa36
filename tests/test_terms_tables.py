import datetime as dt

import polars as pl
import pytest

from corpus_tools.tables import (
    CONCORDANCE,
    DOCUMENTS,
    FIDELITY,
    RENDERINGS,
    SENTENCES,
    TERMS,
    TRANSLATIONS,
    parallel_schema,
)
from corpus_tools.terms.glossary import load_glossary
from corpus_tools.terms.tables import build_term_tables, summarise_terms

# A zh original with human en/ru translations, one aligned unit per line.
UNITS = [
    {"zh": "各国应当共同构建命运共同体。",
     "en": "All countries should jointly build a community with a shared future.",
     "ru": "Все страны должны совместно строить сообщество единой судьбы."},
    {"zh": "这一命运共同体的理念得到广泛支持。",
     "en": "The idea of such communities with a shared future enjoys broad support.",
     "ru": "Идея такого сообщества единой судьбы пользуется широкой поддержкой."},
    {"zh": "我们致力于推动构建人类命运共同体。",
     "en": "We are committed to building a community with a shared future for mankind.",
     "ru": "Мы привержены построению сообщества единой судьбы человечества."},
    {"zh": "双方将加强合作。", "en": "The two sides will strengthen cooperation.",
     "ru": "Стороны укрепят сотрудничество."},
    {"zh": "双方在命运共同体框架内加强合作。",
     "en": "The two sides strengthen cooperation within a community of shared destiny.",
     "ru": "Стороны укрепляют сотрудничество в сообществе единой судьбы."},
]
# Machine translations of the zh sentences that differ from the human ones.
MT = [
    ("mt-a", "en", 0, "Countries should build a community of common destiny."),
    ("mt-a", "en", 1, "This concept of a community with a shared future is widely supported."),
    ("mt-a", "en", 2, "We are committed to building a community of common destiny for mankind."),
    ("mt-a", "en", 3, "Both sides will strengthen cooperation."),
    ("mt-a", "en", 4, "Both sides cooperate within the community with a shared future."),
    ("mt-b", "en", 0, "All countries should jointly build a community with a shared future."),
    ("mt-a", "ru", 0, "Все страны должны строить сообщество общей судьбы."),
]
PUBLISHED = {"zh": dt.date(2024, 5, 1), "en": dt.date(2024, 6, 1), "ru": dt.date(2024, 7, 1)}


def make_corpus():
    documents, sentences, parallel = [], [], []
    for lang in ("en", "ru", "zh"):
        texts = [u[lang] for u in UNITS]
        documents.append(document(f"doc-{lang}", "g", lang, "original" if lang == "zh"
                                  else "translation", texts, PUBLISHED[lang]))
        sentences += sentence_rows(f"doc-{lang}", lang, texts)
    # A later Russian commentary with no counterpart in other languages.
    later = ["Эксперты пишут о сообществе единой судьбы."]
    documents.append(document("doc-ru2", "g2", "ru", "commentary", later, dt.date(2025, 1, 2)))
    sentences += sentence_rows("doc-ru2", "ru", later)
    for i, unit in enumerate(UNITS):
        row = {"group_id": "g", "unit_id": i, "score": 0.9, "agreement": True}
        for lang in ("en", "ru", "zh"):
            row |= {f"{lang}_doc_id": f"doc-{lang}", f"{lang}_sent_ids": [i], lang: unit[lang]}
        parallel.append(row)
    return (pl.DataFrame(documents, schema=DOCUMENTS), pl.DataFrame(sentences, schema=SENTENCES),
            pl.DataFrame(parallel, schema=parallel_schema(["en", "ru", "zh"])))


def document(doc_id, group, lang, role, texts, published):
    return {"doc_id": doc_id, "name": doc_id, "group_id": group, "lang": lang, "role": role,
            "title": doc_id, "published": published, "site": "example.org",
            "text": "\n\n".join(texts), "sha256": doc_id, "extractor": "plain-text"}


def sentence_rows(doc_id, lang, texts):
    rows, start = [], 0
    for i, text in enumerate(texts):
        rows.append({"doc_id": doc_id, "sent_id": i, "paragraph_id": i, "lang": lang,
                     "text": text, "char_start": start, "char_end": start + len(text)})
        start += len(text) + 2
    return rows


def translations():
    return pl.DataFrame([{"doc_id": "doc-zh", "sent_id": i, "src_lang": "zh", "tgt_lang": lang,
                          "system": system, "model_id": f"test/{system}", "revision": "0",
                          "backend": "test", "options": "{}", "text": text}
                         for system, lang, i, text in MT], schema=TRANSLATIONS)


@pytest.fixture(scope="module")
def tables():
    documents, sentences, parallel = make_corpus()
    return build_term_tables(documents, sentences, load_glossary(), parallel, translations())


def test_tables_match_their_schemas(tables):
    assert tables.terms.schema == pl.Schema(TERMS)
    assert tables.concordance.schema == pl.Schema(CONCORDANCE)
    assert tables.renderings.schema == pl.Schema(RENDERINGS)
    assert tables.fidelity.schema == pl.Schema(FIDELITY)
    assert tables.renderings_note == ""


def test_terms_count_per_source_with_first_and_last_attestation(tables):
    ru = tables.terms.filter(pl.col("variant") == "сообщество единой судьбы")
    assert sorted(zip(ru["source"], ru["count"], ru["role"], strict=True)) == [
        ("doc-ru", 3, "translation"), ("doc-ru2", 1, "commentary")]
    assert set(ru["first_attested"]) == {dt.date(2024, 7, 1)}
    assert set(ru["last_attested"]) == {dt.date(2025, 1, 2)}
    mt = tables.terms.filter(pl.col("system") == "mt-a", pl.col("lang") == "en")
    assert dict(zip(mt["variant"], mt["count"], strict=True)) == {
        "community of common destiny": 1, "community of common destiny for mankind": 1,
        "community with a shared future": 2}
    assert set(mt["role"]) == {"mt"}


def test_summary_separates_human_and_mt_counts(tables):
    summary = summarise_terms(tables.terms).filter(pl.col("lang") == "en",
                                                   pl.col("concept_id") == "shared-future")
    rows = {r["variant"]: (r["human"], r["mt"]) for r in summary.iter_rows(named=True)}
    # "communities with a shared future" counts under the singular variant.
    assert rows == {"community with a shared future": (2, 3),
                    "community of shared destiny": (1, 0),
                    "community of common destiny": (0, 1)}


def test_concordance_keeps_spans_context_and_aligned_sentences(tables):
    ru = tables.concordance.filter(pl.col("doc_id") == "doc-ru", pl.col("sent_id") == 1).row(
        0, named=True)
    assert ru["match"] == "сообщества единой судьбы"
    assert UNITS[1]["ru"][ru["char_start"]:ru["char_end"]] == ru["match"]
    assert ru["left"].endswith("судьбы. Идея такого")  # context crosses sentence ends
    assert ru["right"].startswith("пользуется широкой поддержкой. Мы")
    assert ru["source"] == "doc-ru" and ru["unit_id"] == 1 and ru["system"] is None
    assert ru["aligned"] == [{"lang": "en", "text": UNITS[1]["en"]},
                             {"lang": "zh", "text": UNITS[1]["zh"]}]
    en0 = tables.concordance.filter(pl.col("doc_id") == "doc-en", pl.col("sent_id") == 1).row(
        0, named=True)
    assert en0["doc_char_start"] == len(UNITS[0]["en"]) + 2 + en0["char_start"]
    assert en0["left"].endswith("shared future. The idea of such")
    mt = tables.concordance.filter(pl.col("system") == "mt-b").row(0, named=True)
    assert mt["doc_char_start"] is None and mt["source"] == "mt-b"
    assert {a["lang"] for a in mt["aligned"]} == {"en", "ru", "zh"}  # keeps the human en
    unaligned = tables.concordance.filter(pl.col("doc_id") == "doc-ru2").row(0, named=True)
    assert (unaligned["group_id"], unaligned["unit_id"], unaligned["aligned"]) == ("g2", None, [])


def test_renderings_show_human_and_each_mt_system_per_unit(tables):
    rows = tables.renderings.filter(pl.col("tgt_lang") == "en").sort("unit_id", "system",
                                                                     nulls_last=False)
    got = [(r["unit_id"], r["system"], r["tgt_variant"], r["same_as_human"])
           for r in rows.iter_rows(named=True)]
    assert got == [
        (0, None, "community with a shared future", None),
        (0, "mt-a", "community of common destiny", False),
        (0, "mt-b", "community with a shared future", True),
        (1, None, "community with a shared future", None),
        (1, "mt-a", "community with a shared future", True),
        (2, None, "community with a shared future for mankind", None),
        (2, "mt-a", "community of common destiny for mankind", False),
        (4, None, "community of shared destiny", None),
        (4, "mt-a", "community with a shared future", False),
    ]
    assert set(rows["src_variant"]) == {"命运共同体", "人类命运共同体"}
    assert rows.filter(pl.col("unit_id") == 2)["concept_id"].to_list() == [
        "shared-future-mankind"] * 2  # the longer Chinese term, not 命运共同体 inside it


def test_rendering_of_a_broader_concept_counts_as_a_rendering():
    documents, sentences, parallel = make_corpus()
    short = parallel.with_columns(pl.when(pl.col("unit_id") == 2)
                                  .then(pl.lit("We build a community with a shared future."))
                                  .otherwise(pl.col("en")).alias("en"))
    sentences = sentences.with_columns(
        pl.when((pl.col("doc_id") == "doc-en") & (pl.col("sent_id") == 2))
        .then(pl.lit("We build a community with a shared future.")).otherwise(pl.col("text"))
        .alias("text"))
    tables = build_term_tables(documents, sentences, load_glossary(), short)
    row = tables.renderings.filter(pl.col("unit_id") == 2, pl.col("tgt_lang") == "en").row(
        0, named=True)
    assert (row["concept_id"], row["tgt_concept_id"], row["tgt_variant"]) == (
        "shared-future-mankind", "shared-future", "community with a shared future")


def test_fidelity_per_system_counts_same_as_human_or_official(tables):
    fidelity = {(r["system"], r["tgt_lang"]): (r["renderings"], r["same_as_human"], r["official"],
                                               r["faithful"], r["fidelity"])
                for r in tables.fidelity.iter_rows(named=True)}
    assert fidelity == {("mt-a", "en"): (4, 1, 2, 2, 0.5),
                        ("mt-b", "en"): (1, 1, 1, 1, 1.0),
                        ("mt-a", "ru"): (1, 0, 0, 0, 0.0)}


def test_without_parallel_table_renderings_are_empty_and_say_why():
    documents, sentences, _ = make_corpus()
    tables = build_term_tables(documents, sentences, load_glossary())
    assert tables.renderings.height == 0 and tables.fidelity.height == 0
    assert "no parallel table" in tables.renderings_note
    assert tables.terms.height > 0 and tables.concordance.height > 0
    assert tables.concordance["unit_id"].null_count() == tables.concordance.height


def test_empty_parallel_table_is_named_as_the_reason():
    documents, sentences, parallel = make_corpus()
    tables = build_term_tables(documents, sentences, load_glossary(), parallel.clear())
    assert tables.renderings_note == "no aligned units: the parallel table is empty"


def test_why_no_renderings_stays_one_short_line_for_many_groups():
    from corpus_tools.terms.tables import _no_renderings

    rows = [{"group_id": f"g{n:03d}", "lang": lang, "role": role}
            for n in range(200) for lang, role in (("en", "original"), ("ru", "translation"))]
    rows += [{"group_id": "z1", "lang": "zh", "role": "original"},
             {"group_id": "z1", "lang": "en", "role": "translation"}]
    why = _no_renderings(pl.DataFrame(rows), pl.DataFrame({"unit_id": [0]}), "en")
    assert why == ("no aligned unit's source side contains a glossary concept (source: "
                   "en in 200 groups (g000, g001, g002, …); zh in z1)")
