import logging
from collections import Counter

import polars as pl

from corpus_tools.align.beads import Bead
from corpus_tools.align.multiway import (
    Unit,
    agreement_rate,
    align_many,
    aligner_costs,
    format_units,
)
from corpus_tools.align.parallel import build_parallel

EN = ["The parties signed the treaty in Astana on 17 June 2025.",
      "Article 2 sets out how the two states settle every border question by consultation.",
      "Both sides agree.",
      "The treaty enters into force thirty days after the exchange of instruments."]
RU = ["Стороны подписали договор в Астане 17 июня 2025 года.",
      "Статья 2 определяет, как два государства решают любой пограничный вопрос путём "
      "консультаций.",
      "Обе стороны согласны.",
      "Договор вступает в силу через тридцать дней после обмена ратификационными грамотами."]
ZH = ["双方于2025年6月17日在阿斯塔纳签署本条约。",
      "第二条规定两国通过协商解决一切边界问题。",
      "双方同意。",
      "本条约自互换批准书之日起第三十日生效。"]


def alignments_table(beads):
    """Pairwise beads (source doc, target doc, source ids, target ids) of group g, each pair's
    numbered in order, at confidence 0.9."""
    bead_ids, counts = [], Counter()
    for src_doc, tgt_doc, _, _ in beads:
        bead_ids.append(counts[src_doc, tgt_doc])
        counts[src_doc, tgt_doc] += 1
    return pl.DataFrame({
        "group_id": ["g"] * len(beads), "src_doc_id": [b[0] for b in beads],
        "tgt_doc_id": [b[1] for b in beads], "bead_id": bead_ids,
        "src_sent_ids": [b[2] for b in beads], "tgt_sent_ids": [b[3] for b in beads],
        "score": [0.9] * len(beads), "mode": ["parallel"] * len(beads)})


def one_to_one(n, score=0.9):
    return [Bead((i,), (i,), score) for i in range(n)]


def test_en_zh_shifted_by_a_bad_merge_is_outvoted_and_marked():
    # en–zh wrongly merges zh 1–2 and shifts the rest; en–ru and ru–zh are right.
    en_zh = [Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.4), Bead((2,), (3,), 0.3),
             Bead((3,), (), 0.2)]
    units = align_many([4, 4, 4], {(0, 1): one_to_one(4), (0, 2): en_zh, (1, 2): one_to_one(4)},
                       aligner_costs([EN, RU, ZH], ["en", "ru", "zh"]))
    assert [u.ids for u in units] == [((i,), (i,), (i,)) for i in range(4)]
    assert [u.agreement for u in units] == [True, False, False, False]
    assert agreement_rate(units) == 0.25


def test_pivot_composition_fixes_a_ru_zh_deletion():
    # ru–zh drops the pair 2–2 as 1-0 and 0-1 beads; both pivot alignments link it.
    ru_zh = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ()), Bead((), (2,)),
             Bead((3,), (3,))]
    units = align_many([4, 4, 4], {(0, 1): one_to_one(4), (0, 2): one_to_one(4), (1, 2): ru_zh},
                       aligner_costs([EN, RU, ZH], ["en", "ru", "zh"]))
    assert ((2,), (2,), (2,)) in [u.ids for u in units]
    assert sum(not u.agreement for u in units) == 1


def test_merges_that_differ_by_language_chain_into_one_unit():
    # Lines 0–3: en merges lines 1+2, ru merges 2+3, zh keeps all four apart.
    en_ru = [Bead((0,), (0,), 0.9), Bead((1, 2), (1, 2), 0.6)]
    en_zh = [Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.7), Bead((2,), (3,), 0.8)]
    ru_zh = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8), Bead((2,), (2, 3), 0.7)]
    units = align_many([3, 3, 4], {(0, 1): en_ru, (0, 2): en_zh, (1, 2): ru_zh})
    assert [u.ids for u in units] == [((0,), (0,), (0,)), ((1, 2), (1, 2), (1, 2, 3))]


def test_agreeing_alignments_keep_empty_sides_and_merges():
    en_ru = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), ())]
    en_zh = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), (2,))]
    ru_zh = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,))]
    units = align_many([4, 2, 3], {(0, 1): en_ru, (0, 2): en_zh, (1, 2): ru_zh})
    assert [(u.ids, u.agreement) for u in units] == [
        (((0,), (0,), (0,)), True), (((1, 2), (1,), (1,)), True), (((3,), (), (2,)), True)]
    assert format_units(units, ["en", "ru", "zh"], "ladder") == \
        "[0]:[0]:[0]\n[1, 2]:[1]:[1]\n[3]:[]:[2]\n"


