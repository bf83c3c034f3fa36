import logging
import shutil

import polars as pl
import pytest

from corpus_tools.build import build
from corpus_tools.cli import cli
from corpus_tools.errors import InputError, ModelMissingError
from corpus_tools.tables import TRANSLATIONS, read_provenance
from corpus_tools.translate import (
    GenerationOptions,
    TranslationCache,
    get_translator,
    translate_lines,
)
from corpus_tools.translate.ct2 import converted_dir
from tests.tiny_models import put_in_hf_cache

RU = ["Стороны договорились укреплять отношения.", "Саммит прошёл в Астане.",
      "Это тест.", "Стороны договорились."]
FAST = GenerationOptions(beam_size=2, max_length=8)


def needs_ctranslate2() -> None:
    """The CTranslate2 backend is the optional [fast] extra: skip where it is not installed."""
    pytest.importorskip("ctranslate2", reason="needs corpus-tools[fast] (ctranslate2)")


@pytest.fixture
def offline(monkeypatch, model_caches):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return model_caches


def test_marian_from_a_directory_translates_each_line_offline(offline, tiny_marian):
    translator = get_translator("ru", "en", str(tiny_marian), options=FAST)
    run = translate_lines(translator, RU)
    assert len(run.texts) == len(RU) and all(run.texts)
    assert translator.signature["model_id"] == str(tiny_marian)
    assert translator.signature["revision"].startswith("sha256:")
    assert run == translate_lines(translator, RU)  # deterministic


def test_batches_come_back_in_input_order(offline, tiny_marian):
    translator = get_translator("ru", "en", str(tiny_marian), options=FAST, batch_size=2)
    forward = translate_lines(translator, RU).texts
    backward = translate_lines(translator, RU[::-1]).texts
    assert backward == forward[::-1]


def test_empty_lines_pass_through_as_empty(offline, tiny_marian):
    translator = get_translator("ru", "en", str(tiny_marian), options=FAST)
    run = translate_lines(translator, ["", RU[0], "  ", ""])
    assert run.texts[0] == run.texts[2] == run.texts[3] == ""
    assert run.texts[1]


def test_a_5000_character_line_is_split_with_a_warning(offline, tiny_marian, caplog):
    translator = get_translator("ru", "en", str(tiny_marian), options=FAST)
    long_line = " ".join(RU * 150)[:5000]
    with caplog.at_level(logging.WARNING):
        run = translate_lines(translator, [RU[1], long_line])
    assert len(run.texts) == 2 and run.texts[1]
    assert "line 2: 5000 characters, translated in" in caplog.text


def test_second_run_translates_nothing_new(offline, tiny_marian, tmp_path):
    translator = get_translator("ru", "en", str(tiny_marian), options=FAST)
    cache = TranslationCache(tmp_path / "cache.sqlite")
    first = translate_lines(translator, RU, cache)
    assert (first.new, first.cached) == (len(RU), 0)
    second = translate_lines(translator, RU + ["Новое предложение."], cache)
    assert (second.new, second.cached) == (1, len(RU))
    assert second.texts[:len(RU)] == first.texts
    other = get_translator("ru", "en", str(tiny_marian), options=GenerationOptions(1, 8))
    assert translate_lines(other, RU, cache).new == len(RU)  # options are part of the key


def test_multilingual_model_is_steered_by_the_forced_target_token(offline, tiny_nllb):
    into_en = get_translator("ru", "en", str(tiny_nllb), options=FAST)
    into_zh = get_translator("ru", "zh", str(tiny_nllb), options=FAST)
    assert into_en.tags.target_token == "eng_Latn" and into_zh.tags.target_token == "zho_Hans"
    en, zh = translate_lines(into_en, RU).texts, translate_lines(into_zh, RU).texts
    assert en != zh
    assert not any("eng_Latn" in t or "zho_Hans" in t for t in en + zh)


def test_multilingual_model_without_the_language_names_it(offline, tiny_nllb):
    with pytest.raises(InputError, match="no FLORES-200 code known for 'vo'"):
        get_translator("ru", "vo", str(tiny_nllb))


@pytest.mark.parametrize("fixture", ["tiny_marian", "tiny_nllb"])
def test_ctranslate2_converts_once_and_translates(offline, fixture, request, caplog):
    needs_ctranslate2()
    model = request.getfixturevalue(fixture)
    with caplog.at_level(logging.INFO):
        translator = get_translator("ru", "en", str(model), "ctranslate2", FAST)
    assert "converting" in caplog.text
    assert converted_dir(translator.model, "int8").joinpath("model.bin").is_file()
    run = translate_lines(translator, RU)
    assert len(run.texts) == len(RU) and all(run.texts)
    assert '"compute_type": "int8"' in translator.signature["options"]
    caplog.clear()
    with caplog.at_level(logging.INFO):
        get_translator("ru", "en", str(model), "ctranslate2", FAST)
    assert "converting" not in caplog.text


def test_hub_id_loads_from_the_hf_cache_offline(offline, tiny_marian):
    put_in_hf_cache(tiny_marian, offline / "hf", "Helsinki-NLP/opus-mt-ru-en", "ab" * 20)
    translator = get_translator("ru", "en", options=FAST)  # the registry's default for ru→en
    assert translator.signature["model_id"] == "Helsinki-NLP/opus-mt-ru-en"
    assert translator.signature["revision"] == "ab" * 20


