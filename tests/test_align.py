"""The aligner end to end, the ladder format, evaluation and the CLI."""

import json

import numpy as np
import pytest

from corpus_tools.align.aligner import (
    MANY_PENALTY,
    SKIP,
    SKIP_PER_MATCH,
    Aligner,
    align_sentences,
)
from corpus_tools.align.beads import Bead
from corpus_tools.align.evaluate import count, evaluate_files, score
from corpus_tools.align.ladder import format_ladder, parse_ladder
from corpus_tools.align.scorers import Scorer
from corpus_tools.align.scorers.embedding import EmbeddingPrepared
from corpus_tools.cli import cli
from corpus_tools.errors import InputError

EN = ["The committee met on 3 March 2021 in Vienna.",
      "It discussed the budget for 2022.",
      "Delegates from 14 countries attended.",
      "The chair, Maria Keller, opened the session at 10:30.",
      "A vote was postponed.",
      "The next meeting is planned for 15 September 2021."]
RU = ["Комитет собрался 3 марта 2021 года в Вене.",
      "Он обсудил бюджет на 2022 год.",
      "Присутствовали делегаты из 14 стран.",
      "Председатель Мария Келлер открыла заседание в 10:30.",
      "Голосование было отложено.",
      "Следующее заседание запланировано на 15 сентября 2021 года."]


def test_identical_text_aligns_one_to_one():
    beads = align_sentences(EN, EN, "en", "en")
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(len(EN))]
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_translation_with_a_split_sentence_gives_a_one_to_two_bead():
    ru = RU[:3] + ["Председатель Мария Келлер открыла заседание.", "Это было в 10:30."] + RU[4:]
    beads = align_sentences(EN, ru, "en", "ru")
    assert ((3,), (3, 4)) in [(b.src, b.tgt) for b in beads]
    assert ((0,), (0,)) in [(b.src, b.tgt) for b in beads]


# A treaty-like text of our own: short article headings between one-sentence articles.
TREATY_EN = ["Treaty of Friendship between the Parties", "Article 1",
             "The Parties shall develop relations of good-neighbourliness on the basis of "
             "mutual respect.", "Article 2", "The Parties shall not use force against each other.",
             "Article 3", "The Parties shall cooperate in trade, energy and transport.",
             "Article 4", "The Parties shall exchange 500 students each year.", "Article 5",
             "This Treaty shall enter into force on the date of signature."]
TREATY_ZH = ["缔约双方友好条约", "第一条", "缔约双方在相互尊重的基础上发展睦邻友好关系。",
             "第二条", "缔约双方互不使用武力。", "第三条",
             "缔约双方在贸易、能源和交通领域开展合作。", "第四条",
             "缔约双方每年互派500名留学生。", "第五条", "本条约自签署之日起生效。"]


def test_treaty_article_headings_align_one_to_one_without_paragraphs():
    # 第N条 must anchor to Article N, or the headings get merged into the articles around them.
    beads = align_sentences(TREATY_EN, TREATY_ZH, "en", "zh")
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(len(TREATY_EN))]


def test_confidence_is_high_on_a_clean_translation():
    beads = align_sentences(EN, RU, "en", "ru")
    assert all(b.score > 0.8 for b in beads)


def test_a_line_with_no_counterpart_is_left_out_rather_than_merged():
    ru = RU[:2] + ["Погода в тот день была дождливой."] + RU[2:]
    beads = align_sentences(EN, ru, "en", "ru")
    assert [(b.src, b.tgt) for b in beads][1:4] == [((1,), (1,)), ((), (2,)), ((2,), (3,))]
    assert beads[2].score < min(b.score for b in beads if b.src and b.tgt)


def test_bead_cost_is_what_the_path_pays():
    aligner = Aligner()
    prepared = aligner.prepare(EN, RU, "en", "ru")
    spans = np.array([[0, 1], [1, 2]])
    sizes = (len(EN), len(RU))
    one_one = aligner.bead_cost(prepared, spans, spans, (1, 1), sizes)
    assert np.all(one_one < aligner.bead_cost(prepared, spans, spans[::-1], (1, 1), sizes))
    assert np.allclose(aligner.bead_cost(prepared, spans, np.zeros((2, 2), int), (1, 0), sizes),
                       aligner.skip)
    merged = aligner.bead_cost(prepared, np.array([[0, 1]]), np.array([[0, 2]]), (1, 2), sizes)
    assert merged[0] > one_one[0] + aligner.merge_penalty


class GivenVectors(Scorer):
    """A semantic scorer over fixed sentence vectors: an encoder's stand-in."""

    name = "embedding"

    def __init__(self, src: np.ndarray, tgt: np.ndarray) -> None:
        self.src, self.tgt = src, tgt

    def prepare(self, src, tgt, src_lang, tgt_lang) -> EmbeddingPrepared:
        return EmbeddingPrepared(self.src, self.tgt)


