"""The review file is input: the build keeps reviewed units, drops rejected term hits, uses
added glossary variants, and reports decisions whose sentences changed."""

import json
import logging

import polars as pl
import pytest

from corpus_tools.align.aligner import Aligner
from corpus_tools.align.beads import Bead
from corpus_tools.build import build
from corpus_tools.errors import InputError
from corpus_tools.review import read_review, text_hash
from corpus_tools.tables import read_provenance


def write_review(manifest, *decisions):
    path = manifest.parent / "manifest.review.jsonl"
    with path.open("a", encoding="utf-8") as out:
        for decision in decisions:
            out.write(json.dumps(decision, ensure_ascii=False) + "\n")
    return path


def beads(table: pl.DataFrame) -> list[tuple[list[int], list[int], bool]]:
    return [(r["src_sent_ids"], r["tgt_sent_ids"], r["reviewed"])
            for r in table.sort("bead_id").iter_rows(named=True)]


def test_aligner_keeps_fixed_beads_and_aligns_around_them():
    src = ["The cat sat on the mat.", "It was happy.", "Then it slept.", "The dog barked."]
    tgt = ["Le chat était assis sur le tapis.", "Il était content.", "Puis il dormit.",
           "Le chien aboya."]
    fixed = [Bead((1, 2), (1,)), Bead((), (2,))]
    found = Aligner().align(src, tgt, "en", "fr", fixed=fixed)
    assert [(b.src, b.tgt) for b in found] == [((0,), (0,)), ((1, 2), (1,)), ((), (2,)),
                                               ((3,), (3,))]
    assert found[1].score == found[2].score == 1.0


def test_build_keeps_a_corrected_unit_in_alignments_and_parallel(tiny_manifest, tmp_path):
    build(tiny_manifest, root=tmp_path)
    en_ru = tmp_path / "alignments" / "tiny" / "en-ru.parquet"
    assert beads(pl.read_parquet(en_ru))[:2] == [([0], [0], False), ([1], [1], False)]
    write_review(tiny_manifest, {
        "kind": "unit", "group": "a", "status": "corrected",
        "sentences": {"en": ["a-en:0", "a-en:1"], "ru": ["a-ru:0", "a-ru:1"],
                      "zh": ["a-zh:0", "a-zh:1"]}})
    report = build(tiny_manifest, root=tmp_path)
    assert {"alignments", "parallel"} <= set(report.built)
    assert beads(pl.read_parquet(en_ru)) == [([0, 1], [0, 1], True), ([2], [2], False),
                                             ([3], [3], False)]
    parallel = pl.read_parquet(tmp_path / "corpora" / "tiny" / "parallel.parquet")
    first = parallel.row(0, named=True)
    assert (first["en_sent_ids"], first["ru_sent_ids"], first["zh_sent_ids"]) == (
        [0, 1], [0, 1], [0, 1])
    assert parallel["reviewed"].to_list() == [True, False, False]


def test_build_keeps_a_sentence_marked_without_counterpart(tiny_manifest, tmp_path):
    write_review(tiny_manifest, {"kind": "unit", "group": "a", "status": "corrected",
                                 "sentences": {"en": ["a-en:3"], "ru": [], "zh": []}})
    build(tiny_manifest, root=tmp_path)
    en_ru = beads(pl.read_parquet(tmp_path / "alignments" / "tiny" / "en-ru.parquet"))
    assert ([3], [], True) in en_ru
    assert all(3 not in src for src, tgt, _ in en_ru if tgt)


def test_term_verdict_drops_a_hit_and_an_added_variant_is_matched(tiny_manifest, tmp_path):
    write_review(tiny_manifest, {"kind": "variant", "concept": "shared-future", "lang": "en",
                                 "text": "test", "tag": "other"})
    build(tiny_manifest, root=tmp_path)
    corpus = tmp_path / "corpora" / "tiny"
    concordance = pl.read_parquet(corpus / "concordance.parquet")
    assert concordance.select("variant", "sent_id", "reviewed").rows() == [("test", 1, False)]
    write_review(tiny_manifest, {"kind": "term", "sentence": "a-en:1",
                                 "concept": "shared-future", "verdict": "not-a-rendering"})
    build(tiny_manifest, root=tmp_path)
    assert pl.read_parquet(corpus / "concordance.parquet").height == 0
    assert pl.read_parquet(corpus / "terms.parquet").height == 0


