import base64
import hashlib
import re
from pathlib import Path

import lxml.html
import polars as pl

from corpus_tools.cli import cli
from corpus_tools.report import write_report
from corpus_tools.tables import parallel_schema, write_table


def render(corpus, tmp_path, **options) -> lxml.html.HtmlElement:
    out = tmp_path / "report.html"
    write_report(corpus, out, force=True, **options)
    return lxml.html.fromstring(out.read_text(encoding="utf-8"))


def test_report_is_one_self_contained_page_with_every_section(review_corpus, tmp_path):
    page = render(review_corpus, tmp_path)
    assert [s.get("id") for s in page.iter("section")] == ["overview", "viewer", "commentary",
                                                            "terminology", "scores"]
    assert all("has-content" in s.get("class") for s in page.iter("section"))
    # Nothing is loaded from elsewhere: no src/href to another file, no stylesheet link.
    assert not page.xpath("//*[@src] | //link | //*[starts-with(@href, 'http')]")
    assert len(page.xpath("//script")) == 1 and len(page.xpath("//style")) == 1
    tables = page.xpath("//table")
    assert len(tables) > 10
    # Every table is sortable and filterable (class data) or nested in another one's cell.
    assert all(t.get("class").split()[0] in ("data", "nested") for t in tables)
    assert len(page.xpath("//figure[@class='chart']//svg")) == 4  # histogram + 3 metrics


def test_page_policy_lets_only_its_own_script_run(review_corpus, tmp_path):
    page = render(review_corpus, tmp_path)
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    script = page.xpath("//script")[0].text
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy


def test_viewer_shows_every_unit_and_flags_low_confidence_and_one_sided(sample_corpus,
                                                                       tmp_path):
    parallel = pl.read_parquet(sample_corpus / "parallel.parquet")
    # Make unit 0 of the treaty a 1-0 unit (no Chinese) with a low score.
    treaty0 = (pl.col("group_id") == "treaty") & (pl.col("unit_id") == 0)
    parallel = parallel.with_columns(
        zh=pl.when(treaty0).then(None).otherwise(pl.col("zh")),
        zh_doc_id=pl.when(treaty0).then(None).otherwise(pl.col("zh_doc_id")),
        zh_sent_ids=pl.when(treaty0).then(pl.lit([], dtype=pl.List(pl.Int64)))
        .otherwise(pl.col("zh_sent_ids")),
        score=pl.when(treaty0).then(0.2).otherwise(pl.col("score")))
    write_table(parallel, sample_corpus / "parallel.parquet", parallel_schema(["en", "ru", "zh"]))

    page = render(sample_corpus, tmp_path, low_confidence=0.5)
    viewer = page.get_element_by_id("viewer")
    rows = viewer.xpath(".//table[contains(@class, 'viewer')]/tbody/tr")
    assert len(rows) == parallel.height
    assert [th.text_content() for th in viewer.xpath(".//table/thead")[0].iter("th")] == [
        "unit", "confidence", "en", "ru", "zh"]
    flagged = [r for r in rows if "low" in r.get("class", "").split()]
    assert len(flagged) == parallel.filter(pl.col("score") < 0.5).height
    gap = viewer.xpath(".//td[@class='gap']")
    assert len(gap) == 1 and gap[0].text_content() == "no sentence"
    assert "one-sided" in gap[0].getparent().get("class")
    assert viewer.xpath(".//td[@lang='zh']")


def test_overview_counts_documents_sentences_and_units(sample_corpus, tmp_path):
    page = render(sample_corpus, tmp_path)
    stats = {dt.text_content(): dd.text_content()
             for dt, dd in zip(page.iter("dt"), page.iter("dd"), strict=True)}
    sentences = pl.read_parquet(sample_corpus / "sentences.parquet").height
    assert stats["documents"] == "7" and stats["sentences"] == str(sentences)
    assert stats["aligned units"] == str(pl.read_parquet(sample_corpus / "parallel.parquet")
                                         .height)
    assert stats["languages"] == "en, ru, zh"
    by_role = page.get_element_by_id("docs-lang-role")
    assert [th.text_content() for th in by_role.iter("th")] == ["lang", "commentary", "original",
                                                                "translation", "total"]
    histogram = page.xpath("//figure[@class='chart']")[0]
    beads = sum(pl.read_parquet(p).height
                for p in (sample_corpus.parents[1] / "alignments" / "sample").glob("*.parquet"))
    assert f"{beads} beads" in histogram.text_content()
    assert sum(int(c.text) for c in histogram.xpath(".//text[@class='count']")) == beads


