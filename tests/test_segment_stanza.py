import json

import pytest
import stanza

from corpus_tools.errors import ModelMissingError
from corpus_tools.segment import AutoSegmenter, get_segmenter, segment_text
from corpus_tools.segment.stanza_backend import StanzaSegmenter, document_spans


def token(i: int, text: str, start: int) -> dict:
    return {"id": i, "text": text, "start_char": start, "end_char": start + len(text)}


def test_stanza_document_becomes_sentence_spans_with_character_offsets():
    text = "Президент К.-Ж. Токаев прибыл.  Итоги подведены!"
    doc = stanza.Document([
        [token(1, "Президент", 0), token(2, "К.-Ж.", 10), token(3, "Токаев", 16),
         token(4, "прибыл", 23), token(5, ".", 29)],
        [token(1, "Итоги", 32), token(2, "подведены", 38), token(3, "!", 47)],
    ], text=text)
    spans = document_spans(doc)
    assert spans == [(0, 30), (32, 48)]
    assert [text[s:e] for s, e in spans] == ["Президент К.-Ж. Токаев прибыл.", "Итоги подведены!"]


def test_stanza_adapter_keeps_chinese_offsets():
    text = "峰会举行。各方签约。"
    doc = stanza.Document([[token(1, "峰会", 0), token(2, "举行", 2), token(3, "。", 4)],
                           [token(1, "各方", 5), token(2, "签约", 7), token(3, "。", 9)]],
                          text=text)
    assert [text[s:e] for s, e in document_spans(doc)] == ["峰会举行。", "各方签约。"]


@pytest.fixture
def stanza_dir(tmp_path, monkeypatch):
    """An empty stanza resources folder (no model installed)."""
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    return tmp_path


def install_fake_tokenizer(directory, lang: str, package: str) -> None:
    """What `stanza.download` leaves behind, as far as the model check looks."""
    resources = {lang: {"default_processors": {"tokenize": package}}, "zh": {"alias": "zh-hans"}}
    (directory / "resources.json").write_text(json.dumps(resources))
    (directory / lang / "tokenize").mkdir(parents=True)
    (directory / lang / "tokenize" / f"{package}.pt").write_bytes(b"")


def test_missing_stanza_model_names_the_model_and_the_download_command(stanza_dir):
    with pytest.raises(ModelMissingError, match=r"stanza:ru.*corpus-tools models download "
                                                r"stanza:ru"):
        get_segmenter("stanza", "ru")
    with pytest.raises(ModelMissingError, match="stanza:ru"):
        segment_text("Привет. Мир.", "ru", get_segmenter("stanza"))


def test_auto_uses_rules_without_a_stanza_model(stanza_dir):
    segmenter = get_segmenter("auto")
    found = segment_text("Mr. Adams spoke. He left.", "en", segmenter)
    assert len(found) == 2
    assert segmenter.name.startswith("en:rules-")


def test_auto_chooses_stanza_per_language_where_its_model_is_installed(stanza_dir):
    install_fake_tokenizer(stanza_dir, "zh-hans", "gsdsimp")
    assert isinstance(get_segmenter("auto", "zh"), StanzaSegmenter)  # zh is an alias
    assert get_segmenter("auto", "ru").name.startswith("rules-")
    auto = get_segmenter("auto")
    assert isinstance(auto, AutoSegmenter)
    auto.split("Привет.", "ru")
    assert auto.name.startswith("ru:rules-")
