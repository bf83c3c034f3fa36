import re

import pytest

from corpus_tools.errors import CorpusToolsError, ManifestError
from corpus_tools.manifest import load_manifest

GOOD = """
name = "t"
[[documents]]
id = "a-en"
path = "a.txt"
lang = "en"
"""


def write(tmp_path, text):
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    path = tmp_path / "manifest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_manifest_resolves_paths_relative_to_it(tmp_path):
    manifest = load_manifest(write(tmp_path, GOOD))
    assert manifest.name == "t"
    assert manifest.documents[0].path == (tmp_path / "a.txt").resolve()
    assert manifest.documents[0].group == "a-en"


@pytest.mark.parametrize(("change", "message"), [
    (('lang = "en"', 'lang = "xx"'), "document 'a-en': unknown language 'xx'"),
    (('lang = "en"', 'lang = "EN"'), "unknown language 'EN' (use an ISO 639-1 code; did you "
                                     "mean 'en'?)"),
    (('path = "a.txt"', 'path = "nope.txt"'), "document 'a-en': missing file"),
    (('path = "a.txt"', 'url = "ftp://example.org/x"'), "document 'a-en': bad URL"),
    (('lang = "en"', 'lang = "en"\nrole = "summary"'), "role 'summary' is not one of"),
    (('name = "t"', 'name = "T T"'), "'name' must be a lowercase identifier"),
])
def test_invalid_entry_is_named_in_one_line(tmp_path, change, message):
    with pytest.raises(ManifestError) as err:
        load_manifest(write(tmp_path, GOOD.replace(*change)))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_duplicate_id_is_rejected(tmp_path):
    text = GOOD + GOOD.split("\n", 2)[2]
    with pytest.raises(ManifestError, match="document 'a-en': duplicate id"):
        load_manifest(write(tmp_path, text))


def test_toml_syntax_error_names_the_file(tmp_path):
    with pytest.raises(ManifestError, match="manifest.toml: not valid TOML"):
        load_manifest(write(tmp_path, GOOD + "\n[[documents]\n"))


def test_manifest_in_another_encoding_names_the_byte_offset(tmp_path):
    path = tmp_path / "manifest.toml"
    path.write_bytes('name = "sample"\ndescription = "Сводка"\n'.encode("cp1251"))
    with pytest.raises(CorpusToolsError, match=r"toml: not UTF-8 \(byte offset 31; likely CP1251"):
        load_manifest(path)


@pytest.mark.parametrize(("table", "message"), [
    ('[align]\nembedding = 3\n', "[align] embedding must be a model name"),
    ('[align]\nembedding = "defualt"\n',
     "[align] embedding model 'defualt': did you mean 'default'?"),
    ('[align]\nencoder = "use-multilingual-v3"\n', "[align]: unknown key 'encoder' (known: "
                                                 "embedding, paragraphs)"),
    ('[align]\nparagraphs = "walls"\n', "[align] paragraphs must be 'soft' or 'hard', not "
                                        "'walls'"),
])
def test_bad_align_table_fails_when_the_manifest_is_read(tmp_path, table, message):
    with pytest.raises(ManifestError, match=re.escape(message)):
        load_manifest(write(tmp_path, GOOD + table))


@pytest.mark.parametrize(("added", "message"), [
    ('[alignn]\nembedding = "x"\n',
     "the top level: unknown table or key 'alignn' (did you mean 'align'?)"),
    ('[[pair]]\ndocs = ["a-en", "a-en"]\n', "unknown table or key 'pair' (did you mean 'pairs'?)"),
    ('[[pairs]]\ndocs = ["a-en", "a-en"]\nmod = "comparable"\n',
     "[[pairs]] entry ['a-en', 'a-en']: unknown key 'mod' (did you mean 'mode'?)"),
    ('[score]\nmetric = ["bleu"]\n', "[score]: unknown key 'metric' (did you mean 'metrics'?)"),
    ('[translate]\nbeamsize = 4\n',
     "[translate]: unknown key 'beamsize' (did you mean 'beam_size'?)"),
    ('[translate]\nsystems = [{src = "en", tgt = "ru", modle = "m"}]\n',
     "unknown key 'modle' (did you mean 'model'?)"),
    ('[terms]\nglosary = "g.toml"\n', "[terms]: unknown key 'glosary' (did you mean 'glossary'?)"),
    ('[gather]\ndealy = 1\n', "[gather]: unknown key 'dealy' (did you mean 'delay'?)"),
    ('[[systems]]\nname = "x"\ngroop = "a-en"\n', "unknown key 'groop' (did you mean 'group'?)"),
])
def test_misspelt_table_or_key_names_file_table_and_word(tmp_path, added, message):
    with pytest.raises(ManifestError) as err:
        load_manifest(write(tmp_path, GOOD + added))
    assert str(err.value).startswith(f"{tmp_path / 'manifest.toml'}: ")
    assert message in str(err.value)


@pytest.mark.parametrize(("change", "message"), [
    (('name = "t"', 'name = "t"\ndescripton = "x"'),
     "the top level: unknown table or key 'descripton' (did you mean 'description'?)"),
    (('lang = "en"', 'lang = "en"\ntitel = "x"'),
     "document 'a-en': unknown key 'titel' (did you mean 'title'?)"),
])
def test_misspelt_top_level_or_document_key_is_refused(tmp_path, change, message):
    with pytest.raises(ManifestError, match=re.escape(message)):
        load_manifest(write(tmp_path, GOOD.replace(*change)))


def test_stage_settings_are_parsed_when_the_manifest_is_loaded(tmp_path):
    manifest = load_manifest(write(tmp_path, GOOD + '[align]\nembedding = "m"\n'))
    assert manifest.settings_of("alignments").embedding == "m"
    assert manifest.settings_of("terms").terms.source_lang == "zh"


def test_stage_settings_travel_to_a_worker_process(tmp_path):
    import pickle

    manifest = load_manifest(write(tmp_path, GOOD + '[terms]\nsource_lang = "en"\n'))
    settings = dict(manifest.stage_settings)
    assert pickle.loads(pickle.dumps(settings)) == settings