def test_absent_model_offline_says_how_to_get_it(offline):
    with pytest.raises(ModelMissingError, match="models download Helsinki-NLP/opus-mt-zh-en"):
        get_translator("zh", "en")


def test_unknown_language_pair_names_models_that_could_serve_it(offline):
    with pytest.raises(InputError) as err:
        get_translator("de", "en")
    assert "facebook/nllb-200-distilled-600M" in str(err.value)
    assert "Helsinki-NLP/opus-mt-de-en" in str(err.value)


@pytest.mark.parametrize("missing", ["source.spm", "config.json", "model.safetensors"])
def test_corrupt_model_directory_names_the_missing_file(offline, tiny_marian, tmp_path,
                                                        runner, missing):
    broken = shutil.copytree(tiny_marian, tmp_path / "broken")
    (broken / missing).unlink()
    result = runner.invoke(cli, ["translate", "--src-lang", "ru", "--tgt-lang", "en",
                                 "--model", str(broken)], input="Привет\n")
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert f"model directory: {missing}" in result.output and "is missing" in result.output


def test_translate_command_writes_one_line_per_input_line(offline, tiny_marian, tmp_path,
                                                          runner):
    source = tmp_path / "in.ru.txt"
    source.write_text("\n".join([RU[0], "", RU[1]]) + "\n", encoding="utf-8")
    out = tmp_path / "out.en.txt"
    args = ["translate", "--src-lang", "ru", "--tgt-lang", "en", "--model", str(tiny_marian),
            "--beam-size", "2", "--max-length", "8", "-o", str(out), str(source)]
    assert runner.invoke(cli, args).exit_code == 0
    lines = out.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 4 and lines[1] == "" and lines[0] and lines[3] == ""
    again = runner.invoke(cli, args)
    assert again.exit_code == 1 and "--force" in again.output
    assert runner.invoke(cli, [*args, "--force"]).exit_code == 0


def test_translate_command_reads_stdin_and_reports_the_cache(offline, tiny_marian, runner):
    needs_ctranslate2()
    args = ["translate", "--src-lang", "ru", "--tgt-lang", "en", "--model", str(tiny_marian),
            "--max-length", "8", "--backend", "ctranslate2"]
    first = runner.invoke(cli, args, input=RU[0] + "\n")
    assert first.exit_code == 0 and len(first.stdout.splitlines()) == 1
    second = runner.invoke(cli, args, input=RU[0] + "\n")
    assert "0 new, 1 from cache" in second.stderr
    assert second.stdout == first.stdout


def _with_translate_table(manifest, table: str) -> None:
    manifest.write_text(manifest.read_text(encoding="utf-8") + table, encoding="utf-8")


def test_build_writes_the_translations_table(offline, tiny_manifest, tiny_marian, tiny_nllb,
                                             tmp_path):
    needs_ctranslate2()
    _with_translate_table(tiny_manifest, f"""
[translate]
beam_size = 2
max_length = 8
[[translate.systems]]
name = "tiny-marian"
src = "ru"
tgt = "en"
model = "{tiny_marian}"
[[translate.systems]]
name = "tiny-nllb"
src = "zh"
tgt = "en"
model = "{tiny_nllb}"
backend = "ctranslate2"
""")
    report = build(tiny_manifest, root=tmp_path)
    assert report.built[-4:] == ["translations", "scores", "terms", "index"]
    path = tmp_path / "corpora" / "tiny" / "translations.parquet"
    table = pl.read_parquet(path)
    assert table.schema == pl.Schema(TRANSLATIONS)
    sentences = pl.read_parquet(tmp_path / "corpora" / "tiny" / "sentences.parquet")
    for lang, system in (("ru", "tiny-marian"), ("zh", "tiny-nllb")):
        rows = table.filter(pl.col("system") == system)
        assert rows.height == sentences.filter(pl.col("lang") == lang).height
    assert set(table["backend"]) == {"transformers", "ctranslate2"}
    systems = read_provenance(path)["settings"]["systems"]
    assert [s["name"] for s in systems] == ["tiny-marian", "tiny-nllb"]
    assert (tmp_path / "corpora" / "tiny" / "cache" / "translations.sqlite").is_file()
    assert build(tiny_manifest, root=tmp_path).built == []


def test_build_skips_translations_in_one_line_when_models_are_absent(offline, tiny_manifest,
                                                                     tmp_path):
    report = build(tiny_manifest, root=tmp_path)
    assert "translations" not in report.built
    why = report.skipped["translations"]
    assert "\n" not in why
    assert ("models download Helsinki-NLP/opus-mt-ru-en Helsinki-NLP/opus-mt-zh-en" in why)


def test_one_multilingual_system_name_may_serve_two_language_pairs(offline, tiny_manifest,
                                                                   tiny_nllb, tmp_path):
    systems = "".join(f"""
[[translate.systems]]
name = "nllb"
src = "{lang}"
tgt = "en"
model = "{tiny_nllb}"
""" for lang in ("ru", "zh"))
    _with_translate_table(tiny_manifest, "\n[translate]\nmax_length = 8\n" + systems)
    report = build(tiny_manifest, root=tmp_path)
    assert "translations" in report.built
    table = pl.read_parquet(tmp_path / "corpora" / "tiny" / "translations.parquet")
    assert set(table["system"]) == {"nllb"}
    assert set(table["src_lang"]) == {"ru", "zh"}