def test_a_crossing_is_one_two_two_bead_once_one_to_one_halves_pay_their_reach():
    # Lines a, b, c: en has a+b | c, ru has a | b+c. Each 1-1 half is a partial match whose
    # similarity rises when the neighbour joins it; a semantic scorer says so.
    a, b, c = np.eye(3)
    vectors = GivenVectors(np.array([a + b, c]), np.array([a, b + c]))
    sentences = ["first", "second"]
    crossing = Aligner(scorers=[vectors], bootstrap=False).align(sentences, sentences)
    assert [(x.src, x.tgt) for x in crossing] == [((0, 1), (0, 1))]
    halves = Aligner(scorers=[vectors], bootstrap=False, reach_penalty=0.0).align(sentences,
                                                                                  sentences)
    assert [(x.src, x.tgt) for x in halves] == [((0,), (0,)), ((1,), (1,))]


def test_with_a_semantic_scorer_a_loosely_translated_document_pays_more_to_leave_a_line_out():
    # Six lines translated exactly, or loosely (cosine 0.45 with their originals); in the
    # loose translation a seventh line after the first adds a little to it (the merge's
    # cosine falls to 0.40): worth a merge there, left out at the model-free skip.
    eye = np.eye(16)
    loose = 0.45 * eye[:6] + np.sqrt(1 - 0.45 ** 2) * eye[6:12]
    for tgt, skip in ((eye[:6], SKIP), (loose, SKIP_PER_MATCH * (1 - 0.45))):
        aligner = Aligner(scorers=[GivenVectors(eye[:6], tgt)], bootstrap=False)
        prepared = aligner.prepare(["line"] * 6, ["line"] * 6)
        assert aligner.document_skip(prepared, 6, 6) == pytest.approx(skip)
        # crossings (2-2 beads) cost less in a loose translation, in the same ratio
        assert aligner.for_document(prepared, 6, 6).many_penalty == pytest.approx(
            MANY_PENALTY * SKIP / skip)
    extra = 0.13 * eye[0] + np.sqrt(1 - 0.13 ** 2) * eye[12]
    vectors = GivenVectors(eye[:6], np.vstack([loose[:1], extra, loose[1:]]))

    def path(per_match: float) -> list:
        aligner = Aligner(scorers=[vectors], bootstrap=False, skip_per_match=per_match)
        return [(b.src, b.tgt) for b in aligner.align(["line"] * 6, ["line"] * 7)]

    assert path(SKIP_PER_MATCH)[0] == ((0,), (0, 1))
    assert path(0.0)[:2] == [((0,), (0,)), ((), (1,))]
    model_free = Aligner()
    assert model_free.document_skip(model_free.prepare(EN, RU, "en", "ru"), len(EN),
                                    len(RU)) == SKIP


def test_without_a_semantic_scorer_one_to_one_beads_pay_no_reach():
    spans, sizes = np.array([[0, 1], [2, 3]]), (len(EN), len(RU))
    costs = [aligner.bead_cost(aligner.prepare(EN, RU, "en", "ru"), spans, spans, (1, 1), sizes)
             for aligner in (Aligner(), Aligner(reach_penalty=0.0))]
    assert np.allclose(*costs)


def test_one_empty_side_leaves_every_sentence_unaligned(caplog):
    beads = Aligner().align(EN, [], "en", "ru")
    assert [(b.src, b.tgt) for b in beads] == [((i,), ()) for i in range(len(EN))]
    assert "empty" in caplog.text


def test_one_sentence_against_five_hundred_returns_every_target_once():
    beads = align_sentences(["One sentence."], [f"Line {k}." for k in range(500)], "en", "en")
    assert sorted(j for b in beads for j in b.tgt) == list(range(500))
    assert sum(len(b.src) for b in beads) == 1


def test_ladder_round_trip_with_and_without_scores():
    beads = [Bead((0, 1), (0,), 0.5), Bead((2,), (), 0.25), Bead((), (1,), 1.0)]
    text = format_ladder(beads, scores=True)
    assert text.splitlines()[0] == "[0, 1]:[0]:0.5000"
    assert parse_ladder(text) == beads
    assert parse_ladder("[0,1]:[0]\n[]:[1]\n") == [Bead((0, 1), (0,)), Bead((), (1,))]


def test_bad_ladder_line_names_file_and_line():
    with pytest.raises(InputError, match=r"g\.align: line 2"):
        parse_ladder("[0]:[0]\n0 - 0\n", "g.align")


def test_metric_counts_strict_and_lax_hits_as_defined():
    gold = parse_ladder("[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[4]:[2, 3]\n")
    test = parse_ladder("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[4]:[2, 3]\n")
    c = count(gold, test)
    # test: 5 beads, strict hits [0]:[0], [3]:[], [4]:[2,3]; lax adds [1]:[1].
    # gold with both sides: 3; strict 2, lax 3.
    assert (c.test, c.gold, c.strict_p, c.lax_p, c.strict_r, c.lax_r) == (5, 3, 3, 4, 2, 3)
    s = score([(gold, test)])
    assert s.strict_precision == pytest.approx(0.6) and s.lax_recall == 1.0


