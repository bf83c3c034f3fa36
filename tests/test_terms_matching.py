from pathlib import Path

import pytest

from corpus_tools.terms.glossary import load_glossary, parse_glossary
from corpus_tools.terms.matching import matcher_for

GLOSSARY = parse_glossary("""
[[concept]]
id = "shared-future"
[concept.variants]
en = [{ text = "community with a shared future", tag = "official" },
      { text = "community of common destiny", tag = "literal" },
      { text = "community of shared destiny", tag = "common" }]
ru = [{ text = "сообщество единой судьбы", tag = "official" }]
zh = [{ text = "命运共同体", tag = "official" }]

[[concept]]
id = "shared-future-mankind"
broader = "shared-future"
[concept.variants]
en = [{ text = "community with a shared future for mankind", tag = "official" }]
ru = [{ text = "сообщество единой судьбы человечества", tag = "official" }]
zh = [{ text = "人类命运共同体", tag = "official" }]

[[concept]]
id = "china-central-asia"
broader = "shared-future"
[concept.variants]
zh = [{ text = "中国—中亚命运共同体", tag = "official" }]

[[concept]]
id = "belt-and-road"
[concept.variants]
ru = [{ text = "Пояс и путь", tag = "official" },
      { text = "Один пояс, один путь", tag = "literal" }]

[[concept]]
id = "three-evils"
[concept.variants]
ru = [{ text = "три силы зла", tag = "official" }]
""", Path("test.toml"))


def found(lang, text, glossary=GLOSSARY):
    return [(text[h.start:h.end], h.concept_id, h.variant.text)
            for h in matcher_for(lang, glossary).find(text)]


@pytest.mark.parametrize("form", [
    "сообщество единой судьбы",  # nominative / accusative
    "сообщества единой судьбы",  # genitive
    "сообществу единой судьбы",  # dative
    "сообществом единой судьбы",  # instrumental
    "сообществе единой судьбы",  # prepositional
    "сообщества единой судьбы",  # nominative plural
    "сообществ единой судьбы",  # genitive plural
    "сообществам единой судьбы",  # dative plural
    "сообществами единой судьбы",  # instrumental plural
    "сообществах единой судьбы",  # prepositional plural
    "Сообщество Единой Судьбы",
])
def test_russian_matches_every_case_of_the_head_noun(form):
    text = f"Стороны говорили о том, что {form} важно."
    assert found("ru", text) == [(form, "shared-future", "сообщество единой судьбы")]


@pytest.mark.parametrize("text", [
    "сообщество единая судьба",  # the dependent words must keep their case
    "сообществом единых судеб",
    "сообщество судьбы",  # a word missing
    "сообщество, единой судьбы нет",  # no, but: a comma may sit inside a term…
])
def test_russian_needs_the_dependent_words_in_their_case(text):
    hits = found("ru", text)
    if text.startswith("сообщество, единой"):  # …so this one still matches
        assert hits == [("сообщество, единой судьбы", "shared-future",
                         "сообщество единой судьбы")]
    else:
        assert hits == []


def test_russian_coordinated_nouns_share_their_case():
    text = "поддержка «Пояса и пути», поясом и путём, «Одного пояса, одного пути», пояса и путём"
    assert [t for t, _, _ in found("ru", text)] == [
        "Пояса и пути", "поясом и путём", "Одного пояса, одного пути"]


def test_russian_numeral_lets_its_noun_change_case():
    text = "борьба с «тремя силами зла» и против трёх сил зла"
    assert [t for t, _, _ in found("ru", text)] == ["тремя силами зла", "трёх сил зла"]


def test_russian_longer_term_wins_over_the_shorter_one_inside_it():
    text = "концепция сообщества единой судьбы человечества"
    assert found("ru", text) == [("сообщества единой судьбы человечества",
                                  "shared-future-mankind",
                                  "сообщество единой судьбы человечества")]


def test_russian_matcher_analyses_each_word_form_once():
    matcher = matcher_for("ru", GLOSSARY)
    text = "Стороны строят сообщество единой судьбы, и сообщество единой судьбы крепнет."
    matcher.find(text)
    cached = dict(matcher.cache)
    assert {"Стороны", "строят", "крепнет"} <= set(cached)
    matcher.find(text)
    assert matcher.cache == cached


@pytest.mark.parametrize("text, expected", [
    ("a community with a shared future", "community with a shared future"),
    ("communities with a shared future", "community with a shared future"),
    ("the Community with a Shared Future's goals", "community with a shared future"),
    ("communities of common destiny", "community of common destiny"),
    ("a community of shared destiny", "community of shared destiny"),
])
def test_english_matches_singular_plural_and_possessive(text, expected):
    [(_, concept, variant)] = found("en", text)
    assert (concept, variant) == ("shared-future", expected)


def test_english_keeps_shared_and_common_as_different_variants():
    text = "a community of common destiny, not a community of shared destiny"
    assert [v for _, _, v in found("en", text)] == ["community of common destiny",
                                                     "community of shared destiny"]


def test_english_longest_match_takes_the_whole_longer_term():
    text = "building a community with a shared future for mankind together"
    assert found("en", text) == [("community with a shared future for mankind",
                                  "shared-future-mankind",
                                  "community with a shared future for mankind")]


def test_chinese_short_term_does_not_fire_inside_a_longer_glossary_term():
    text = "推动构建人类命运共同体，建设中国-中亚命运共同体，打造命运共同体。"
    hits = matcher_for("zh", GLOSSARY).find(text)
    assert [(text[h.start:h.end], h.concept_id) for h in hits] == [
        ("人类命运共同体", "shared-future-mankind"),
        ("中国-中亚命运共同体", "china-central-asia"),  # dashes are folded
        ("命运共同体", "shared-future")]
    assert [(h.start, h.end) for h in hits] == [(4, 11), (14, 24), (27, 32)]


def test_chinese_short_term_matches_inside_a_longer_word_the_glossary_lacks():
    only_short = GLOSSARY.select(["shared-future"])
    assert found("zh", "人类命运共同体", only_short) == [("命运共同体", "shared-future",
                                                         "命运共同体")]


def test_other_languages_use_case_folded_words():
    glossary = parse_glossary('[[concept]]\nid = "x"\n[concept.variants]\n'
                              'de = ["Gemeinschaft mit geteilter Zukunft"]\n', Path("g.toml"))
    assert found("de", "Eine GEMEINSCHAFT mit geteilter Zukunft.", glossary) == [
        ("GEMEINSCHAFT mit geteilter Zukunft", "x", "Gemeinschaft mit geteilter Zukunft")]


def test_default_glossary_variants_match_themselves():
    glossary = load_glossary()
    for lang in glossary.langs:
        matcher = matcher_for(lang, glossary)
        for entry in matcher.entries:
            text = entry.variant.text
            hits = matcher.find(text)
            # Word matchers leave a closing quote out of the match.
            assert len(hits) == 1 and hits[0].start == 0, text
            assert hits[0].end in (len(text), len(text.rstrip("»”"))), text
            assert hits[0].variant == entry.variant
