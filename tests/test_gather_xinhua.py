"""Xinhua pages in each edition's layout, recognised without their URL and cleaned; related
links followed only on request; the Chinese original found by searching the site's indexes
(tests/gather_site.py), with the best match per language."""

import json
from pathlib import Path

import polars as pl
import pytest
from gather_site import (
    EN_TALKS,
    RU_TALKS,
    SITE,
    ZH_ARCHIVE,
    ZH_OLD_LAYOUT,
    ZH_TALKS,
    SiteServer,
)

from corpus_tools.cli import cli
from corpus_tools.gather import FetchPolicy, GatherOptions, gather
from corpus_tools.gather.extract import extract_html
from corpus_tools.report import write_report
from corpus_tools.tables import DOCUMENTS


def fixture(url: str) -> bytes:
    host, _, path = url.split("://", 1)[1].partition("/")
    return (SITE / host / path).read_bytes()


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


def common(site, corpus: Path) -> list[str]:
    resolve = [arg for host, base in site.resolve.items()
               for arg in ("--resolve", f"{host}={base}")]
    return ["--corpus", str(corpus), "--delay", "0", *resolve]


@pytest.mark.parametrize(("url", "title", "published", "source", "editor"), [
    (RU_TALKS, "Си Цзиньпин провел переговоры с Токаевым в Пекине", "2025-09-04", "Синьхуа",
     "Ли Мин"),
    (EN_TALKS, "Xi holds talks with Tokayev in Beijing", "2025-09-03", "Xinhua", "Liu Jie"),
    (ZH_TALKS, "习近平同哈萨克斯坦总统托卡耶夫举行会谈", "2025-09-03", "新华网", "张三"),
    (ZH_OLD_LAYOUT, "中俄总理举行定期会晤", "2019-09-03", "新华网", "张三"),
])
def test_saved_xinhua_page_is_recognised_from_its_markup_and_cleaned(url, title, published,
                                                                      source, editor):
    extracted = extract_html(fixture(url), None)  # a saved page: no URL to go by
    assert extracted.extractor == "profile:xinhua"
    assert (extracted.title, str(extracted.published)) == (title, published)
    assert (extracted.source, extracted.editor) == (source, editor)
    text = extracted.text
    for noise in ("来源", "责任编辑", "摄", "Editor", "редактор", "Xinhua/", "Фото", "Читайте",
                  "相关新闻", "Related", "SCO forum", "Поделиться", "分享", "18:30:05"):
        assert noise not in text, noise
    assert len(extracted.paragraphs) >= 2


def test_unknown_xinhua_layout_is_extracted_generically_and_still_cleaned():
    html = """<html lang="zh"><head><title>中方宣布新举措-新华网</title></head><body><article>
    <h1>中方宣布新举措</h1><p>2025-09-03 18:30:05 来源：新华网</p>
    <p>新华社北京9月3日电 外交部发言人3日宣布，中方将于下月举办第三届论坛，
    邀请60多个国家的代表参加。</p>
    <p>发言人表示，论坛将围绕发展合作、互联互通和人文交流等议题展开深入讨论，并发表共同声明。</p>
    <p>【责任编辑：张三】</p></article></body></html>""".encode()
    extracted = extract_html(html, None)
    assert extracted.extractor.startswith("trafilatura")
    assert extracted.title == "中方宣布新举措"
    assert (str(extracted.published), extracted.source, extracted.editor) == (
        "2025-09-03", "新华网", "张三")
    assert "来源" not in extracted.text and "责任编辑" not in extracted.text


def test_a_treaty_signature_date_is_text_not_a_timestamp_line():
    html = """<html><body><div class="header-time">2025-06-18 08:30:12</div>
    <div id="detailContent"><p>2025-06-18 08:30:12 来源：新华社</p>
    <p>第一条 缔约双方发展睦邻友好关系。</p><p>2025年6月17日</p></div></body></html>""".encode()
    paragraphs = extract_html(html, None).paragraphs
    assert paragraphs == ("第一条 缔约双方发展睦邻友好关系。", "2025年6月17日")


def test_photo_caption_keeps_its_words_without_the_credit():
    extracted = extract_html(fixture(ZH_TALKS), ZH_TALKS)
    assert "9月3日，国家主席习近平在北京同哈萨克斯坦总统托卡耶夫举行会谈。" in extracted.paragraphs


def test_related_block_links_are_kept_apart_from_body_links():
    extracted = extract_html(fixture(RU_TALKS), None)
    assert [link.url for link in extracted.links] == [EN_TALKS]
    assert [link.anchor for link in extracted.related] == ["В Пекине открылся форум ШОС"]


@pytest.mark.parametrize(("follow_related", "expected"), [(False, 2), (True, 3)])
def test_related_links_are_followed_only_on_request(site, tmp_path, follow_related, expected):
    options = GatherOptions(follow_related=follow_related, policy=FetchPolicy(
        resolve=site.resolve, delay=0, retries=0))
    report = gather([RU_TALKS], tmp_path, options=options)
    assert len(report.documents) == 2  # the page and its in-body link to the English version
    assert len(report.documents) + len(report.failed) == expected  # the related page is 404