def test_gold_and_test_of_different_documents_is_a_one_line_error(tmp_path):
    (tmp_path / "g").write_text("[0]:[0]\n[1]:[1]\n")
    (tmp_path / "t").write_text("[0]:[0]\n")
    with pytest.raises(InputError, match="g: gold covers 2 source"):
        evaluate_files([tmp_path / "g"], [tmp_path / "t"])


def write_pair(tmp_path):
    (tmp_path / "en.txt").write_text("\n".join(EN[:3]) + "\n\n" + "\n".join(EN[3:]) + "\n")
    (tmp_path / "ru.txt").write_text("\n".join(RU[:3]) + "\n\n" + "\n".join(RU[3:]) + "\n")


def test_cli_aligns_presegmented_files_to_a_ladder_file(runner, tmp_path):
    write_pair(tmp_path)
    out = tmp_path / "out.ladder"
    args = ["align", "--src-lang", "en", "--tgt-lang", "ru", str(tmp_path / "en.txt"),
            str(tmp_path / "ru.txt"), "--presegmented", "--paragraphs", "-o", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines() == [f"[{i}]:[{i}]" for i in range(6)]
    again = runner.invoke(cli, args)
    assert again.exit_code == 1 and "exists" in again.output


def test_cli_jsonl_and_tsv_carry_texts_and_scores(runner, tmp_path):
    write_pair(tmp_path)
    base = ["align", "--src-lang", "en", "--tgt-lang", "ru", str(tmp_path / "en.txt"),
            str(tmp_path / "ru.txt"), "--presegmented"]
    rows = [json.loads(line) for line in
            runner.invoke(cli, base + ["--format", "jsonl"]).stdout.splitlines()]
    assert rows[1]["src_text"] == EN[1] and rows[1]["tgt_text"] == RU[1]
    assert 0 <= rows[1]["score"] <= 1
    tsv = runner.invoke(cli, base + ["--format", "tsv"]).stdout.splitlines()
    assert tsv[0].split("\t") == ["src_sent_ids", "tgt_sent_ids", "score", "src_text",
                                  "tgt_text"]
    assert tsv[2].split("\t")[:2] == ["1", "1"] and tsv[2].split("\t")[3:] == [EN[1], RU[1]]


def test_cli_segments_raw_text_when_not_presegmented(runner, tmp_path):
    (tmp_path / "a.en").write_text("The cat sat. The dog ran!\n")
    (tmp_path / "a.de").write_text("Die Katze sass. Der Hund rannte!\n")
    result = runner.invoke(cli, ["align", "--src-lang", "en", "--tgt-lang", "de",
                                 str(tmp_path / "a.en"), str(tmp_path / "a.de")])
    assert result.stdout.splitlines() == ["[0]:[0]", "[1]:[1]"]


def test_cli_evaluate_prints_scores_and_json(runner, tmp_path):
    (tmp_path / "g").write_text("[0]:[0]\n[1,2]:[1]\n")
    (tmp_path / "t").write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n")
    result = runner.invoke(cli, ["align", "evaluate", "--gold", str(tmp_path / "g"),
                                 "--test", str(tmp_path / "t"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["strict_recall"] == 0.5 and scores["lax_recall"] == 1.0


def test_cli_evaluate_mismatch_is_one_line(runner, tmp_path):
    (tmp_path / "g").write_text("[0]:[0]\n[1]:[1]\n")
    (tmp_path / "t").write_text("[0]:[0]\n")
    result = runner.invoke(cli, ["align", "evaluate", "--gold", str(tmp_path / "g"),
                                 "--test", str(tmp_path / "t")])
    assert result.exit_code == 1 and result.output.strip().count("\n") == 0


def test_align_documents_writes_one_table_per_language_pair_with_method():
    import polars as pl

    from corpus_tools.align.corpus import align_documents
    from corpus_tools.segment import segment_documents

    def text(sentences):  # three sentences a paragraph, one a line
        return "\n\n".join("\n".join(sentences[k:k + 3]) for k in range(0, len(sentences), 3))

    documents = pl.DataFrame({"doc_id": ["e1", "r1", "e2", "r2"],
                              "group_id": ["g1", "g1", "g2", "g2"],
                              "lang": ["en", "ru", "en", "ru"],
                              "text": [text(EN), text(RU), text(EN[:2]), text(RU[:2])]})
    tables = align_documents(documents, segment_documents(documents))
    table = tables["en-ru"]
    assert set(table["src_doc_id"]) == {"e1", "e2"}
    assert table.filter(pl.col("src_doc_id") == "e1")["src_sent_ids"].to_list() == \
        [[i] for i in range(6)]
    assert table["method"][0] == "dp:length+anchors+lexicon+learnt"
