import csv
import json
import xml.etree.ElementTree as ET

import polars as pl
import pytest

from corpus_tools.cli import cli
from corpus_tools.export import export_parallel
from corpus_tools.tables import parallel_schema, write_table

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_parallel(corpus_dir, rows):
    """A two-language parallel table: rows of (unit_id, en, ru, score)."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    table = pl.DataFrame([{
        "group_id": "g", "unit_id": unit_id, "en_doc_id": "den" if en is not None else None,
        "en_sent_ids": [unit_id] if en is not None else [], "en": en,
        "ru_doc_id": "dru" if ru is not None else None,
        "ru_sent_ids": [unit_id] if ru is not None else [], "ru": ru,
        "score": score, "agreement": True} for unit_id, en, ru, score in rows],
        schema=parallel_schema(["en", "ru"]))
    write_table(table, corpus_dir / "parallel.parquet", parallel_schema(["en", "ru"]))
    return corpus_dir


def test_tmx_has_one_tu_per_unit_with_language_codes_and_notes(sample_corpus, tmp_path):
    parallel = pl.read_parquet(sample_corpus / "parallel.parquet")
    both = parallel.filter(pl.col("en").is_not_null() & pl.col("zh").is_not_null())
    result = export_parallel(sample_corpus, "tmx", tmp_path / "out.tmx", pair="en-zh")

    root = ET.parse(tmp_path / "out.tmx").getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "en"
    units = root.findall("body/tu")
    assert len(units) == result.units == both.height
    for tu in units:
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en", "zh-CN"]
        assert all(tuv.find("seg").text for tuv in tu.findall("tuv"))
    first, expected = units[0], both.row(0, named=True)
    assert first.find("tuv/seg").text == expected["en"]
    assert float(first.find("prop[@type='x-confidence']").text) == pytest.approx(
        expected["score"], abs=1e-4)
    assert expected["en_doc_id"] in first.find("note").text
    assert expected["zh_doc_id"] in first.find("note").text
    assert first.find("tuv/prop[@type='x-doc-id']").text == expected["en_doc_id"]


def test_tmx_without_pair_is_multilingual(sample_corpus, tmp_path):
    export_parallel(sample_corpus, "tmx", tmp_path / "all.tmx")
    root = ET.parse(tmp_path / "all.tmx").getroot()
    assert root.find("header").get("srclang") == "*all*"
    langs = {tuv.get(XML_LANG) for tuv in root.iter("tuv")}
    assert langs == {"en", "ru", "zh-CN"}


def test_tmx_drops_characters_xml_cannot_carry(tmp_path):
    corpus = write_parallel(tmp_path / "c", [(0, "bell\x07 and tab\tkept", "звонок", 0.9)])
    export_parallel(corpus, "tmx", tmp_path / "out.tmx")
    seg = ET.parse(tmp_path / "out.tmx").getroot().find("body/tu/tuv/seg")
    assert seg.text == "bell\ufffd and tab\tkept"


def test_tsv_reads_back_with_text_that_needs_quoting(tmp_path):
    tricky = 'a "quoted"\tword and a\nnew line'
    corpus = write_parallel(tmp_path / "c", [(0, tricky, "да", 0.9), (1, "Plain.", "Просто.",
                                                                          0.4)])
    export_parallel(corpus, "tsv", tmp_path / "out.tsv")
    with open(tmp_path / "out.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert [r["en"] for r in rows] == [tricky, "Plain."]
    assert rows[1] == {"group_id": "g", "unit_id": "1", "score": "0.4", "agreement": "true",
                       "en_doc_id": "den", "en_sent_ids": "1", "en": "Plain.",
                       "ru_doc_id": "dru", "ru_sent_ids": "1", "ru": "Просто."}


def test_jsonl_has_one_object_per_unit(sample_corpus, tmp_path):
    parallel = pl.read_parquet(sample_corpus / "parallel.parquet")
    export_parallel(sample_corpus, "jsonl", tmp_path / "out.jsonl", pair="ru-zh")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    units = [json.loads(line) for line in lines]
    assert len(units) == parallel.filter(pl.col("ru").is_not_null()
                                         & pl.col("zh").is_not_null()).height
    assert set(units[0]) == {"group_id", "unit_id", "score", "agreement", "ru_doc_id",
                             "ru_sent_ids", "ru", "zh_doc_id", "zh_sent_ids", "zh"}
    assert units[0]["zh"] == parallel["zh"][0] and isinstance(units[0]["zh_sent_ids"], list)


def test_one_sided_units_are_kept_in_tsv_and_left_out_of_pairs_and_tmx(tmp_path):
    corpus = write_parallel(tmp_path / "c", [(0, "Both.", "Оба.", 0.9), (1, "Only English.",
                                                                         None, 0.5)])
    everything = export_parallel(corpus, "jsonl", tmp_path / "all.jsonl")
    pair = export_parallel(corpus, "jsonl", tmp_path / "pair.jsonl", pair="en-ru")
    tmx = export_parallel(corpus, "tmx", tmp_path / "all.tmx")
    assert (everything.units, everything.skipped) == (2, 0)
    assert (pair.units, pair.skipped) == (1, 1)
    assert (tmx.units, tmx.skipped) == (1, 1)
    assert json.loads((tmp_path / "all.jsonl").read_text().splitlines()[1])["ru"] is None


def test_unknown_pair_lists_the_available_pairs(runner, sample_corpus, tmp_path):
    result = runner.invoke(cli, ["export", str(sample_corpus), "--format", "tmx", "--pair",
                                 "en-de", "-o", str(tmp_path / "x.tmx")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "en-de" in result.output and "en-ru, en-zh, ru-en" in result.output
    assert not (tmp_path / "x.tmx").exists()


def test_corpus_without_parallel_table_names_the_build_stage(runner, tmp_path):
    (tmp_path / "corpora" / "empty").mkdir(parents=True)
    result = runner.invoke(cli, ["export", str(tmp_path / "corpora" / "empty"), "--format",
                                 "tsv", "-o", str(tmp_path / "x.tsv")])
    assert result.exit_code == 1
    assert "parallel.parquet" in result.output and "`parallel` stage" in result.output
    assert not (tmp_path / "x.tsv").exists()


def test_export_command_names_its_output_and_refuses_to_overwrite(runner, sample_corpus,
                                                                  tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(cli, ["export", str(sample_corpus), "--format", "tsv", "--pair",
                                "en-ru"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "sample.en-ru.tsv").exists()
    assert "sample.en-ru.tsv" in first.output
    again = runner.invoke(cli, ["export", str(sample_corpus), "--format", "tsv", "--pair",
                                "en-ru"])
    assert again.exit_code == 1 and "--force" in again.output
    forced = runner.invoke(cli, ["export", str(sample_corpus), "--format", "tsv", "--pair",
                                 "en-ru", "--force"])
    assert forced.exit_code == 0


def test_export_to_stdout_writes_only_the_export_there(runner, sample_corpus):
    result = runner.invoke(cli, ["export", str(sample_corpus), "--format", "tmx", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    ET.fromstring(result.stdout.split("\n", 2)[2])  # after the declaration and doctype
    assert "wrote" in result.stderr
