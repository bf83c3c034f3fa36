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
    with pytest.raises(CorpusToolsError, match=r"toml: not valid UTF-8 at byte offset 31$"):
        load_manifest(path)


@pytest.mark.parametrize(("table", "message"), [
    ('[align]\nembedding = 3\n', "[align] embedding must be a model name"),
    ('[align]\nencoder = "use-multilingual-v3"\n', "[align]: unknown key 'encoder' (known: "
                                                 "embedding)"),
])
def test_bad_align_table_fails_when_the_manifest_is_read(tmp_path, table, message):
    with pytest.raises(ManifestError, match=re.escape(message)):
        load_manifest(write(tmp_path, GOOD + table))
