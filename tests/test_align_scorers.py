import numpy as np
import pytest

from corpus_tools.align.scorers import get_scorer, groups_to_spans
from corpus_tools.align.scorers.anchors import anchor_bag, han_number
from corpus_tools.align.scorers.base import VectorPrepared
from corpus_tools.align.scorers.lexicon import (
    Lexicon,
    LexiconScorer,
    learn_lexicon,
    stem,
    word_key,
)
from tests.dictionaries import MUELLER_ARTICLES, write_dictd


def test_dates_in_four_conventions_give_the_same_anchors():
    wanted = {"n:17", "m:6", "n:2025"}
    for text in ("17.06.2025", "17 июня 2025 г.", "2025年6月17日", "June 17, 2025"):
        assert wanted <= set(anchor_bag(text)), text


def test_names_match_through_pinyin_and_transliteration():
    zh, en, ru = anchor_bag("托卡耶夫在阿斯塔纳"), anchor_bag("Tokayev arrived in Astana"), \
        anchor_bag("Токаев прибыл в Астану")
    names = {f for f in zh if f.startswith("nm:")}
    assert names and names <= set(en) and names <= set(ru)


def test_number_separators_do_not_matter():
    assert "n:1000000" in anchor_bag("1,000,000") and "n:1000000" in anchor_bag("1 000 000")


def test_chinese_article_numbers_are_the_same_anchor_as_article_headings():
    assert "n:12" in anchor_bag("第十二条") and "n:12" in anchor_bag("Article 12") \
        and "n:12" in anchor_bag("Статья 12")
    assert {"n:2025", "m:6", "n:17"} <= set(anchor_bag("二〇二五年六月十七日"))
    assert not anchor_bag("统一的国家")  # 一 inside a word is no number


def test_han_numerals_with_units_and_digit_by_digit():
    assert [han_number(x) for x in ("十", "二十一", "一百零五", "两千零二十五", "二〇二五",
                                     "三亿五千万", "一千二百三十四万五千六百七十八")] == [
        10, 21, 105, 2025, 2025, 350_000_000, 12_345_678]


def test_anchor_scorer_prefers_the_sentence_with_the_same_numbers():
    src = ["The treaty was signed on 12 May 1999 in Geneva.", "It has 25 articles."]
    tgt = ["Договор содержит 25 статей.", "Договор подписан 12 мая 1999 года в Женеве."]
    sim = get_scorer("anchors").prepare(src, tgt, "en", "ru").score_groups(
        [((0,), (0,)), ((0,), (1,)), ((1,), (0,)), ((1,), (1,))])
    assert sim[1] > sim[0] and sim[2] > sim[3]


def test_bag_coverage_says_how_much_of_a_sentence_a_group_holds():
    src = ["In 2025 the 5 states met.", "In 1999 there were 7 of them."]
    tgt = ["2025年五国会晤。", "1999年有7个。"]
    prepared = get_scorer("anchors").prepare(src, tgt, "en", "zh")
    found, whole = prepared.covered(0, 0, [0])
    assert whole > 0 and found == pytest.approx(whole)
    assert prepared.covered(0, 0, [1])[0] == 0
    assert prepared.covered(1, 1, [0, 1])[0] == pytest.approx(prepared.covered(1, 1, [1])[1])


def test_length_scorer_likes_proportional_lengths():
    src = ["a" * 40, "b" * 10]
    tgt = ["x" * 80, "y" * 20]
    sim = get_scorer("length").prepare(src, tgt, "xx", "yy").score_groups(
        [((0,), (0,)), ((0,), (1,)), ((0, 1), (0, 1))])
    assert sim[0] > 0.9 and sim[2] > 0.9 and sim[1] < 0.1


def test_cedict_links_chinese_words_to_english():
    src = ["我们的朋友来了。", "今天的天气很好。"]
    tgt = ["The weather is good today.", "Our friend has come."]
    sim = get_scorer("lexicon").prepare(src, tgt, "zh", "en").score_groups(
        [((0,), (1,)), ((0,), (0,)), ((1,), (0,)), ((1,), (1,))])
    assert sim[0] > sim[1] and sim[2] > sim[3]


