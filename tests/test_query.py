import json

import polars as pl
import pytest
from click.testing import CliRunner

from corpus_tools.cli import cli
from corpus_tools.query import QuerySyntaxError, QueryUsageError, build_index, parse_query
from corpus_tools.query.evaluate import find_hits

TEXTS = [
    ("ru-doc", "ru", "Мы строим сообщество единой судьбы."),
    ("ru-doc", "ru", "Сообществом общей и единой судьбы гордятся."),
    ("ru-doc", "ru", "Ёлка стоит, а судьба молчит."),
    ("en-doc", "en", "Communities with a shared future were built."),
    ("zh-doc", "zh", "推动构建人类命运共同体。"),
]


@pytest.fixture(scope="module")
def tokens() -> pl.DataFrame:
    sentences = pl.DataFrame(
        [(d, i, 0, lang, text, 0, len(text)) for i, (d, lang, text) in enumerate(TEXTS)],
        schema=["doc_id", "sent_id", "paragraph_id", "lang", "text", "char_start", "char_end"],
        orient="row")
    documents = pl.DataFrame({"doc_id": ["ru-doc", "en-doc", "zh-doc"], "group_id": ["g"] * 3})
    return build_index(documents, sentences)


def forms(tokens, query, langs=()):
    return find_hits(tokens, parse_query(query), langs)["form"].to_list()


def test_lemma_sequence_with_a_gap_matches_inflected_forms(tokens):
    assert forms(tokens, '[lemma="сообщество"] []{0,3} [lemma="судьба"]') == [
        "сообщество единой судьбы", "Сообществом общей и единой судьбы"]


def test_case_and_diacritic_flags_fold_letters(tokens):
    assert forms(tokens, '"сообществом"') == []
    assert forms(tokens, '"сообществом"%c') == ["Сообществом"]
    assert forms(tokens, '"елка"%cd') == ["Ёлка"]


def test_boolean_operators_combine_attributes(tokens):
    query = '[lemma="судьба" & !word="судьбы"] | [word="Ёлка"]'
    with pytest.raises(QuerySyntaxError):
        parse_query(query)  # | joins expressions inside brackets, not patterns
    assert forms(tokens, '[lemma="судьба" & !word="судьбы" | word="Ёлка"]') == ["Ёлка", "судьба"]


def test_english_lemma_drops_the_plural_and_chinese_literals_follow_jieba(tokens):
    assert forms(tokens, '[lemma="community"] "with"') == ["Communities with"]
    assert forms(tokens, '"命运共同体"') == ["命运共同体"]
    assert forms(tokens, '"судьбы"', langs=("en",)) == []


def test_parse_errors_give_the_position_and_what_was_expected():
    with pytest.raises(QuerySyntaxError, match=r"expected '\}' at position 8, found"):
        parse_query('[]{1,2 "a"')
    with pytest.raises(QuerySyntaxError, match="position 12"):
        parse_query('"a" within p')
    with pytest.raises(QueryUsageError, match="did you mean 'lemma'"):
        parse_query('[lema="x"]')


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def corpus(sample_build):
    return sample_build / "corpora" / "sample"