def test_missing_tables_are_named_with_the_stage_that_builds_them(runner, sample_corpus,
                                                                  tmp_path):
    for table in ("terms", "concordance", "renderings", "fidelity"):
        (sample_corpus / f"{table}.parquet").unlink()
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", str(sample_corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "scores.parquet is not built yet: the `scores` stage" in result.output
    page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    notes = [p.text_content() for p in page.xpath("//p[contains(@class, 'missing')]")]
    assert notes == [
        "terms.parquet, concordance.parquet and renderings.parquet are not built yet: the "
        "`terms` stage of `corpus-tools build` writes them.",
        "scores.parquet is not built yet: the `scores` stage of `corpus-tools build` writes it."]


def test_corpus_folder_without_documents_is_a_one_line_error(runner, tmp_path):
    (tmp_path / "corpora" / "new").mkdir(parents=True)
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", str(tmp_path / "corpora" / "new"), "-o", str(out)])
    assert result.exit_code == 1
    assert "`documents` stage of `corpus-tools build`" in result.output
    assert result.output.strip().count("\n") == 0
    assert not out.exists()


def test_missing_alignments_are_named_with_their_stage(sample_corpus, tmp_path):
    for path in (sample_corpus.parents[1] / "alignments" / "sample").glob("*.parquet"):
        path.unlink()
    (sample_corpus / "parallel.parquet").unlink()
    text = render(sample_corpus, tmp_path).text_content()
    assert "alignments/<name>/<l1>-<l2>.parquet is not built yet" in text
    assert "parallel.parquet is not built yet" in text


def test_terms_rows_carry_their_concordance_lines(review_corpus, tmp_path):
    pl.DataFrame({"system": ["opus-mt"], "same_as_human": [0.5]}).write_parquet(
        review_corpus / "mt_fidelity.parquet")
    page = render(review_corpus, tmp_path)
    assert page.get_element_by_id("table-mt_fidelity").xpath(".//td[@data-v='0.5']")
    assert not page.xpath("//section[@id='other']")
    terms = page.get_element_by_id("terms")
    rows = terms.xpath("./div/table/tbody/tr")
    assert len(rows) == 3
    lines = rows[0].xpath(".//details[@class='lines']")
    assert lines[0].find("summary").text == "2 lines"  # concept × lang × variant of row 0
    assert [td.get("class") for td in lines[0].xpath(".//tbody/tr[1]/td")][:3] == [
        "kwic-left", "kwic-match", "kwic-right"]
    assert page.get_element_by_id("renderings").xpath(".//th")[-1].text == "en_opus-mt"


def test_scores_chart_has_whiskers_and_significance_marks(review_corpus, tmp_path):
    page = render(review_corpus, tmp_path)
    charts = page.get_element_by_id("scores").xpath(".//figure[@class='chart']")
    assert [c.find("figcaption").text for c in charts] == [
        "bleu (corpus level, higher is better)", "chrf (corpus level, higher is better)",
        "ter (corpus level, lower is better)"]
    bleu = charts[0]
    assert [t.text for t in bleu.xpath(".//text[@class='label']")] == ["opus-mt zh→en",
                                                                      "nllb zh→en"]
    assert len(bleu.xpath(".//g[@class='whisker']")) == 2
    assert [m.text for m in bleu.xpath(".//tspan[@class='mark']")] == [None, "**"]
    corpus_rows = page.get_element_by_id("scores-corpus").xpath(".//tbody/tr")
    assert len(corpus_rows) == 6
    assert "Sentence-level scores" in page.get_element_by_id("scores").text_content()


def test_unknown_tables_are_shown_generically_and_cut_at_max_rows(sample_corpus, tmp_path):
    pl.DataFrame({"system": ["a", "b", "c"], "share": [0.5, 0.25, None]}).write_parquet(
        sample_corpus / "reviews.parquet")
    page = render(sample_corpus, tmp_path, max_rows=2)
    other = page.get_element_by_id("other")
    assert other.xpath(".//summary/span")[0].text == "reviews"
    assert len(other.xpath(".//tbody/tr")) == 2
    assert "First 2 of 3 rows shown" in other.text_content()
    assert other.xpath(".//td[@data-v='0.5']")


def test_scraped_markup_appears_as_text_and_adds_no_elements(hostile_corpus, hostile_payloads,
                                                            tmp_path):
    out = tmp_path / "report.html"
    write_report(hostile_corpus, out)
    html = out.read_text(encoding="utf-8")
    page = lxml.html.fromstring(html)
    assert len(page.xpath("//script")) == 1  # the page's own
    assert not page.xpath("//img | //*[@onerror]")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    text = page.text_content()
    for payload in hostile_payloads:
        assert text.count(payload) >= 4  # viewer (en, ru), terms, concordance, scores …
    assert page.xpath("//td[text()='<script>alert(1)</script>']")
    assert page.xpath("//dd[text()='1']")  # the numbers still render around the payloads


