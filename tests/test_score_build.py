import polars as pl
import pytest
from sacrebleu.metrics import BLEU

from corpus_tools.build import build
from corpus_tools.errors import ManifestError
from corpus_tools.manifest import load_manifest
from corpus_tools.score.corpus import ScoreSettings, score_corpus, score_settings
from corpus_tools.tables import SCORES, TRANSLATIONS, parallel_schema, read_provenance, write_table

DOCUMENTS = pl.DataFrame({"doc_id": ["e1", "z1", "e2", "z2"], "name": ["e1", "z1", "e2", "z2"],
                          "group_id": ["g1", "g1", "g2", "g2"], "lang": ["en", "zh", "en", "zh"]})
SENTENCES = pl.DataFrame({
    "doc_id": ["e1"] * 3 + ["z1"] * 4 + ["e2"] * 2 + ["z2"] * 2,
    "sent_id": [0, 1, 2, 0, 1, 2, 3, 0, 1, 0, 1],
    "text": ["The river rose after the storm.", "Villages were moved to higher ground.",
             "Nobody was hurt.", "暴雨过后河水上涨。", "村庄", "搬到了高处。", "多余的一句。",
             "Trade grew last year.", "Exports doubled.", "去年贸易增长。", "出口翻了一番。"]})


TEXT = {(d, s): t for d, s, t in SENTENCES.iter_rows()}


def unit(group, uid, en_doc, en_ids, zh_doc, zh_ids):
    return {"group_id": group, "unit_id": uid, "en_doc_id": en_doc, "en_sent_ids": en_ids,
            "en": " ".join(TEXT[(en_doc, i)] for i in en_ids) or None,
            "zh_doc_id": zh_doc, "zh_sent_ids": zh_ids,
            "zh": "".join(TEXT[(zh_doc, i)] for i in zh_ids) or None,
            "score": 1.0, "agreement": True}


# g1: a 1-1 unit, a 1-2 unit, a unit without Chinese and one without English; g2: two 1-1.
PARALLEL = pl.DataFrame([
    unit("g1", 0, "e1", [0], "z1", [0]), unit("g1", 1, "e1", [1], "z1", [1, 2]),
    unit("g1", 2, "e1", [2], "z1", []), unit("g1", 3, "e1", [], "z1", [3]),
    unit("g2", 0, "e2", [0], "z2", [0]), unit("g2", 1, "e2", [1], "z2", [1]),
], schema=parallel_schema(["en", "zh"]))

MT = {("z1", 0): "The river rose after the rainstorm.", ("z1", 1): "Villages",
      ("z1", 2): "moved to high places.", ("z1", 3): "An extra sentence.",
      ("z2", 0): "Trade grew last year.", ("z2", 1): "Exports doubled once.",
      ("e1", 0): "暴雨后河水上涨。", ("e1", 1): "村庄被搬到高处。"}


def translations(system="mt") -> pl.DataFrame:
    rows = [{"doc_id": d, "sent_id": s, "src_lang": "zh" if d[0] == "z" else "en",
             "tgt_lang": "en" if d[0] == "z" else "zh", "system": system, "model_id": "tiny",
             "revision": "0", "backend": "transformers", "options": "{}", "text": t}
            for (d, s), t in MT.items()]
    return pl.DataFrame(rows, schema=TRANSLATIONS)


def test_stage_scores_mt_against_the_human_translation_by_aligned_units():
    scores, signatures = score_corpus(translations(), PARALLEL, DOCUMENTS, SENTENCES,
                                      ScoreSettings())
    assert scores.schema == pl.Schema(SCORES)
    to_en = scores.filter((pl.col("src_lang") == "zh") & (pl.col("metric") == "bleu"))
    corpus = to_en.filter(pl.col("level") == "corpus").row(0, named=True)
    # units with an empty side are left out; the 1-2 unit's MT is joined with a space
    hyps = [MT[("z1", 0)], f"{MT[('z1', 1)]} {MT[('z1', 2)]}", MT[("z2", 0)], MT[("z2", 1)]]
    refs = ["The river rose after the storm.", "Villages were moved to higher ground.",
            "Trade grew last year.", "Exports doubled."]
    assert corpus["n_segments"] == 4
    assert corpus["value"] == BLEU().corpus_score(hyps, [refs]).score
    assert corpus["ci_low"] is not None and corpus["ref_doc_id"] is None
    docs = to_en.filter(pl.col("level") == "document")
    assert docs.select("group_id", "ref_doc_id", "n_segments").rows() == [("g1", "e1", 2),
                                                                          ("g2", "e2", 2)]
    assert docs["value"][1] == BLEU().corpus_score(hyps[2:], [refs[2:]]).score
    sentences = to_en.filter(pl.col("level") == "sentence")
    assert sentences["key"].to_list() == ["e1:0", "e1:1", "e2:0", "e2:1"]
    assert any("tok:13a" in s for s in signatures)