def test_query_lists_hits_with_aligned_sentences_and_metadata(corpus):
    result = run("query", corpus, '[lemma="сообщество"] []{0,3} [lemma="судьба"] '
                 ':zh "命运共同体"', "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 8 and {r["doc"] for r in rows} == {"summit-results-ru", "treaty-ru"}
    first = rows[0]
    assert first["role"] == "translation" and first["unit_id"] is not None
    assert {a["lang"] for a in first["aligned"]} == {"en", "zh"}
    assert "命运共同体" in next(a["text"] for a in first["aligned"] if a["lang"] == "zh")


def test_negated_aligned_constraint_keeps_the_other_hits(corpus):
    result = run("query", corpus, '"community"%c :ru ! [lemma="сообщество"]', "--json")
    assert result.exit_code == 0, result.output
    everything = json.loads(run("query", corpus, '"community"%c', "--json").stdout)
    assert json.loads(result.stdout)["hits"] < everything["hits"]


def test_count_by_document_and_year_as_tsv(corpus):
    result = run("query", corpus, '[lemma="судьба"]', "--count", "doc,year", "--format", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "doc\tyear\thits\tsentences\tdocuments"
    assert "treaty-ru\t2025\t" in result.stdout
    titles = run("query", corpus, '[lemma="судьба"]', "--count", "title", "--format", "jsonl")
    assert titles.exit_code == 0, titles.output
    assert len(titles.stdout.splitlines()) == 2  # the two Russian documents' titles


def test_collocates_rank_the_modifier_first_and_drop_function_words(corpus):
    result = run("query", corpus, '[lemma="судьба"]', "--collocates", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lemmas = [json.loads(line)["lemma"] for line in result.stdout.splitlines()]
    assert lemmas[:2] == ["сообщество", "единый"] and "и" not in lemmas


def test_parquet_output_and_empty_results(corpus, tmp_path):
    out = tmp_path / "hits.parquet"
    assert run("query", corpus, '"Astana"', "--format", "parquet", "-o", out).exit_code == 0
    assert pl.read_parquet(out)["match"].unique().to_list() == ["Astana"]
    empty = run("query", corpus, '"nonexistentword"')
    assert empty.exit_code == 0 and empty.stdout == ""
    assert empty.stderr == 'no hits for "nonexistentword"\n'
    summary = run("query", corpus, '"nonexistentword"', "--json")
    assert summary.exit_code == 0 and json.loads(summary.stdout)["hits"] == 0


def test_bad_queries_exit_1_and_unknown_names_exit_2(corpus):
    bad = run("query", corpus, '[word="x"')
    assert bad.exit_code == 1 and "position 10" in bad.output
    assert "did you mean 'lemma'" in run("query", corpus, '[lema="x"]').output
    unknown = run("query", corpus, '"x" :zz "y"')
    assert unknown.exit_code == 2 and "unknown language 'zz'" in unknown.output
    assert run("query", corpus, '"x"', "--count", "yaer").exit_code == 2


def test_a_glossary_variant_written_as_a_query_matches_across_a_gap(tmp_path):
    from corpus_tools.terms.glossary import parse_glossary
    from corpus_tools.terms.matching import matcher_for

    glossary = parse_glossary(
        '[[concept]]\nid = "shared-future"\n[concept.variants]\n'
        'ru = [{ text = "сообщество … судьбы", '
        'query = \'[lemma="сообщество"] []{0,3} [lemma="судьба"]\' }, "общая судьба"]\n',
        tmp_path / "g.toml")
    text = "Сообществом общей и единой судьбы, а также общей судьбой."
    found = [text[h.start:h.end] for h in matcher_for("ru", glossary).find(text)]
    assert found == ["Сообществом общей и единой судьбы", "общей судьбой"]


def test_a_bad_query_in_the_glossary_names_the_variant(tmp_path):
    from corpus_tools.errors import InputError
    from corpus_tools.terms.glossary import parse_glossary

    with pytest.raises(InputError, match=r"g.toml:2: concept 'x': ru variant 'a': query: "
                                         r"unknown attribute 'lema'"):
        parse_glossary('[[concept]]\nid = "x"\n[concept.variants]\n'
                       'ru = [{ text = "a", query = \'[lema="x"]\' }]\n', tmp_path / "g.toml")


def test_discovered_candidates_come_with_a_query_that_finds_them(corpus):
    result = run("terms", "discover", corpus, "--concept", "shared-future", "--lang", "ru",
                 "--measure", "llr", "--format", "csv", "--top", "1")
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()[:2]
    query = row.split(",")[header.split(",").index("query")].strip('"').replace('""', '"')
    assert query == '[lemma="сообщество"] [lemma="единый"] [lemma="судьба"]'
    hits = json.loads(run("query", corpus, query, "--json").stdout)
    assert hits["hits"] >= int(row.split(",")[1])


def test_mt_output_is_indexed_under_its_system():
    sentences = pl.DataFrame({"doc_id": ["zh-doc"], "sent_id": [0], "paragraph_id": [0],
                              "lang": ["zh"], "text": ["构建命运共同体。"], "char_start": [0],
                              "char_end": [8]})
    translations = pl.DataFrame({"doc_id": ["zh-doc"], "sent_id": [0], "src_lang": ["zh"],
                                 "tgt_lang": ["en"], "system": ["opus-mt"],
                                 "text": ["Build communities of destiny."]})
    tokens = build_index(pl.DataFrame({"doc_id": ["zh-doc"], "group_id": ["g"]}), sentences,
                         translations)
    hits = find_hits(tokens, parse_query('[lemma="community"]'))
    assert hits.select("doc_id", "sent_id", "system", "lang", "form").rows() == [
        ("zh-doc", 0, "opus-mt", "en", "communities")]
