"""The one reader of text files: the same sentences for build, segment, align and align3."""

import pytest

from corpus_tools.errors import InputError
from corpus_tools.segment import get_segmenter
from corpus_tools.textfile import normalise_text, read_sentences, text_sentences

RULES = get_segmenter("rules")
LINES = "Storm hits coast\nThe storm arrived at night. It was strong.\nPower is back.\n"


def test_lines_without_blank_lines_are_units_the_aligner_weighs():
    read = text_sentences(LINES, "en", segmenter=RULES)
    assert read.sentences == ["Storm hits coast", "The storm arrived at night.", "It was strong.",
                              "Power is back."]
    assert read.breaks == frozenset() and read.lines == frozenset({1, 3})


def test_wrapped_prose_is_joined_and_blank_lines_end_paragraphs():
    text = "The storm arrived\nat night and was\nstrong. Power is back.\n\nA new paragraph.\n"
    read = text_sentences(text, "en", segmenter=RULES)
    assert read.sentences == ["The storm arrived at night and was strong.", "Power is back.",
                              "A new paragraph."]
    assert read.breaks == frozenset({2})


def test_segmented_text_takes_lines_as_sentences_and_blank_lines_as_paragraph_ends():
    assert text_sentences("One.\nTwo.\n", "en", segmented=True).breaks == frozenset()
    read = text_sentences("One. Two.\nThree\n\n\nFour.\n", "en", segmented=True)
    assert read.sentences == ["One. Two.", "Three", "Four."]
    assert read.breaks == frozenset({2}) and read.lines == frozenset({1})


def test_chinese_wrapped_lines_join_without_spaces():
    assert normalise_text("第一句\n还没完。\n\n第二段。", "zh") == "第一句还没完。\n\n第二段。"


def test_an_empty_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty.txt: the file is empty"):
        read_sentences(path, "en")