def test_stage_scores_chinese_targets_with_the_zh_tokenizer_on_translated_units_only():
    scores, _ = score_corpus(translations(), PARALLEL, DOCUMENTS, SENTENCES, ScoreSettings())
    to_zh = scores.filter((pl.col("tgt_lang") == "zh") & (pl.col("level") == "corpus"))
    bleu = to_zh.filter(pl.col("metric") == "bleu").row(0, named=True)
    assert bleu["n_segments"] == 2  # only e1 was translated; its unit without Chinese is out
    assert "tok:zh" in bleu["signature"]
    ter = to_zh.filter(pl.col("metric") == "ter").row(0, named=True)
    assert "asian:yes" in ter["signature"]


def test_stage_runs_a_paired_test_between_systems_of_a_language_pair():
    both = pl.concat([translations("mt"), translations("mt-2").with_columns(
        pl.col("text").str.replace("rose", "went up"))])
    scores, _ = score_corpus(both, PARALLEL, DOCUMENTS, SENTENCES,
                             ScoreSettings(metrics=("bleu",), paired="bs", baseline="mt-2"))
    corpus = scores.filter((pl.col("level") == "corpus") & (pl.col("tgt_lang") == "en"))
    p_values = dict(zip(corpus["system"], corpus["p_value"], strict=True))
    assert p_values["mt-2"] is None and 0 < p_values["mt"] <= 1


MANIFEST_EXTRA = """
[[systems]]
name = "service"
group = "a"
src = "zh"
tgt = "en"
path = "a.service.en.txt"

[score]
metrics = ["bleu", "chrf"]
"""


def test_build_scores_mt_and_external_systems(tiny_manifest, tmp_path):
    folder = tiny_manifest.parent
    (folder / "a.service.en.txt").write_text("Hello.\nThis is test.\nSecond paragraph!\nYes.\n")
    tiny_manifest.write_text(tiny_manifest.read_text() + MANIFEST_EXTRA)
    assert "scores" in build(tiny_manifest, root=tmp_path).skipped
    corpus = tmp_path / "corpora" / "tiny"
    sentences = pl.read_parquet(corpus / "sentences.parquet")
    zh = sentences.filter(pl.col("lang") == "zh")
    mt = zh.select("doc_id", "sent_id", src_lang=pl.lit("zh"), tgt_lang=pl.lit("en"),
                   system=pl.lit("mt"), model_id=pl.lit("tiny"), revision=pl.lit("0"),
                   backend=pl.lit("transformers"), options=pl.lit("{}"),
                   text=pl.Series(["Hello there.", "This is a test.", "Second para.", "Yes."]))
    write_table(mt, corpus / "translations.parquet", TRANSLATIONS)
    report = build(tiny_manifest, root=tmp_path)
    assert report.built == ["scores", "terms", "index"]  # terms and index read translations
    scores = pl.read_parquet(corpus / "scores.parquet")
    assert set(scores["system"]) == {"mt", "service"}
    assert set(scores["metric"]) == {"bleu", "chrf"}
    assert scores.filter(pl.col("level") == "sentence").height == 2 * 2 * 4
    assert read_provenance(corpus / "scores.parquet")["notes"]["sacrebleu"]
    assert build(tiny_manifest, root=tmp_path).built == []
    (folder / "a.service.en.txt").write_text("Hi.\nThis is test.\nSecond paragraph!\nYes.\n")
    assert build(tiny_manifest, root=tmp_path).built == ["scores"]


def test_external_system_with_wrong_line_count_names_file_and_counts(tiny_manifest, tmp_path):
    folder = tiny_manifest.parent
    (folder / "a.service.en.txt").write_text("Hello.\nOnly two lines.\n")
    tiny_manifest.write_text(tiny_manifest.read_text() + MANIFEST_EXTRA)
    build(tiny_manifest, root=tmp_path)
    settings = score_settings(load_manifest(tiny_manifest))
    corpus = tmp_path / "corpora" / "tiny"
    tables = {n: pl.read_parquet(corpus / f"{n}.parquet")
              for n in ("parallel", "documents", "sentences")}
    with pytest.raises(ManifestError, match=r"a\.service\.en\.txt has 2 lines .* 4 sentences"):
        score_corpus(pl.DataFrame(schema=TRANSLATIONS), tables["parallel"], tables["documents"],
                     tables["sentences"], settings)


def test_manifest_systems_entry_needs_a_known_group(tiny_manifest):
    (tiny_manifest.parent / "x.txt").write_text("x\n")
    tiny_manifest.write_text(tiny_manifest.read_text() + '\n[[systems]]\nname = "x"\n'
                             'group = "nope"\nsrc = "zh"\ntgt = "en"\npath = "x.txt"\n')
    with pytest.raises(ManifestError, match="group 'nope'"):
        score_settings(load_manifest(tiny_manifest))
