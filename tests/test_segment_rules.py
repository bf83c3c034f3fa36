import re
from pathlib import Path

import polars as pl
import pytest

from corpus_tools.segment import get_segmenter, segment_documents, segment_text

SAMPLE = Path(__file__).parents[1] / "corpora" / "sample"


def sentences(text: str, lang: str) -> list[str]:
    found = segment_text(text, lang, get_segmenter("rules"))
    assert re.sub(r"\s", "", "".join(text[s.start:s.end] for s in found)) == \
        re.sub(r"\s", "", text), "every non-space character is in exactly one sentence"
    return [text[s.start:s.end] for s in found]


# (lang, text, expected sentences): every case the rule backend is built for.
CASES = [
    # Russian: initials, with and without spaces, hyphenated
    ("ru", "Встречу провели Президент К.-Ж. Токаев и Председатель Си Цзиньпин. Итоги подведены.",
     ["Встречу провели Президент К.-Ж. Токаев и Председатель Си Цзиньпин.", "Итоги подведены."]),
    ("ru", "К.К.Токаев и Ш.М.Мирзиёев провели переговоры. Ш. М. Мирзиёев прибыл первым.",
     ["К.К.Токаев и Ш.М.Мирзиёев провели переговоры.", "Ш. М. Мирзиёев прибыл первым."]),
    # abbreviations that never end a sentence, and those that may
    ("ru", "Стороны, т.е. Китай и Казахстан, договорились. Делегация прибыла в г. Астана.",
     ["Стороны, т.е. Китай и Казахстан, договорились.", "Делегация прибыла в г. Астана."]),
    ("ru", "Обсуждались наука, культура и т.д. Затем выступил министр и т. д. Потом обед.",
     ["Обсуждались наука, культура и т.д.", "Затем выступил министр и т. д.", "Потом обед."]),
    ("ru", "Саммит прошёл в 2025 г. Следующий пройдёт в 2027 г. в Китае.",
     ["Саммит прошёл в 2025 г.", "Следующий пройдёт в 2027 г. в Китае."]),
    ("ru", "Годы сотрудничества объявлены на 2025–2026 гг. Россия поддержала.",
     ["Годы сотрудничества объявлены на 2025–2026 гг.", "Россия поддержала."]),
    ("ru", "Фонд составит 1,5 млрд долл. США. Взнос вырос на 5 млрд. В 2030 г. торговля вырастет.",
     ["Фонд составит 1,5 млрд долл. США.", "Взнос вырос на 5 млрд.",
      "В 2030 г. торговля вырастет."]),
    ("ru", "Согласно ст. 5 Договора стороны консультируются. Договор подписан 17.06.2025 в Астане.",
     ["Согласно ст. 5 Договора стороны консультируются.",
      "Договор подписан 17.06.2025 в Астане."]),
    # quotes and brackets closing after the stop; direct speech
    ("ru", "Он сказал: «Сотрудничество растёт.» Стороны согласились. «Это важно!» — добавил он.",
     ["Он сказал: «Сотрудничество растёт.»", "Стороны согласились.",
      "«Это важно!» — добавил он."]),
    ("ru", "Проект одобрен (см. приложение.) Работа начата.",
     ["Проект одобрен (см. приложение.)", "Работа начата."]),
    # numbered headings and list items
    ("ru", "Статья 1\nСтороны развивают отношения. Статья 2. Стороны сотрудничают.",
     ["Статья 1", "Стороны развивают отношения.", "Статья 2.", "Стороны сотрудничают."]),
    ("ru", "1. Китай рассматривает регион как приоритет. Подписание договора важно.",
     ["1. Китай рассматривает регион как приоритет.", "Подписание договора важно."]),
    ("ru", "Приоритеты:\n1. Торговля\n2. Энергетика", ["Приоритеты:", "1. Торговля",
                                                     "2. Энергетика"]),
    # English: abbreviations, initials, numbers
    ("en", "The U.S. and China met at the U.N. General Assembly. Talks went well.",
     ["The U.S. and China met at the U.N. General Assembly.", "Talks went well."]),
    ("en", "Mr. Adams said the No. 5 bell was silent. St. Martin's closed. Dr. Lee agreed.",
     ["Mr. Adams said the No. 5 bell was silent.", "St. Martin's closed.", "Dr. Lee agreed."]),
    ("en", "Leaders, e.g. Xi Jinping, spoke at 7 a.m. on Monday. Dionisio A. Lind played.",
     ["Leaders, e.g. Xi Jinping, spoke at 7 a.m. on Monday.", "Dionisio A. Lind played."]),
    ("en", "The fund holds USD 1.5 billion since 17.06.2025. Trade rose 30% in 2024. 12 deals "
           "were signed.",
     ["The fund holds USD 1.5 billion since 17.06.2025.", "Trade rose 30% in 2024.",
      "12 deals were signed."]),
    ("en", "“Humanity needs a united world.” Xi Jinping said so. “It works,” he said. Why? "
           "Nobody knew! (See the annex.) Then they left.",
     ["“Humanity needs a united world.”", "Xi Jinping said so.", "“It works,” he said.",
      "Why?", "Nobody knew!", "(See the annex.)", "Then they left."]),
    ("en", "\"Stop!\" he said. 'Enough.' They stopped.",
     ["\"Stop!\" he said.", "'Enough.'", "They stopped."]),
    ("en", "Article 1\nThe Parties shall cooperate. Article 1 of the Charter applies.",
     ["Article 1", "The Parties shall cooperate.", "Article 1 of the Charter applies."]),
    ("en", "1. China sees Central Asia as a priority. The signing is an important step.",
     ["1. China sees Central Asia as a priority.", "The signing is an important step."]),
    ("en", "Priorities:\n- trade\n- energy", ["Priorities:", "- trade", "- energy"]),
    # Chinese: 。！？ end sentences, ；and …… do not, closing quotes and brackets stay
    ("zh", "峰会在阿斯塔纳举行。各方签署了条约！这是第一次吗？是的。",
     ["峰会在阿斯塔纳举行。", "各方签署了条约！", "这是第一次吗？", "是的。"]),
    ("zh", "缔约双方加强合作；共同打击犯罪。它们好奇心重……不会伤人。",
     ["缔约双方加强合作；共同打击犯罪。", "它们好奇心重……不会伤人。"]),
    ("zh", "习近平说：“合作植根于历史。”各方表示赞同。他说：「我们同意。」（详见附件。）条约生效。",
     ["习近平说：“合作植根于历史。”", "各方表示赞同。", "他说：「我们同意。」", "（详见附件。）",
      "条约生效。"]),
    ("zh", "“好！”，他说。“酒吧不再是会客室。“", ["“好！”，他说。", "“酒吧不再是会客室。“"]),
    ("zh", "他说完了。“罗莎”将登陆。", ["他说完了。", "“罗莎”将登陆。"]),
    ("zh", "第一条　缔约双方发展关系。\n第二条\n缔约双方合作。",
     ["第一条", "缔约双方发展关系。", "第二条", "缔约双方合作。"]),
    ("zh", "1. 中方将中亚作为优先方向。7.5级地震后，Dr. PawPaw 品牌收视率.其他网络未统计。",
     ["1. 中方将中亚作为优先方向。", "7.5级地震后，Dr. PawPaw 品牌收视率.", "其他网络未统计。"]),
    ("zh", "2025年6月17日，峰会举行。1,5亿美元已到位。",
     ["2025年6月17日，峰会举行。", "1,5亿美元已到位。"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES,
                         ids=[f"{lang}-{i}" for i, (lang, _, _) in enumerate(CASES)])
def test_rules_split_the_domain_cases(lang, text, expected):
    assert sentences(text, lang) == expected


def test_a_sentence_never_spans_two_paragraphs():
    text = "Первый абзац без точки\n\nВторой абзац. Ещё одно предложение.\n"
    found = segment_text(text, "ru", get_segmenter("rules"))
    assert [(s.paragraph_id, text[s.start:s.end]) for s in found] == [
        (0, "Первый абзац без точки"), (1, "Второй абзац."), (1, "Ещё одно предложение.")]


def test_languages_without_their_own_rules_split_on_stops():
    assert sentences("Das ist gut. Wir gehen!", "de") == ["Das ist gut.", "Wir gehen!"]


def test_sentences_table_offsets_round_trip():
    docs = pl.DataFrame({"doc_id": ["a", "b"], "lang": ["ru", "zh"], "text": [
        "  Статья 1\n\nСтороны (т.е. К.-Ж. Токаев) согласны.  Итоги подведены.\n",
        "第一条　缔约双方发展关系。“好。”\n\n完。"]})
    table = segment_documents(docs, get_segmenter("rules"))
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    for row in table.iter_rows(named=True):
        assert texts[row["doc_id"]][row["char_start"]:row["char_end"]] == row["text"]
    assert table.filter(pl.col("doc_id") == "a")["paragraph_id"].to_list() == [0, 1, 1]
    assert table["sent_id"].to_list() == [0, 1, 2, 0, 1, 2, 3]


@pytest.mark.parametrize(("name", "lang", "count"), [
    ("summit-results.en", "en", 40), ("summit-results.ru", "ru", 40),
    ("summit-results.zh", "zh", 40), ("summit-preview.en", "en", 16),
    ("treaty.zh", "zh", 36), ("treaty.ru", "ru", 35), ("treaty.en", "en", 37)])
def test_sample_corpus_has_the_sentence_counts_its_readme_states(name, lang, count):
    text = (SAMPLE / f"{name}.txt").read_text(encoding="utf-8")
    found = sentences(text, lang)
    assert len(found) == count
    assert not any(re.fullmatch(r"\d+\.", s) for s in found)  # "1. China sees…" stays whole