def test_lexicon_learnt_from_beads_links_unseen_sentence_pairs():
    src = ["der Berg ist hoch", "der Schnee ist weiss", "der Berg und der Schnee"]
    tgt = ["la montagne est haute", "la neige est blanche", "la montagne et la neige"]
    lexicon = learn_lexicon(src, tgt, "de", "fr", [((0,), (0,)), ((1,), (1,)), ((2,), (2,))])
    assert "montag" in lexicon.entries["berg"]
    scorer = LexiconScorer([lexicon], builtin=False)
    sim = scorer.prepare(["Berg"], ["montagne", "neige"], "de", "fr").score_groups(
        [((0,), (0,)), ((0,), (1,))])
    assert sim[0] > 0.5 and sim[1] == 0


def test_russian_case_forms_of_a_noun_share_one_word_key():
    forms = ["мир", "мира", "миру", "миром", "мире", "миры", "миров", "мирам"]
    assert {word_key(form, "ru") for form in forms} == {"мир"}
    assert word_key("люди", "ru") == word_key("человека", "ru")
    assert word_key("Mountains", "de") == "mounta"  # no normaliser known: a plain prefix


def test_group_similarity_equals_cosine_of_summed_vectors_for_short_and_long_groups():
    rng = np.random.default_rng(3)
    src, tgt = rng.random((12, 40)), rng.random((9, 40))
    prepared = VectorPrepared(src, tgt)
    pairs = [((0, 1), (0,)), ((2, 3, 4), (1, 2)), (tuple(range(12)), tuple(range(9)))]
    got = prepared.score_groups(pairs)
    for (s, t), value in zip(pairs, got, strict=True):
        a, b = src[list(s)].sum(0), tgt[list(t)].sum(0)
        assert value == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b), abs=1e-4)


def test_groups_must_be_contiguous():
    with pytest.raises(ValueError):
        groups_to_spans([((0, 2), (0,))])


def test_mt_scorer_matches_sacrebleu_chrf():
    import sacrebleu

    scorer = get_scorer("mt", translator=lambda sentences: [s.lower() for s in sentences])
    prepared = scorer.prepare(["THE CAT SAT"], ["the dog sat"], "xx", "en")
    expected = sacrebleu.sentence_chrf("the cat sat", ["the dog sat"]).score / 100
    assert prepared.score_groups([((0,), (0,))])[0] == pytest.approx(expected, abs=1e-4)


def test_mueller_headwords_also_key_their_regular_inflections(installed_mueller):
    entries = installed_mueller.mueller().entries
    assert all("подпис" in entries[form] for form in ("signs", "signed", "signin"))
    assert installed_mueller.english_forms("agree") == {"agree", "agrees", "agreed",
                                                        "agreeing"}


def test_mueller_translations_leave_out_examples_labels_and_notes(installed_mueller):
    entries = installed_mueller.mueller().entries
    assert set(entries["agreem"]) == {"соглас", "догово", "соглаш"}  # not «прийти», «взаимное»
    assert set(entries["friend"]) == {"друг", "прияте"}


@pytest.mark.parametrize("src, src_lang", [
    (["Our friend has come.", "The weather is good today."], "en"),
    (["我们的朋友来了。", "今天的天气很好。"], "zh"),  # through English: CEDICT, then Mueller
])
def test_mueller_links_russian_words_with_english_and_chinese(installed_mueller, src, src_lang):
    tgt = ["Сегодня хорошая погода.", "Пришёл наш друг."]
    sim = get_scorer("lexicon").prepare(src, tgt, src_lang, "ru").score_groups(
        [((0,), (1,)), ((0,), (0,)), ((1,), (0,)), ((1,), (1,))])
    assert sim[0] > sim[1] and sim[2] > sim[3]


def test_without_an_installed_dictionary_en_ru_has_no_builtin_lexicon(tmp_path, monkeypatch):
    from corpus_tools.align.scorers import dictd, lexicon

    monkeypatch.setenv("CORPUS_TOOLS_DICTD", str(tmp_path))
    monkeypatch.setattr(dictd, "DEFAULT_DIRS", ())
    lexicon.mueller.cache_clear()
    try:
        assert lexicon.builtin_lexicons("en", "ru") == []
    finally:
        lexicon.mueller.cache_clear()


