"""The loading recipes of docs/loading.md work on tables `build` writes."""

import polars as pl
import pytest


def test_tables_load_with_polars(sample_corpus):
    parallel = pl.read_parquet(sample_corpus / "parallel.parquet")
    assert {"en", "ru", "zh", "score"} <= set(parallel.columns)
    beads = pl.scan_parquet(sample_corpus.parents[1] / "alignments" / "sample" / "*.parquet")
    pairs = beads.group_by("src_lang", "tgt_lang").agg(pl.len()).collect()
    assert pairs.height == 3


def test_tables_load_with_pandas(sample_corpus):
    pd = pytest.importorskip("pandas")
    parallel = pd.read_parquet(sample_corpus / "parallel.parquet")
    assert len(parallel) == pl.read_parquet(sample_corpus / "parallel.parquet").height


def test_tables_load_with_hugging_face_datasets(sample_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    expected = pl.read_parquet(sample_corpus / "parallel.parquet")
    parallel = datasets.load_dataset("parquet", data_files=str(sample_corpus / "parallel.parquet"),
                                     split="train", cache_dir=str(tmp_path / "hf"))
    assert parallel.num_rows == expected.height
    assert parallel[0]["zh"] == expected["zh"][0]
    assert parallel[0]["zh_sent_ids"] == expected["zh_sent_ids"][0].to_list()
    alignments = sample_corpus.parents[1] / "alignments" / "sample"
    beads = datasets.load_dataset("parquet", cache_dir=str(tmp_path / "hf"), data_files={
        "en_ru": str(alignments / "en-ru.parquet"), "en_zh": str(alignments / "en-zh.parquet")})
    assert set(beads) == {"en_ru", "en_zh"}
