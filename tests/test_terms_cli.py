import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from corpus_tools.build import build
from corpus_tools.cli import cli

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "manifest.toml"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("root")
    build(SAMPLE, root=root)
    return root / "corpora" / "sample"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_terms_prints_a_summary_table(corpus):
    result = run("terms", corpus, "--concept", "shared-future", "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert "сообщество единой судьбы" in result.output
    assert "summit-results-ru, treaty-ru" in result.output
    assert "community" not in result.output  # --lang ru


def test_terms_csv_lists_every_english_variant_of_the_concept(corpus):
    result = run("terms", corpus, "--concept", "shared-future", "--lang", "en",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["variant"]: int(r["human"]) for r in rows} == {
        "community with a shared future": 4, "community of common destiny": 2,
        "community of shared destiny": 1}


def test_terms_concordance_as_markdown_shows_aligned_sentences(corpus):
    result = run("terms", "--view", "concordance", "--format", "md", corpus,
                 "--concept", "shared-future-mankind", "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert "| сообщества единой судьбы человечества |" in result.output
    assert "zh: 哈萨克斯坦总统" in result.output and "en: Kazakh President" in result.output


def test_terms_parquet_output_needs_force_to_overwrite(corpus, tmp_path):
    out = tmp_path / "renderings.parquet"
    args = ("terms", corpus, "--view", "renderings", "--format", "parquet", "-o", out)
    assert run(*args).exit_code == 0
    assert pl.read_parquet(out).filter(pl.col("concept_id") == "three-evils").height == 2
    again = run(*args)
    assert again.exit_code == 1 and "exists; use --force" in again.output
    assert run(*args, "--force").exit_code == 0


def test_terms_fidelity_without_translations_says_why_it_is_empty(corpus):
    result = run("terms", corpus, "--view", "fidelity")
    assert result.exit_code == 0
    assert "fidelity: empty — no MT output for the units" in result.output


def test_terms_with_a_glossary_recomputes_the_tables(corpus, tmp_path):
    glossary = tmp_path / "g.toml"
    glossary.write_text('[[concept]]\nid = "jungle"\n[concept.variants]\n'
                        'zh = ["丛林法则"]\nen = ["law of the jungle"]\n', encoding="utf-8")
    result = run("terms", corpus, "--glossary", glossary, "--view", "renderings",
                 "--lang", "en", "--format", "csv")
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["concept_id"], row["tgt_variant"], row["source"]) == (
        "jungle", "law of the jungle", "human")


def test_terms_discover_ranks_the_english_rendering_first(corpus, tmp_path):
    glossary = tmp_path / "zh-only.toml"
    glossary.write_text('[[concept]]\nid = "shared-future"\n[concept.variants]\n'
                        'zh = ["命运共同体"]\n', encoding="utf-8")
    result = run("terms", "discover", corpus, "--concept", "shared-future", "--lang", "en",
                 "--glossary", glossary, "--format", "csv", "--top", "3")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["candidate"] == "community"
    assert "community with a shared future" in [r["candidate"] for r in rows]


def test_terms_discover_finds_the_russian_phrase_across_its_cases(corpus, tmp_path):
    result = run("terms", "discover", corpus, "--concept", "shared-future", "--lang", "ru",
                 "--measure", "llr", "--format", "csv", "--top", "1")
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["candidate"] == "сообщество единой судьбы"
    assert int(row["with_concept"]) == int(row["concept_units"])


@pytest.mark.parametrize("args, message", [
    (("terms", "nowhere"), "nowhere: no such corpus directory"),
    (("terms", "discover", "{corpus}", "--concept", "nope", "--lang", "en"),
     "no concept 'nope'"),
    (("terms", "{corpus}", "--glossary", "{bad}"), "bad.toml:2: invalid TOML"),
])
def test_terms_errors_are_one_line(corpus, tmp_path, args, message):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[concept]]\nid = "x\n', encoding="utf-8")
    result = run(*(a.format(corpus=corpus, bad=bad) for a in args))
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.strip().count("\n") == 0


def test_terms_on_an_unbuilt_corpus_names_the_build_stage(tmp_path):
    result = run("terms", tmp_path)
    assert result.exit_code == 1
    assert "built by the `terms` stage of `corpus-tools build`" in result.output


def test_an_unknown_concept_is_an_error_that_suggests_the_nearest(corpus):
    result = run("terms", corpus, "--concept", "shared-futur")
    assert result.exit_code == 1
    assert "no concept 'shared-futur'; did you mean 'shared-future'" in result.stderr
    assert result.stdout == ""


def test_an_empty_result_is_one_line_and_exit_0(corpus):
    result = run("terms", corpus, "--concept", "shared-future", "--lang", "fr")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "summary: empty — no occurrences of the selected concepts\n"


def test_terms_concepts_lists_the_glossary(tmp_path):
    result = run("terms", "concepts")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("shared-future "))
    assert line.split()[1:4] == ["en", "ru", "zh"]
    glossary = tmp_path / "g.toml"
    glossary.write_text('[[concept]]\nid = "jungle"\n[concept.variants]\n'
                        'zh = ["丛林法则"]\nen = ["law of the jungle", "jungle law"]\n',
                        encoding="utf-8")
    listed = json.loads(run("terms", "concepts", "--glossary", glossary, "--json").stdout)
    assert listed["concepts"] == [{"id": "jungle", "langs": ["en", "zh"],
                                   "variants": {"en": 2, "zh": 1}}]
