"""The built-in lexicons' compiled cache and the composed ru–zh lexicon."""

from corpus_tools.align.scorers.compiled import lexicon_cache_dir
from corpus_tools.align.scorers.lexicon import Lexicon, compose
from tests.dictionaries import MUELLER_ARTICLES, write_dictd


def _reload(lexicon_module):
    lexicon_module.mueller.cache_clear()
    return lexicon_module.mueller()


def test_dictionary_is_read_from_its_compiled_form_once_compiled(installed_mueller, tmp_path):
    first = installed_mueller.mueller()
    assert list(lexicon_cache_dir().glob("mueller7-*.marshal"))
    (tmp_path / "dictd" / "mueller7.dict.dz").unlink()  # the articles are no longer needed
    assert _reload(installed_mueller).entries == first.entries


def test_a_new_edition_of_a_dictionary_is_compiled_afresh(installed_mueller, tmp_path):
    assert "peace" not in installed_mueller.mueller().entries
    write_dictd(tmp_path / "dictd", "mueller7",
                {**MUELLER_ARTICLES, "peace": "peace\n   [pi:s] _n.\n   мир\n"})
    assert set(_reload(installed_mueller).entries["peace"]) == {"мир"}
    assert len(list(lexicon_cache_dir().glob("mueller7-*.marshal"))) == 2


def test_an_unreadable_compiled_file_is_compiled_again(installed_mueller, caplog):
    first = installed_mueller.mueller()
    (path,) = lexicon_cache_dir().glob("mueller7-*.marshal")
    path.write_bytes(b"\x00garbage")
    assert _reload(installed_mueller).entries == first.entries
    assert "compiling it again" in caplog.text


def test_composed_lexicon_weights_each_word_by_the_paths_that_reach_it():
    zh_en = Lexicon("zh", "en", {"和平": {"peace": 1.0, "harmony": 1.0}, "猫": {"cat": 1.0},
                                 "空": {"void": 1.0}})
    en_ru = Lexicon("en", "ru", {"peace": {"мир": 1.0}, "harmony": {"мир": 1.0, "лад": 1.0},
                                 "cat": {"кот": 1.0}})
    composed = compose(zh_en, en_ru)
    assert composed.entries.get("和平") == {"мир": 1.0, "лад": 0.5}
    assert composed.entries.get("空") is None and "空" not in composed.entries
    assert dict(composed.entries) == {"和平": {"мир": 1.0, "лад": 0.5}, "猫": {"кот": 1.0}}