def test_gathered_rows_keep_source_editor_and_how_they_were_found(site, tmp_path):
    options = GatherOptions(policy=FetchPolicy(resolve=site.resolve, delay=0))
    gather([RU_TALKS], tmp_path, options=options)
    docs = pl.read_parquet(tmp_path / "documents.parquet")
    assert docs.schema == pl.Schema(DOCUMENTS)
    rows = {row["lang"]: row for row in docs.to_dicts()}
    assert (rows["ru"]["source"], rows["ru"]["editor"], rows["ru"]["found_by"]) == (
        "Синьхуа", "Ли Мин", "given")
    assert (rows["en"]["editor"], rows["en"]["found_by"]) == ("Liu Jie", "link")


def test_search_finds_the_chinese_original_only_the_archive_lists(site, tmp_path, runner):
    corpus = tmp_path / "corpus"
    args = common(site, corpus)
    assert runner.invoke(cli, ["gather", RU_TALKS, "--depth", "0", *args]).exit_code == 0
    search = ["match-docs", EN_TALKS, "--search", "--archive", ZH_ARCHIVE, "--window", "1",
              "--json", *args]
    result = runner.invoke(cli, search)
    assert result.exit_code == 0, result.output
    matches = {m["lang"]: m for m in json.loads(result.stdout)["matches"]}
    # one verdict per language: the English version does not push the Chinese one out
    assert matches["zh"]["candidate"] == ZH_TALKS and matches["zh"]["accepted"]
    assert matches["en"]["candidate"] == EN_TALKS and matches["en"]["accepted"]
    assert matches["zh"]["confidence"] - matches["zh"]["runner_up"] >= 0.1
    # the list page, the feed and three days of archive were read (missing days logged)
    log = pl.read_parquet(corpus / "fetch_log.parquet")
    assert log.filter(pl.col("url").str.contains("/archive/")).height == 3
    assert site.hits[("www.news.cn", "/robots.txt")] == 1  # one fetcher, one clock per host
    hits = sum(site.hits.values())
    replay = runner.invoke(cli, [*search, "--offline", "--add"])
    assert replay.exit_code == 0, replay.output
    assert sum(site.hits.values()) == hits  # the search and the pages replayed from the cache
    docs = pl.read_parquet(corpus / "documents.parquet")
    assert docs["group_id"].n_unique() == 1
    zh = docs.filter(pl.col("lang") == "zh").row(0, named=True)
    assert (zh["url"], zh["found_by"]) == (ZH_TALKS, "match")
    assert zh["match_confidence"] == matches["zh"]["confidence"]
    assert zh["match_runner_up"] == matches["zh"]["runner_up"]
    write_report(corpus, tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert f"match {zh['match_confidence']} (runner-up {zh['match_runner_up']})" in page


def test_search_without_the_archive_attaches_nothing_and_says_why(site, tmp_path, runner):
    corpus = tmp_path / "corpus"
    args = common(site, corpus)
    runner.invoke(cli, ["gather", RU_TALKS, "--depth", "0", *args])
    result = runner.invoke(cli, ["match-docs", "--search", "--window", "1", "--add", "--json",
                                 *args])
    assert result.exit_code == 0, result.output
    (match,) = json.loads(result.stdout)["matches"]
    assert match["lang"] == "zh" and not match["accepted"]
    assert match["reason"].startswith("below the threshold")
    assert pl.read_parquet(corpus / "documents.parquet").height == 1


def test_manifest_asks_for_related_links_in_its_gather_table():
    from corpus_tools.gather.pipeline import options_from_settings

    options = options_from_settings({"gather": {"follow_related": True}}, Path("m.toml"))
    assert options.follow_related and not options_from_settings({}, Path("m.toml")).follow_related


@pytest.mark.parametrize(("body", "content_type", "title"), [
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
     b"<loc>https://www.news.cn/politics/20250903/ab/c.html</loc><lastmod>2025-09-03</lastmod>"
     b"</url></urlset>", "application/xml", None),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Talks</title><link '
     b'href="https://www.news.cn/politics/20250903/ab/c.html"/><updated>2025-09-03T10:00:00Z'
     b"</updated></entry></feed>", "application/atom+xml", "Talks"),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><a href='
     b'"/politics/20250903/ab/c.html">Talks</a></body></html>', "application/xhtml+xml",
     "Talks"),
])
def test_sitemaps_atom_feeds_and_xhtml_lists_name_their_articles(body, content_type, title):
    import datetime as dt

    from corpus_tools.gather.fetch import Response
    from corpus_tools.gather.search import entries

    page = Response("https://www.news.cn/", "https://www.news.cn/", 200,
                    {"content-type": content_type}, body, dt.datetime.now(dt.UTC))
    (entry,) = entries(page)
    assert (entry.url, entry.title, str(entry.published)) == (
        "https://www.news.cn/politics/20250903/ab/c.html", title, "2025-09-03")