def test_right_verdict_marks_rows_reviewed(tiny_manifest, tmp_path):
    write_review(tiny_manifest,
                 {"kind": "variant", "concept": "shared-future", "lang": "en", "text": "test"},
                 {"kind": "term", "sentence": "a-en:1", "concept": "shared-future",
                  "verdict": "right"})
    build(tiny_manifest, root=tmp_path)
    corpus = tmp_path / "corpora" / "tiny"
    assert pl.read_parquet(corpus / "concordance.parquet")["reviewed"].to_list() == [True]
    assert pl.read_parquet(corpus / "terms.parquet")["reviewed"].to_list() == [True]


def test_decision_on_changed_text_is_reported_and_not_applied(tiny_manifest, tmp_path, caplog):
    write_review(tiny_manifest, {
        "kind": "unit", "group": "a", "status": "corrected",
        "sentences": {"en": ["a-en:0", "a-en:1"], "ru": ["a-ru:0"]},
        "hashes": {"a-en:0": text_hash("Hello there."), "a-en:1": text_hash("Not this."),
                   "a-ru:0": text_hash("Привет.")}})
    with caplog.at_level(logging.WARNING):
        build(tiny_manifest, root=tmp_path)
    assert "manifest.review.jsonl:1: not applied: sentence a-en:1 no longer has the text" \
        in caplog.text
    en_ru = tmp_path / "alignments" / "tiny" / "en-ru.parquet"
    assert not pl.read_parquet(en_ru)["reviewed"].any()
    assert read_provenance(en_ru)["notes"]["review_not_applied"][0].startswith("manifest.review")


def test_decision_on_a_missing_sentence_is_reported(tiny_manifest, tmp_path, caplog):
    write_review(tiny_manifest, {"kind": "term", "sentence": "a-en:9", "concept": "x",
                                 "verdict": "right"})
    with caplog.at_level(logging.WARNING):
        build(tiny_manifest, root=tmp_path)
    assert "sentence a-en:9 is not in the corpus" in caplog.text


def test_bad_review_line_names_file_and_line(tiny_manifest):
    path = write_review(tiny_manifest, {"kind": "term", "sentence": "a-en:0",
                                        "concept": "x", "verdict": "maybe"})
    with pytest.raises(InputError, match=r"manifest.review.jsonl:1: verdict 'maybe'"):
        read_review(path)


