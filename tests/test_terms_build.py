import shutil
from pathlib import Path

import polars as pl
import pytest

from corpus_tools.build import build
from corpus_tools.errors import ManifestError
from corpus_tools.tables import TRANSLATIONS, read_provenance, write_table

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample corpus built once; tests that change it work on a copy."""
    root = tmp_path_factory.mktemp("root")
    report = build(SAMPLE / "manifest.toml", root=root)
    return root / "corpora" / "sample", report


def copy_sample(tmp_path: Path, extra: str = "") -> Path:
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    manifest = target / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return manifest


def test_build_writes_the_term_tables_for_the_sample_corpus(sample):
    corpus, report = sample
    assert "terms" in report.built
    assert {"terms", "concordance", "renderings", "fidelity"} <= set(report.tables)
    concordance = pl.read_parquet(corpus / "concordance.parquet")
    ru = concordance.filter(pl.col("concept_id") == "shared-future", pl.col("lang") == "ru")
    assert set(ru["match"]) == {"сообщество единой судьбы", "сообщества единой судьбы",
                                "сообществом единой судьбы", "сообществе единой судьбы"}
    en = concordance.filter(pl.col("concept_id") == "shared-future", pl.col("lang") == "en")
    assert set(en["variant"]) == {"community of common destiny", "community of shared destiny",
                                  "community with a shared future"}
    zh = concordance.filter(pl.col("lang") == "zh", pl.col("match").str.contains("命运共同体"))
    assert sorted(set(zip(zh["concept_id"], zh["match"], strict=True))) == [
        ("china-central-asia-community", "中国—中亚命运共同体"),
        ("shared-future", "命运共同体"),
        ("shared-future-mankind", "人类命运共同体")]
    renderings = pl.read_parquet(corpus / "renderings.parquet")
    treaty = renderings.filter(pl.col("group_id") == "treaty",
                               pl.col("concept_id") == "shared-future")
    assert treaty.height == 8  # four units × en, ru
    assert set(treaty["tgt_variant"]) == {"community with a shared future",
                                          "сообщество единой судьбы"}
    provenance = read_provenance(corpus / "renderings.parquet")
    assert provenance["notes"]["renderings_note"] == ""
    assert provenance["settings"]["source_lang"] == "zh"
    assert provenance["settings"]["glossary"] == "shipped"


def test_translations_table_adds_mt_renderings_on_rebuild(tmp_path):
    manifest = copy_sample(tmp_path)
    build(manifest, root=tmp_path)
    corpus = tmp_path / "corpora" / "sample"
    assert build(manifest, root=tmp_path).built == []
    sentences = pl.read_parquet(corpus / "sentences.parquet")
    documents = pl.read_parquet(corpus / "documents.parquet")
    treaty_zh = documents.filter(pl.col("name") == "treaty-zh")["doc_id"][0]
    source = sentences.filter(pl.col("doc_id") == treaty_zh,
                              pl.col("text").str.contains("命运共同体"))
    rows = [{"doc_id": treaty_zh, "sent_id": sent_id, "src_lang": "zh", "tgt_lang": "en",
             "system": "mt-literal", "model_id": "test", "revision": "0", "backend": "test",
             "options": "{}", "text": "They build a community of common destiny."}
            for sent_id in source["sent_id"]]
    write_table(pl.DataFrame(rows), corpus / "translations.parquet", TRANSLATIONS)
    assert build(manifest, root=tmp_path).built == ["scores", "terms", "index"]
    mt_tokens = pl.read_parquet(corpus / "tokens.parquet").filter(pl.col("system") == "mt-literal")
    assert mt_tokens.filter(pl.col("lemma") == "community").height == len(rows)
    fidelity = pl.read_parquet(corpus / "fidelity.parquet").row(0, named=True)
    # Six (unit, concept) pairs: two of the four units also hold 睦邻友好 / 开放包容.
    assert (fidelity["system"], fidelity["renderings"], fidelity["faithful"]) == (
        "mt-literal", 6, 0)
    mt = pl.read_parquet(corpus / "renderings.parquet").filter(pl.col("system") == "mt-literal")
    assert set(mt["tgt_variant"].drop_nulls()) == {"community of common destiny"}


def test_manifest_chooses_the_glossary(tmp_path):
    manifest = copy_sample(tmp_path, '\n[terms]\nglossary = "mine.toml"\n')
    (manifest.parent / "mine.toml").write_text(
        '[[concept]]\nid = "jungle"\n[concept.variants]\nen = ["law of the jungle"]\n'
        'ru = ["закон джунглей"]\n', encoding="utf-8")
    build(manifest, root=tmp_path)
    terms = pl.read_parquet(tmp_path / "corpora" / "sample" / "terms.parquet")
    assert set(terms["concept_id"]) == {"jungle"}
    assert set(terms["lang"]) == {"en", "ru"}


def test_manifest_with_missing_glossary_is_a_one_line_error(tmp_path):
    manifest = copy_sample(tmp_path, '\n[terms]\nglossary = "nowhere.toml"\n')
    with pytest.raises(ManifestError, match=r"\[terms\]: missing glossary .*nowhere.toml"):
        build(manifest, root=tmp_path)


def test_single_language_corpus_builds_terms_and_says_why_renderings_are_empty(tmp_path):
    (tmp_path / "a.ru.txt").write_text("Стороны строят сообщество единой судьбы.\n",
                                       encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        'name = "solo"\n[[documents]]\nid = "a-ru"\npath = "a.ru.txt"\nlang = "ru"\n',
        encoding="utf-8")
    report = build(tmp_path / "manifest.toml", root=tmp_path)
    assert "parallel" in report.skipped and "terms" in report.built
    corpus = tmp_path / "corpora" / "solo"
    assert pl.read_parquet(corpus / "terms.parquet")["variant"].to_list() == [
        "сообщество единой судьбы"]
    assert pl.read_parquet(corpus / "renderings.parquet").height == 0
    note = read_provenance(corpus / "renderings.parquet")["notes"]["renderings_note"]
    assert note.startswith("no aligned units: the corpus has no parallel table")