def test_a_broken_dictionary_is_a_one_line_error_naming_the_file(installed_mueller, tmp_path):
    from corpus_tools.align.scorers import dictd
    from corpus_tools.errors import InputError

    prefix = tmp_path / "dictd" / "mueller7"
    (tmp_path / "dictd" / "mueller7.dict.dz").write_bytes(b"\x1f\x8b not gzip at all")
    with pytest.raises(InputError, match=r"mueller7\.dict\.dz: not a readable dictd data file"):
        list(dictd.articles(prefix))
    write_dictd(tmp_path / "dictd", "mueller7", MUELLER_ARTICLES)
    (tmp_path / "dictd" / "mueller7.index").write_text("friend\tA!\tB\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"mueller7\.index:1: 'A!' is not a dictd offset"):
        list(dictd.articles(prefix))


def test_a_words_weight_is_shared_only_among_translations_the_other_side_has():
    from corpus_tools.align.scorers.lexicon import Lexicon

    many = {f"перев{k:02d}": 1.0 for k in range(40)} | {"измени": 1.0}
    scorer = LexiconScorer([Lexicon("en", "ru", {"change": many})], builtin=False)
    src_bags, tgt_bags = scorer.bag_pair(["They change the name."], ["Они изменят название."],
                                         "en", "ru")
    assert src_bags[0] == {"0:измени": 1.0}  # not 1/41 of a word: the one translation found
    assert tgt_bags[0]["0:измени"] == 1
    glosses = LexiconScorer([Lexicon("en", "ru", {"change": many}, alternatives=False)],
                            builtin=False)  # CC-CEDICT's kind: shared among all
    assert glosses.bag_pair(["They change it."], ["Они изменят это."], "en", "ru")[0][0] == {
        "0:измени": pytest.approx(1 / 41)}


def test_function_words_are_not_translated_but_stay_target_words():
    v, named = word_key("в", "ru"), word_key("Назван", "ru")
    en_ru = Lexicon("en", "ru", {stem("in"): {v: 1.0}, stem("name"): {named: 1.0}})
    ru_en = Lexicon("ru", "en", {v: {stem("in"): 1.0}})
    scorer = LexiconScorer([en_ru, ru_en], builtin=False)
    en_bags = scorer.bag_pair(["The name is in question."], ["Назван в вопросе."], "en",
                              "ru")[0]
    assert f"0:{v}" not in en_bags[0] and en_bags[0][f"0:{named}"] == 1.0
    assert en_bags[0][f"1:{stem('in')}"] == 1  # the Russian side's «в» may still find it


def test_mueller_irregular_forms_take_their_headwords_translations(installed_mueller):
    entries = installed_mueller.mueller().entries
    assert {"сказат", "говори"} <= set(entries["said"])  # "_p. и _p-p. от say"
    assert "вышеук" in entries["said"]  # and its own


def test_mueller_leaves_out_words_with_over_a_hundred_translations(tmp_path, monkeypatch):
    from corpus_tools.align.scorers import lexicon

    many = ", ".join(f"{chr(0x430 + k // 32)}{chr(0x430 + k % 32)}ово" for k in range(101))
    write_dictd(tmp_path, "mueller7", MUELLER_ARTICLES | {"go": f"go\n   _v.\n   {many}\n"})
    monkeypatch.setenv("CORPUS_TOOLS_DICTD", str(tmp_path))
    monkeypatch.setenv("CORPUS_TOOLS_CACHE", str(tmp_path / "cache"))
    lexicon.mueller.cache_clear()
    try:
        entries = lexicon.mueller().entries
        assert "go" not in entries and "friend" in entries
    finally:
        lexicon.mueller.cache_clear()


def test_russian_dzh_is_an_english_j_in_names():
    names = {f for f in anchor_bag("Джонсон прибыл") if f.startswith("nm:")}
    assert names and names <= set(anchor_bag("Johnson arrived"))
