import logging

import pytest

from corpus_tools.errors import InputError
from corpus_tools.terms.glossary import TAGS, load_glossary, parse_glossary

GOOD = """\
description = "test"

[[concept]]
id = "shared-future"
description = "命运共同体"
[concept.variants]
zh = [{ text = "命运共同体", tag = "official" }]
en = [
  { text = "community with a shared future", tag = "official", note = "Xinhua" },
  "community of common destiny",
]

[[concept]]
id = "shared-future-mankind"
broader = "shared-future"
[concept.variants]
zh = [{ text = "人类命运共同体", tag = "official" }]
"""


def write(tmp_path, text):
    path = tmp_path / "glossary.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_glossary_has_forty_concepts_in_three_languages():
    glossary = load_glossary()
    assert len(glossary.concepts) >= 40
    assert glossary.langs == ["en", "ru", "zh"]
    for concept_id in ("shared-future", "shared-future-mankind", "china-central-asia-community",
                       "belt-and-road", "good-neighbourliness", "non-interference",
                       "mutual-benefit-win-win", "three-evils", "one-china-principle",
                       "global-development-initiative", "global-security-initiative",
                       "global-civilization-initiative", "five-principles",
                       "new-type-international-relations", "strategic-partnership",
                       "shanghai-spirit", "silk-road-economic-belt",
                       "china-europe-railway-express", "high-quality-development"):
        concept = glossary[concept_id]
        assert {v.lang for v in concept.variants} == {"en", "ru", "zh"}, concept_id
        assert all(v.tag in TAGS for v in concept.variants)
    ru = {v.text for v in glossary["belt-and-road"].in_lang("ru")}
    assert {"Пояс и путь", "Один пояс, один путь"} <= ru


def test_glossary_reads_variants_tags_notes_and_broader(tmp_path):
    glossary = load_glossary(write(tmp_path, GOOD))
    en = glossary["shared-future"].in_lang("en")
    assert [(v.text, v.tag, v.note) for v in en] == [
        ("community with a shared future", "official", "Xinhua"),
        ("community of common destiny", "other", "")]
    assert glossary["shared-future-mankind"].broader == "shared-future"
    assert glossary.family("shared-future") == {"shared-future", "shared-future-mankind"}
    assert glossary.family("shared-future-mankind") == {"shared-future", "shared-future-mankind"}


def test_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, GOOD.replace('id = "shared-future-mankind"', 'id = shared-future'))
    with pytest.raises(InputError) as err:
        load_glossary(path)
    message = str(err.value)
    assert message.startswith(f"{path}:14: invalid TOML")
    assert "\n" not in message


def test_duplicate_concept_id_names_both_lines(tmp_path):
    path = write(tmp_path, GOOD.replace('id = "shared-future-mankind"', 'id = "shared-future"'))
    with pytest.raises(InputError, match=r"glossary.toml:14: duplicate concept id "
                                         r"'shared-future' \(first at line 4\)"):
        load_glossary(path)


def test_concept_without_variants_is_a_warning(tmp_path, caplog):
    text = GOOD + '\n[[concept]]\nid = "empty"\ndescription = "nothing yet"\n'
    with caplog.at_level(logging.WARNING):
        glossary = load_glossary(write(tmp_path, text))
    assert "empty" in glossary
    assert "glossary.toml:20: concept 'empty' has no variants in any language" in caplog.text


@pytest.mark.parametrize("change, expected", [
    ('tag = "official", note = "Xinhua"', "tag 'offical' is not one of"),
    ('broader = "shared-future"', "broader concept 'nowhere' is not in the glossary"),
    ("zh = [{", "unknown language 'zz'"),
])
def test_bad_entries_are_one_line_errors(tmp_path, change, expected):
    broken = {'tag = "official", note = "Xinhua"': 'tag = "offical", note = "Xinhua"',
              'broader = "shared-future"': 'broader = "nowhere"',
              "zh = [{": "zz = [{"}[change]
    with pytest.raises(InputError, match=expected):
        load_glossary(write(tmp_path, GOOD.replace(change, broken, 1)))


def test_unknown_concept_is_a_one_line_error(tmp_path):
    glossary = parse_glossary(GOOD, tmp_path / "g.toml")
    with pytest.raises(InputError, match="no concept 'nope'"):
        glossary["nope"]
