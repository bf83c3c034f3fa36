"""Text files in UTF-8 (with or without a BOM) and UTF-16 with a BOM are read; others are
refused with the byte offset, the likely encoding and the iconv line that converts them."""

import codecs

import pytest

from corpus_tools.cli import cli

RU = "Президент прибыл в Москву. Переговоры прошли успешно.\n"
ZH = "峰会在北京举行。各方签署了联合声明。\n"


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("utf-8"),
    lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"])
def test_utf8_and_utf16_with_a_bom_segment_alike(runner, tmp_path, encode):
    source = tmp_path / "in.txt"
    source.write_bytes(encode(RU))
    result = runner.invoke(cli, ["segment", "--lang", "ru", "--backend", "rules", str(source)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Президент прибыл в Москву.\nПереговоры прошли успешно.\n"


@pytest.mark.parametrize(("text", "codec", "named"), [
    (RU, "cp1251", "CP1251"),
    (RU, "koi8_r", "KOI8-R"),
    (ZH, "gb18030", "GB18030"),
    ("Le café est prêt.\n", "cp1252", "CP1252"),
])
def test_a_legacy_encoding_is_refused_with_its_likely_name_and_the_iconv_line(
        runner, tmp_path, text, codec, named):
    source = tmp_path / f"in.{codec}.txt"
    source.write_bytes(codecs.encode(text, codec))
    result = runner.invoke(cli, ["segment", "--lang", "ru", str(source)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1  # one line
    offset = len(text[:next(i for i, c in enumerate(text) if ord(c) > 127)].encode())
    assert f"{source}: not UTF-8 (byte offset {offset}; likely {named})" in result.stderr
    assert f"`iconv -f {named} -t UTF-8 {source} > {source}.utf8`" in result.stderr


def test_utf16_without_a_bom_is_named_as_such(runner, tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes("Plain English text, no mark.\n".encode("utf-16-le"))
    result = runner.invoke(cli, ["segment", "--lang", "en", str(source)])
    assert result.exit_code == 1
    assert "likely UTF-16LE without a byte-order mark" in result.stderr
    assert "iconv -f UTF-16LE -t UTF-8" in result.stderr


def test_a_utf16_manifest_and_a_utf16_document_are_read(runner, tiny_manifest, tmp_path):
    import polars as pl

    from corpus_tools.manifest import load_manifest

    expected = load_manifest(tiny_manifest)
    tiny_manifest.write_bytes(tiny_manifest.read_text(encoding="utf-8").encode("utf-16"))
    assert load_manifest(tiny_manifest) == expected
    source = tmp_path / "in.txt"
    source.write_bytes(RU.encode("utf-16"))
    result = runner.invoke(cli, ["gather", str(source), "--lang", "ru", "--corpus",
                                 str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    documents = pl.read_parquet(tmp_path / "corpus" / "documents.parquet")
    assert documents["text"].to_list() == [RU.strip()]