def test_report_refuses_to_overwrite_and_reports_missing_folder(runner, sample_corpus,
                                                                tmp_path):
    out = tmp_path / "r.html"
    assert runner.invoke(cli, ["report", str(sample_corpus), "-o", str(out)]).exit_code == 0
    again = runner.invoke(cli, ["report", str(sample_corpus), "-o", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
    missing = runner.invoke(cli, ["report", str(tmp_path / "nope"), "-o", str(tmp_path / "x")])
    assert missing.exit_code == 1
    assert re.fullmatch(r"Error: .*nope: no such corpus folder\n", missing.output)


def test_alignments_folder_can_be_given(sample_corpus, tmp_path):
    moved = tmp_path / "elsewhere"
    (sample_corpus.parents[1] / "alignments" / "sample").rename(moved)
    without = render(sample_corpus, tmp_path)
    assert "alignments/<name>/<l1>-<l2>.parquet is not built yet" in without.text_content()
    page = render(sample_corpus, tmp_path, alignments_dir=moved)
    assert page.get_element_by_id("alignment-pairs").xpath(".//tbody/tr")


def test_concept_view_lines_link_to_their_unit_where_the_term_is_marked(sample_corpus,
                                                                        tmp_path):
    page = render(sample_corpus, tmp_path)
    section = page.get_element_by_id("concepts")
    concordance = pl.read_parquet(sample_corpus / "concordance.parquet")
    assert len(section.xpath(".//details[@class='group']")) == concordance[
        "concept_id"].n_unique()
    table = section.xpath(".//table[contains(@class, 'data')]")[0]
    headers = [th.text_content() for th in table.xpath("./thead//th")]
    assert headers[:5] == ["language", "variant", "tag", "matches", "share"]
    assert [th.text_content() for th in table.xpath("./thead//th[@data-filter]")] == [
        "language", "tag"]
    lines = table.xpath(".//table[@class='nested']")[0]
    assert [th.text_content() for th in lines.xpath(".//th[@data-filter]")] == ["source",
                                                                                "role"]
    link = section.xpath(".//a[starts-with(@href, '#unit-')]")[0]
    match = link.getparent().getparent().xpath("./td[@class='kwic-match']")[0].text_content()
    unit = page.get_element_by_id(link.get("href")[1:])
    assert unit.xpath("ancestor::section")[0].get("id") == "viewer"
    assert match in [m.text_content() for m in unit.xpath(".//mark")]
    # The aligned sentences read as text, one language a line, not as raw data.
    aligned = section.xpath(".//td[@class='lines-text']")[0].text_content()
    assert re.match(r"^(en|ru|zh): ", aligned) and "{" not in aligned
    shares = section.xpath(".//figure[contains(@class, 'share')]")[0]
    assert "Variant shares per language and year" in shares.text_content()


def test_commentary_links_are_listed_per_commentary_document(sample_corpus, tmp_path):
    page = render(sample_corpus, tmp_path)
    section = page.get_element_by_id("commentary")
    assert [s.text for s in section.xpath(".//span[@class='group-title']")] == [
        "summit-results-en"]
    row = section.xpath(".//tbody/tr")[0]
    assert row.xpath("./td")[1].text_content() == "treaty-zh"
    assert row.xpath("./td[@data-v]")


def test_page_names_no_absolute_local_path(sample_corpus, tmp_path):
    out = tmp_path / "report.html"
    write_report(sample_corpus, out)
    html = out.read_text(encoding="utf-8")
    repo = Path(__file__).resolve().parents[1]
    assert str(repo) not in html and str(tmp_path) not in html
    listing = lxml.html.fromstring(html).get_element_by_id("documents")
    assert "summit-results.en.txt" in listing.text_content()


def test_report_names_a_matched_local_candidate_beside_the_manifest_relative_files(
        runner, sample_corpus, tmp_path):
    candidate = tmp_path / "elsewhere" / "candidate.ru.txt"
    candidate.parent.mkdir()
    candidate.write_text("Президент прибыл в Москву. Переговоры прошли успешно.\n",
                         encoding="utf-8")
    matched = runner.invoke(cli, ["match-docs", str(candidate), "--corpus", str(sample_corpus),
                                  "--offline"])
    assert matched.exit_code == 0, matched.output
    page = render(sample_corpus, tmp_path)  # the fetch log mixes relative and absolute paths
    html = lxml.html.tostring(page, encoding="unicode")
    assert "candidate.ru.txt" in html and str(tmp_path) not in html
    assert "treaty.en.txt" in page.get_element_by_id("documents").text_content()