def test_parallel_view_skips_a_one_language_group_with_a_notice(caplog):
    documents = pl.DataFrame({"doc_id": ["e", "r", "solo"], "group_id": ["g", "g", "h"],
                              "lang": ["en", "ru", "en"],
                              "role": ["original", "translation", "commentary"]})
    sentences = pl.DataFrame({"doc_id": ["e", "e", "r", "r", "solo"], "sent_id": [0, 1, 0, 1, 0],
                              "text": EN[:2] + RU[:2] + ["Alone."]})
    alignments = pl.DataFrame({
        "group_id": ["g", "g"], "src_doc_id": ["e", "e"], "tgt_doc_id": ["r", "r"],
        "bead_id": [0, 1], "src_sent_ids": [[0], [1]], "tgt_sent_ids": [[0], [1]],
        "score": [0.9, 0.8], "mode": ["parallel", "parallel"]})
    with caplog.at_level(logging.INFO):
        table = build_parallel(alignments, sentences, documents)
    assert table["group_id"].to_list() == ["g", "g"]
    assert table["ru"].to_list() == RU[:2]
    assert table["agreement"].to_list() == [True, True]
    assert "group h: only one language" in caplog.text


def test_align3_command_writes_one_ladder_line_per_unit_and_refuses_to_overwrite(runner,
                                                                                 tmp_path):
    from corpus_tools.cli import cli

    paths = []
    for lang, lines in (("en", EN), ("ru", RU), ("zh", ZH)):
        paths.append(tmp_path / f"t.{lang}.txt")
        paths[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "units.txt"
    args = ["align3", "--langs", "en,ru,zh", "--presegmented", *map(str, paths), "-o", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.read_text() == "".join(f"[{i}]:[{i}]:[{i}]\n" for i in range(4))
    assert runner.invoke(cli, args).exit_code == 1
    jsonl = runner.invoke(cli, [*args, "--force", "--format", "jsonl"])
    assert jsonl.exit_code == 0 and '"zh": "双方同意。"' in out.read_text(encoding="utf-8")
    wrong = runner.invoke(cli, ["align3", "--langs", "en,ru", *map(str, paths)])
    assert wrong.exit_code == 1 and "one file per language" in wrong.output


def table_cost(known, default=2.0, skip=1.0):
    """A bead cost from a table of sentence groups (the text's verdict, written out)."""
    return lambda src, tgt: known.get((src, tgt), default if src and tgt else skip * len(src + tgt))


def test_a_unit_holds_when_one_pair_gives_way_to_a_cheap_two_two_bead():
    # Lines 0–2: zh merges lines 0+1, en merges 1+2, ru keeps all three. en–zh's own best
    # split (0–0, 1–1) cuts where ru–zh's bead (ru 0+1 – zh 0) crosses; its 2–2 bead is
    # nearly as cheap, so the three pairs fit together as one unit.
    en_ru = [Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.9)]
    en_zh = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)]
    ru_zh = [Bead((0, 1), (0,), 0.9), Bead((2,), (1,), 0.9)]
    costs = {(0, 1): table_cost({((0,), (0,)): 0.1, ((1,), (1, 2)): 0.1}),
             (0, 2): table_cost({((0,), (0,)): 0.1, ((1,), (1,)): 0.1, ((0, 1), (0, 1)): 0.3}),
             (1, 2): table_cost({((0, 1), (0,)): 0.1, ((2,), (1,)): 0.1})}
    units = align_many([2, 3, 2], {(0, 1): en_ru, (0, 2): en_zh, (1, 2): ru_zh}, costs)
    assert [u.ids for u in units] == [((0, 1), (0, 1, 2), (0, 1))]


def test_a_sentence_no_alignment_links_is_re_aligned_not_taken_as_agreed():
    # One line a language: en and zh split it in two, ru too, but en–ru and ru–zh missed
    # ru's second half (0-1 and 1-0 beads) while en–zh cut it 1-1 + 1-1. All alignments
    # "agree" that ru 1 stands alone; the text says it belongs with the rest.
    en_ru = [Bead((0, 1), (0,), 0.9), Bead((), (1,), 0.9)]
    en_zh = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)]
    ru_zh = [Bead((0,), (0, 1), 0.9), Bead((1,), (), 0.9)]
    costs = {(0, 1): table_cost({((0, 1), (0, 1)): 0.2, ((0, 1), (0,)): 0.3}),
             (0, 2): table_cost({((0,), (0,)): 0.2, ((1,), (1,)): 0.2, ((0, 1), (0, 1)): 0.4}),
             (1, 2): table_cost({((0, 1), (0, 1)): 0.2, ((0,), (0, 1)): 0.3})}
    units = align_many([2, 2, 2], {(0, 1): en_ru, (0, 2): en_zh, (1, 2): ru_zh}, costs)
    assert [u.ids for u in units] == [((0, 1), (0, 1), (0, 1))]