def test_tei_round_trip_through_the_review_file(tiny_manifest, tmp_path, runner):
    from corpus_tools.cli import cli

    build(tiny_manifest, root=tmp_path)
    exported = tmp_path / "out.tei.xml"
    result = runner.invoke(cli, ["review", "export-tei", str(tiny_manifest), "--root",
                                 str(tmp_path), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    text = exported.read_text()
    assert '<linkGrp type="alignment" fromDoc="a-en" toDoc="a-ru">' in text
    assert '<link type="1-1" xtargets="a-en:0;a-ru:0" status="auto" />' in text
    edited = tmp_path / "edited.tei.xml"
    edited.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TEI.2>\n<TEI.2>\n'
                      '<linkGrp fromDoc="a-en" toDoc="a-ru">\n'
                      '<link type="2-2" xtargets="a-en:0 a-en:1;a-ru:0 a-ru:1" status="man"/>\n'
                      '<link type="1-1" xtargets="a-en:2;a-ru:2" status="man"/>\n'
                      '<link type="1-1" xtargets="a-en:3;a-ru:3" status="auto"/>\n'
                      '</linkGrp>\n</TEI.2>\n')
    result = runner.invoke(cli, ["review", "import-tei", str(tiny_manifest), str(edited),
                                 "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    decisions = read_review(tiny_manifest.parent / "manifest.review.jsonl")
    assert [(d.status, dict(d.sentences)) for d in decisions] == [
        ("corrected", {"en": ("a-en:0", "a-en:1"), "ru": ("a-ru:0", "a-ru:1")}),
        ("confirmed", {"en": ("a-en:2",), "ru": ("a-ru:2",)})]
    assert decisions[0].hashes["a-en:0"] == text_hash("Hello there.")
    assert decisions[0].who and decisions[0].when
    build(tiny_manifest, root=tmp_path)
    runner.invoke(cli, ["review", "export-tei", str(tiny_manifest), "--root", str(tmp_path),
                        "-o", str(exported), "--force"])
    assert ('<link type="2-2" xtargets="a-en:0 a-en:1;a-ru:0 a-ru:1" status="man" />'
            in exported.read_text())
    result = runner.invoke(cli, ["review", "check", str(tiny_manifest), "--root", str(tmp_path)])
    assert "2 units, 0 term verdicts, 0 glossary variants apply; 0 do not" in result.output


def test_tei_link_to_an_unknown_sentence_is_one_line_error(tiny_manifest, tmp_path, runner):
    from corpus_tools.cli import cli

    build(tiny_manifest, root=tmp_path)
    tei = tmp_path / "bad.xml"
    tei.write_text('<TEI.2><linkGrp fromDoc="a-en" toDoc="a-ru">'
                   '<link xtargets="a-en:7;a-ru:0" status="man"/></linkGrp></TEI.2>')
    result = runner.invoke(cli, ["review", "import-tei", str(tiny_manifest), str(tei),
                                 "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "no sentence a-en:7 in the corpus" in result.output
    assert not (tiny_manifest.parent / "manifest.review.jsonl").exists()


def test_align_evaluate_scores_an_alignment_against_reviewed_units(tiny_manifest, tmp_path,
                                                                   runner):
    from corpus_tools.cli import cli

    build(tiny_manifest, root=tmp_path)
    write_review(tiny_manifest, {"kind": "unit", "group": "a", "status": "corrected",
                                 "sentences": {"en": ["a-en:0", "a-en:1"],
                                               "ru": ["a-ru:0", "a-ru:1"]}})
    command = ["align", "evaluate", "--review", str(tiny_manifest), "--pair", "en-ru",
               "--root", str(tmp_path), "--json"]
    before = json.loads(runner.invoke(cli, command).output)
    assert (before["strict_f1"], before["lax_recall"], before["test_beads"]) == (0.0, 1.0, 2)
    build(tiny_manifest, root=tmp_path)
    after = json.loads(runner.invoke(cli, command).output)
    assert after["strict_f1"] == 1.0


def test_review_session_actions_write_whole_units_with_hashes(tiny_manifest, tmp_path):
    from corpus_tools.review.session import ActionError, ReviewSession
    from corpus_tools.review.workspace import Workspace

    build(tiny_manifest, root=tmp_path)
    session = ReviewSession(Workspace.open(tiny_manifest, tmp_path))

    def ids(position):
        return {lang: list(v) for lang, v in session.units["a"][position].items()}

    assert ids(0) == {"en": [0], "ru": [0], "zh": [0]}
    session.act({"action": "move", "group": "a", "unit": 1, "lang": "en", "direction": "prev"})
    assert ids(0) == {"en": [0, 1], "ru": [0], "zh": [0]} and ids(1)["en"] == []
    session.act({"action": "split", "group": "a", "unit": 0, "lang": "en", "sentence": 1})
    assert ids(0)["en"] == [0] and ids(1) == {"en": [1], "ru": [], "zh": []}
    session.act({"action": "merge", "group": "a", "unit": 1})
    assert ids(1) == {"en": [1], "ru": [1], "zh": [1]}
    session.act({"action": "alone", "group": "a", "unit": 3, "lang": "zh", "sentence": 3})
    assert ids(3) == {"en": [3], "ru": [3], "zh": []} and ids(4) == {"en": [], "ru": [],
                                                                     "zh": [3]}
    with pytest.raises(ActionError, match="no unit 9"):
        session.act({"action": "confirm", "group": "a", "unit": 9})
    decisions = read_review(tiny_manifest.parent / "manifest.review.jsonl")
    assert all(d.status == "corrected" and set(d.sentences) == {"en", "ru", "zh"}
               for d in decisions)
    assert decisions[0].hashes == {"a-en:0": text_hash("Hello there."),
                                   "a-en:1": text_hash("This is a test."),
                                   "a-ru:0": text_hash("Привет."), "a-zh:0": text_hash("你好。")}
    build(tiny_manifest, root=tmp_path)
    parallel = pl.read_parquet(tmp_path / "corpora" / "tiny" / "parallel.parquet")
    # (two adjacent one-sided units may come in either order: both readings are the same)
    assert sorted(parallel.select("en_sent_ids", "zh_sent_ids").rows()[-2:]) == [([], [3]),
                                                                                 ([3], [])]
    assert parallel["reviewed"].to_list() == [True, True, False, True, True]  # 2: untouched
