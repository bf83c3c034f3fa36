import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from sacrebleu.metrics import BLEU

from corpus_tools.cli import cli
from corpus_tools.tables import SCORES, read_provenance

DATA = Path(__file__).parent / "fixtures" / "score"
REF, MT_A, MT_B = DATA / "ref.en.txt", DATA / "mt-a.en.txt", DATA / "mt-b.en.txt"


def sacrebleu_cli(*args: str) -> str:
    """The real ``sacrebleu`` command of this environment."""
    done = subprocess.run([sys.executable, "-m", "sacrebleu", *args], capture_output=True,
                          text=True, check=True)
    return done.stdout


def score_json(runner, *args: str) -> list[dict]:
    result = runner.invoke(cli, ["score", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["scores"]


def by(rows: list[dict], **match) -> list[dict]:
    return [r for r in rows if all(r[k] == v for k, v in match.items())]


def test_corpus_scores_equal_what_the_sacrebleu_command_prints(runner):
    expected = json.loads(sacrebleu_cli(str(REF), "-i", str(MT_A), "-m", "bleu", "chrf", "ter",
                                        "--chrf-word-order", "2", "-b", "-w", "4",
                                        "--format", "json"))
    rows = score_json(runner, "--tgt-lang", "en", "--ref", str(REF), "--hyp", f"a={MT_A}")
    got = [round(by(rows, metric=m)[0]["value"], 4) for m in ("bleu", "chrf", "ter")]
    assert got == expected


def test_corpus_confidence_interval_is_sacrebleus_bootstrap(runner):
    out = json.loads(sacrebleu_cli(str(REF), "-i", str(MT_A), "-m", "bleu", "--confidence",
                                   "-w", "4", "--format", "json"))
    (row,) = score_json(runner, "--tgt-lang", "en", "--ref", str(REF), "--hyp", f"a={MT_A}",
                        "--metrics", "bleu")
    mean, half = out["confidence_mean"], out["confidence_var"]
    assert round(row["ci_low"], 3) == round(mean - half, 3)
    assert round(row["ci_high"], 3) == round(mean + half, 3)
    assert row["signature"] == out["signature"]


def test_chinese_target_uses_the_zh_tokenizer_and_asian_ter(runner):
    ref, hyp = DATA / "ref.zh.txt", DATA / "mt.zh.txt"
    rows = score_json(runner, "--tgt-lang", "zh", "--ref", str(ref), "--hyp", f"mt={hyp}")
    bleu, ter = by(rows, metric="bleu")[0], by(rows, metric="ter")[0]
    assert "tok:zh" in bleu["signature"] and "asian:yes" in ter["signature"]
    expected = json.loads(sacrebleu_cli(str(ref), "-i", str(hyp), "-m", "bleu", "ter",
                                        "-tok", "zh", "--ter-asian-support", "-b", "-w", "4",
                                        "--format", "json"))
    assert [round(bleu["value"], 4), round(ter["value"], 4)] == expected


def test_tokenizer_override_wins(runner):
    rows = score_json(runner, "--tgt-lang", "zh", "--ref", str(DATA / "ref.zh.txt"),
                      "--hyp", f"mt={DATA / 'mt.zh.txt'}", "--metrics", "bleu",
                      "--tokenize", "char")
    assert "tok:char" in rows[0]["signature"]


def test_paired_bootstrap_gives_p_values_against_the_baseline(runner):
    rows = score_json(runner, "--tgt-lang", "en", "--ref", str(REF), "--hyp", f"a={MT_A}",
                      "--hyp", f"b={MT_B}", "--metrics", "bleu", "--paired", "bs")
    expected = json.loads(sacrebleu_cli(str(REF), "-i", str(MT_A), str(MT_B), "-m", "bleu",
                                        "--paired-bs", "--format", "json"))
    base, other = by(rows, system="a")[0], by(rows, system="b")[0]
    assert base["p_value"] is None
    assert other["p_value"] == expected[1]["BLEU"]["p_value"]
    assert other["value"] == expected[1]["BLEU"]["score"] > 0
    assert "bs:1000" in other["signature"] and "seed:12345" in other["signature"]


def test_approximate_randomisation_against_a_named_baseline(runner):
    result = runner.invoke(cli, ["score", "--tgt-lang", "en", "--ref", str(REF),
                                 "--hyp", f"a={MT_A}", "--hyp", f"b={MT_B}", "--metrics",
                                 "chrf", "--paired", "ar", "--baseline", "b"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("b ") and "p=" not in lines[1]
    assert lines[2].startswith("a ") and "p=" in lines[2]
    assert "ar:10000" in result.stdout


def test_document_level_aggregates_the_lines_of_each_document(runner):
    rows = score_json(runner, "--tgt-lang", "en", "--ref", str(REF), "--hyp", f"a={MT_A}",
                      "--metrics", "bleu", "--level", "document", "--docs",
                      str(DATA / "docs.txt"))
    assert [(r["key"], r["n_segments"]) for r in rows] == [("budget", 4), ("roads", 3),
                                                          ("report", 3)]
    refs, hyps = REF.read_text().splitlines(), MT_A.read_text().splitlines()
    expected = BLEU().corpus_score(hyps[4:7], [refs[4:7]]).score
    assert by(rows, key="roads")[0]["value"] == expected


def test_sentence_level_gives_one_score_per_line_with_effective_order(runner):
    rows = score_json(runner, "--tgt-lang", "en", "--ref", str(REF), "--hyp", f"a={MT_A}",
                      "--hyp", f"b={MT_B}", "--metrics", "bleu,ter", "--level", "sentence")
    lines = len(REF.read_text().splitlines())
    assert len(by(rows, system="a", metric="bleu")) == lines
    assert len(rows) == 2 * 2 * lines
    expected = sacrebleu_cli(str(REF), "-i", str(MT_B), "-m", "bleu", "-sl", "-b").split()
    assert [f"{r['value']:.1f}" for r in by(rows, system="b", metric="bleu")] == expected
    assert "eff:yes" in rows[0]["signature"]


def test_scores_parquet_has_the_schema_and_signatures(runner, tmp_path):
    out = tmp_path / "scores.parquet"
    args = ["score", "--tgt-lang", "en", "--src-lang", "ru", "--ref", str(REF),
            "--hyp", f"a={MT_A}", "-o", str(out)]
    assert runner.invoke(cli, args).exit_code == 0
    table = pl.read_parquet(out)
    assert table.schema == pl.Schema(SCORES)
    assert table["metric"].to_list() == ["bleu", "chrf", "ter"]
    assert set(table["src_lang"]) == {"ru"} and table["ci_low"].null_count() == 0
    assert any("tok:13a" in s for s in read_provenance(out)["stage"]["signatures"])
    again = runner.invoke(cli, args)
    assert again.exit_code == 1 and "--force" in again.output


def test_line_count_mismatch_names_both_files_and_writes_nothing(runner, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("One line only.\nAnd two.\n")
    out = tmp_path / "scores.parquet"
    result = runner.invoke(cli, ["score", "--tgt-lang", "en", "--ref", str(REF),
                                 "--hyp", f"a={short}", "-o", str(out)])
    assert result.exit_code == 1
    message = result.output.strip()
    assert "\n" not in message
    assert str(short) in message and str(REF) in message and "2" in message and "10" in message
    assert not out.exists()


def test_empty_hypothesis_is_an_error(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(cli, ["score", "--tgt-lang", "en", "--ref", str(REF),
                                 "--hyp", f"a={empty}"])
    assert result.exit_code == 1 and "empty hypothesis" in result.output


def test_duplicate_system_names_are_an_error(runner):
    result = runner.invoke(cli, ["score", "--tgt-lang", "en", "--ref", str(REF),
                                 "--hyp", f"a={MT_A}", "--hyp", f"a={MT_B}"])
    assert result.exit_code == 1 and "'a'" in result.output


def test_hypothesis_in_the_wrong_script_warns_but_scores(runner):
    result = runner.invoke(cli, ["score", "--tgt-lang", "ru", "--ref", str(REF),
                                 "--hyp", f"a={MT_A}", "--metrics", "bleu"])
    assert result.exit_code == 0
    assert "latin" in result.stderr and "cyrillic" in result.stderr
    assert result.stdout.startswith("system")


@pytest.mark.skipif(importlib.util.find_spec("comet") is not None,
                    reason="unbabel-comet is installed")
def test_comet_without_the_extra_is_a_notice_and_other_metrics_still_run(runner):
    result = runner.invoke(cli, ["score", "--tgt-lang", "en", "--ref", str(REF),
                                 "--hyp", f"a={MT_A}", "--metrics", "bleu,comet", "--json"])
    assert result.exit_code == 0, result.output
    assert "corpus-tools[comet]" in result.stderr
    assert result.stderr.count("\n") == 1
    assert [r["metric"] for r in json.loads(result.stdout)["scores"]] == ["bleu"]


@pytest.mark.skipif(importlib.util.find_spec("MeCab") is not None,
                    reason="sacrebleu[ja] is installed")
def test_japanese_tokenizer_without_mecab_is_a_one_line_error(runner):
    result = runner.invoke(cli, ["score", "--tgt-lang", "ja", "--ref", str(REF),
                                 "--hyp", f"a={MT_A}", "--metrics", "bleu"])
    assert result.exit_code == 1
    assert "ja-mecab" in result.output and "sacrebleu[ja]" in result.output