def test_agreed_units_with_a_deleted_line_stay_apart_when_deletions_are_adjacent():
    # Line 1 is missing in ru and line 2 in zh; all three alignments say so.
    en, ru, zh = EN, [RU[0], RU[2], RU[3]], [ZH[0], ZH[1], ZH[3]]
    en_ru = [Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((3,), (2,))]
    en_zh = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ()), Bead((3,), (2,))]
    ru_zh = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), ()), Bead((2,), (2,))]
    units = align_many([4, 3, 3], {(0, 1): en_ru, (0, 2): en_zh, (1, 2): ru_zh},
                       aligner_costs([en, ru, zh], ["en", "ru", "zh"]))
    assert [u.ids for u in units] == [((0,), (0,), (0,)), ((1,), (), (1,)), ((2,), (1,), ()),
                                      ((3,), (2,), (2,))]
    assert all(u.agreement for u in units)


def test_parallel_view_keeps_language_columns_when_the_original_is_the_pivot():
    # zh is the original, so it is aligned first; the columns must still say en, ru, zh.
    documents = pl.DataFrame({"doc_id": ["e", "r", "z"], "group_id": ["g"] * 3,
                              "lang": ["en", "ru", "zh"],
                              "role": ["translation", "translation", "original"]})
    sentences = pl.DataFrame({"doc_id": ["e", "e", "r", "z", "z"], "sent_id": [0, 1, 0, 0, 1],
                              "text": EN[:2] + [RU[0] + " " + RU[1]] + ZH[:2]})
    alignments = alignments_table([("e", "r", [0, 1], [0]), ("e", "z", [0], [0]),
                                   ("e", "z", [1], [1]), ("r", "z", [0], [0, 1])])
    table = build_parallel(alignments, sentences, documents)
    assert table.select("en_sent_ids", "ru_sent_ids", "zh_sent_ids").rows() == [
        ([0, 1], [0], [0, 1])]
    assert table["zh"].item() == ZH[0] + ZH[1]


def test_a_line_left_out_of_one_language_is_not_absorbed_by_its_neighbours(installed_mueller):
    # ru lacks line 2; en–ru and ru–zh both hide it in the bead of ru 1. Its words
    # (agreement, sign) are elsewhere in ru, but not in ru 1: the unit keeps it apart.
    en = ["The parties signed the agreement in Astana on 17 June 2025.",
          "Article 2 sets out how the two states settle every border question by consultation.",
          "The agreement is signed by the two parties.",
          "The treaty enters into force thirty days after the exchange of instruments."]
    ru = ["Стороны подписали соглашение в Астане 17 июня 2025 года.", RU[1], RU[3]]
    zh = ["双方于2025年6月17日在阿斯塔纳签署本协定。", ZH[1], "本协定由双方签署。", ZH[3]]
    en_ru = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), (2,))]
    ru_zh = [Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((2,), (3,))]
    units = align_many([4, 3, 4], {(0, 1): en_ru, (0, 2): one_to_one(4), (1, 2): ru_zh},
                       aligner_costs([en, ru, zh], ["en", "ru", "zh"]))
    assert [u.ids for u in units] == [((0,), (0,), (0,)), ((1,), (1,), (1,)),
                                      ((2,), (), (2,)), ((3,), (2,), (3,))]


def test_a_line_one_pair_leaves_out_joins_the_unit_another_language_merged_it_into():
    # Line 0 is deleted in en and merged with line 1 in ru; zh keeps both. en–zh rightly
    # leaves zh 0 out, and in that pair the unit is that skip and en 0 – zh 1, not the
    # 1-2 bead that the text prices high (zh 0 is not in en 0). ru 0 alone fits zh 0
    # better than a merge does, yet ru 0 holds both lines: one unit.
    en_ru, en_zh = [Bead((0,), (0,), 0.9)], [Bead((), (0,), 0.9), Bead((0,), (1,), 0.9)]
    ru_zh = [Bead((0,), (0, 1), 0.9)]
    costs = {(0, 1): table_cost({((0,), (0,)): 0.5}, skip=0.6),
             (0, 2): table_cost({((0,), (1,)): 0.1}, skip=0.6),
             (1, 2): table_cost({((0,), (0, 1)): 0.1, ((0,), (0,)): 0.3, ((0,), (1,)): 0.6},
                                skip=0.6)}
    units = align_many([1, 1, 2], {(0, 1): en_ru, (0, 2): en_zh, (1, 2): ru_zh}, costs)
    assert [u.ids for u in units] == [((0,), (0,), (0, 1))]


