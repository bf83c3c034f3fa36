import math

import polars as pl

from corpus_tools.align.aligner import Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.align.corpus import align_documents
from corpus_tools.align.lines import Parts, align_parts, beads_of_parts, beads_of_sentences
from corpus_tools.segment import segment_documents


def test_a_segmented_documents_lines_are_cut_into_parts_each_line_a_paragraph():
    parts = Parts.of_lines(["Hello there. Two sentences on one line.", "Second!", "Third."],
                           "en", paragraphs={2})
    assert parts.texts == ["Hello there.", "Two sentences on one line.", "Second!", "Third."]
    assert parts.sentence == [0, 0, 1, 2]
    assert parts.breaks == {2: "line", 3: "paragraph"}
    assert parts.ids((1,)) == (2,)


def test_beads_over_parts_join_into_beads_over_whole_lines():
    src = Parts.of_lines(["One. Two.", "Three.", "Four."], "en", ())  # parts 0 1 | 2 | 3
    tgt = Parts.whole(["Один.", "Два.", "Три.", "Четыре."], ())
    beads = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.6), Bead((2,), (), 0.8),
             Bead((3,), (2, 3), 0.7)]
    assert beads_of_sentences(beads, src, tgt) == [
        Bead((0,), (0, 1), 0.6), Bead((1,), (), 0.8), Bead((2,), (2, 3), 0.7)]
    assert beads_of_parts([Bead((0,), (0, 1))], src, tgt) == [Bead((0, 1), (0, 1))]


def test_a_line_holding_two_sentences_of_the_other_version_is_one_bead_of_lines():
    # en (segmented) merged lines 1+2; ru keeps every line.
    en = ["The parties signed the treaty in Astana on 17 June 2025.",
          "Article 2 sets out how the two states settle border questions. Both sides agree.",
          "The treaty enters into force thirty days after the exchange of instruments.",
          "It is valid for ten years."]
    ru = ["Стороны подписали договор в Астане 17 июня 2025 года.",
          "Статья 2 определяет, как два государства решают пограничные вопросы.",
          "Обе стороны согласны.",
          "Договор вступает в силу через тридцать дней после обмена грамотами.",
          "Он заключается сроком на десять лет."]
    documents = pl.DataFrame({"doc_id": ["e", "r"], "group_id": ["g", "g"], "lang": ["en", "ru"],
                              "text": ["\n".join(en), "\n".join(ru)],
                              "segmented": [True, False]})
    sentences = segment_documents(documents)
    table = align_documents(documents, sentences)["en-ru"]
    assert table.select("src_sent_ids", "tgt_sent_ids").rows() == [
        ([0], [0]), ([1], [1, 2]), ([2], [3]), ([3], [4])]
    assert table["src_text"][1] == en[1]


def test_hard_paragraphs_leave_a_segmented_documents_line_ends_soft():
    # en joined lines 1+2 on one line, a paragraph of its own; ru keeps them on two lines of
    # one paragraph. With paragraph ends as walls, the line ends inside still give way.
    en = Parts.of_lines(["The treaty was signed.", "It has two parts. Both sides agree."], "en",
                        paragraphs={1})
    ru = Parts.of_lines(["Договор подписан.", "В нём две части.", "Обе стороны согласны."], "ru",
                        paragraphs={1})
    aligner = Aligner(paragraph_cost=math.inf)
    beads = align_parts(aligner, en, ru, "en", "ru")
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1, 2))]