def test_a_sentence_in_no_other_language_costs_more_than_a_weak_merge():
    # ru says line 0 twice (ru 0 + 1); en–ru merges them, ru–zh leaves ru 0 out. The merge
    # fits the text less well than ru 1 alone, but a sentence that neither en nor zh has
    # is rarer still.
    en_ru = [Bead((0,), (0, 1), 0.9)]
    ru_zh = [Bead((0,), (), 0.9), Bead((1,), (0,), 0.9)]
    costs = {(0, 1): table_cost({((0,), (0, 1)): 1.0, ((0,), (1,)): 0.3}, skip=0.6),
             (0, 2): table_cost({((0,), (0,)): 0.1}, skip=0.6),
             (1, 2): table_cost({((0, 1), (0,)): 1.0, ((1,), (0,)): 0.3}, skip=0.6)}
    units = align_many([1, 2, 1], {(0, 1): en_ru, (0, 2): one_to_one(1), (1, 2): ru_zh}, costs)
    assert [u.ids for u in units] == [((0,), (0, 1), (0,))]


def test_align3_on_an_empty_version_is_an_error_naming_the_file(runner, tmp_path):
    from corpus_tools.cli import cli

    paths = []
    for lang, lines in (("en", EN), ("ru", RU), ("zh", [])):
        paths.append(tmp_path / f"t.{lang}.txt")
        paths[-1].write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(cli, ["align3", "--langs", "en,ru,zh", *map(str, paths)])
    assert result.exit_code == 1 and "t.zh.txt: the file is empty" in result.output


def test_align3_tsv_is_written_as_align_and_export_write_it():
    units = [Unit(((0, 1), (0,), ()), 0.9, True)]
    text = format_units(units, ["en", "ru", "zh"], "tsv", [["A.", "B."], ["А и Б."], []])
    assert text.splitlines() == [
        "en_sent_ids\tru_sent_ids\tzh_sent_ids\tscore\tagreement\ten\tru\tzh",
        "0,1\t0\t\t0.9\ttrue\tA. B.\tА и Б.\t"]


def test_a_line_one_language_merged_is_agreed_where_the_other_pair_cuts_it_one_to_one():
    # en (a sentence-per-line file) joined lines 1+2 on one line; en–ru and en–zh take ru 1–2
    # and zh 1–2 whole, ru–zh links them 1-1 twice: en cannot cut there, so the alignments
    # agree. In running text the segmenter would have cut it: there it is a dispute.
    en_ru = [Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.8)]
    en_zh = [Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.6)]
    ru_zh = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2,), (2,), 0.9)]
    pairwise = {(0, 1): en_ru, (0, 2): en_zh, (1, 2): ru_zh}
    units = align_many([2, 3, 3], pairwise, lines=[0])
    assert [(u.ids, u.agreement) for u in units] == [
        (((0,), (0,), (0,)), True), (((1,), (1, 2), (1, 2)), True)]
    assert units[1].score == 0.8  # the median pair's confidence
    assert [u.agreement for u in align_many([2, 3, 3], pairwise)] == [True, False]


def test_a_cut_two_pairs_make_and_the_third_refuses_is_a_dispute():
    # en–ru and en–zh cut after line 0 where ru and zh could cut too; ru–zh takes both
    # lines as one 2-2 bead.
    pairwise = {(0, 1): one_to_one(2), (0, 2): one_to_one(2),
                (1, 2): [Bead((0, 1), (0, 1), 0.9)]}
    units = align_many([2, 2, 2], pairwise)
    assert not any(u.agreement for u in units)


def test_the_parallel_view_lets_a_segmented_documents_line_span_the_others_cut():
    documents = pl.DataFrame({"doc_id": ["e", "r", "z"], "group_id": ["g"] * 3,
                              "lang": ["en", "ru", "zh"], "segmented": [True, None, None],
                              "role": ["original", "translation", "translation"]})
    sentences = pl.DataFrame({"doc_id": ["e", "r", "r", "z", "z"], "sent_id": [0, 0, 1, 0, 1],
                              "text": [EN[1] + " " + EN[2], *RU[1:3], *ZH[1:3]]})
    alignments = alignments_table([("e", "r", [0], [0, 1]), ("e", "z", [0], [0, 1]),
                                   ("r", "z", [0], [0]), ("r", "z", [1], [1])])
    table = build_parallel(alignments, sentences, documents)
    assert table.select("en_sent_ids", "ru_sent_ids", "agreement").rows() == [([0], [0, 1], True)]
    plain = build_parallel(alignments, sentences, documents.with_columns(segmented=None))
    assert plain["agreement"].to_list() == [False]
