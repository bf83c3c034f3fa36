"""Gathering against a loopback fixture site (tests/gather_site.py): link following, site
profiles, the cache and --offline, WARC, match-docs, build integration."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from gather_site import (
    ARTICLE_PATH,
    RU_DECLARATION,
    RU_TREATY,
    SITE,
    ZH_DECLARATION,
    ZH_DISTRACTORS,
    ZH_TREATY,
    SiteServer,
)

from corpus_tools.build import build
from corpus_tools.cli import cli
from corpus_tools.gather import FetchPolicy, GatherOptions, gather
from corpus_tools.gather.extract import extract_html
from corpus_tools.gather.warc import read_warc
from corpus_tools.tables import DOCUMENTS, FETCH_LOG

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


def options(site, **policy) -> GatherOptions:
    settings = {"delay": 0, "timeout": 2, "retries": 1, "backoff": 0.01, **policy}
    return GatherOptions(policy=FetchPolicy(resolve=site.resolve, **settings))


def resolve_args(site) -> list[str]:
    return [arg for host, base in site.resolve.items() for arg in ("--resolve", f"{host}={base}")]


def documents(corpus: Path) -> pl.DataFrame:
    return pl.read_parquet(corpus / "documents.parquet")


def test_gather_follows_signed_documents_links_to_russian_pages(site, tmp_path):
    gather([site.base + ARTICLE_PATH], tmp_path, options=options(site))
    docs = documents(tmp_path)
    assert docs.schema == pl.Schema(DOCUMENTS)
    article = docs.filter(pl.col("lang") == "en").row(0, named=True)
    assert article["title"].startswith("On June 17, 2025, the second China-Central Asia Summit")
    linked = docs.filter(pl.col("parent_id") == article["doc_id"]).sort("url")
    # only the two article-body links: not the nav/aside/footer links, never file://
    assert linked["url"].to_list() == sorted([RU_TREATY, RU_DECLARATION])
    assert set(linked["lang"]) == {"ru"}
    assert "Astana Declaration of the Second China-Central Asia Summit" in linked["anchor_text"]
    treaty = linked.filter(pl.col("url") == RU_TREATY).row(0, named=True)
    assert treaty["title"] == "Договор о вечном добрососедстве, дружбе и сотрудничестве"
    assert str(treaty["published"]) == "2025-06-18"
    assert treaty["extractor"] == "profile:xinhua"
    assert "Редактор" not in treaty["text"]  # the editor line is outside #detailContent
    assert treaty["text"].count("\n\n") >= 5  # paragraphs kept
    assert all(len(sha) == 64 for sha in docs["sha256"])


def test_xinhua_profile_reads_www_template_title_date_and_body():
    page = SITE / "www.news.cn/politics/20250618/5c1e0a7b3d2f4e6a8b9c0d1e2f3a4b5c/c.html"
    extracted = extract_html(page.read_bytes(), ZH_TREATY)
    assert extracted.extractor == "profile:xinhua"
    assert extracted.title == "缔约双方睦邻友好条约（全文）"
    assert str(extracted.published) == "2025-06-18"  # header-time, not the clock-time span
    assert extracted.paragraphs[0].startswith("中华人民共和国和哈萨克斯坦共和国")
    assert not any("责任编辑" in p for p in extracted.paragraphs)


def test_generic_extraction_is_the_fallback_and_url_gives_the_date():
    html = (b"<html lang='en'><body><article><h1>Other site</h1><p>A paragraph long enough "
            b"for the generic extractor to keep it as the main text of the page.</p><p>And a "
            b"second paragraph that also belongs to the article body itself.</p></article>"
            b"</body></html>")
    extracted = extract_html(html, "https://www.news.cn/20250101/abc/c.html")
    assert extracted.extractor.startswith("trafilatura")
    assert str(extracted.published) == "2025-01-01"
    assert extracted.text.split("\n\n")[0] == "Other site"  # the title, once
    assert len(extracted.text.split("\n\n")) == 3


def test_offline_rerun_rebuilds_the_same_documents_from_the_cache(site, tmp_path):
    online, offline = tmp_path / "online", tmp_path / "offline"
    gather([site.base + ARTICLE_PATH], online, options=options(site))
    hits = sum(site.hits.values())
    replay = GatherOptions(offline=True, policy=FetchPolicy(resolve=site.resolve))
    gather([site.base + ARTICLE_PATH], offline, options=replay, cache_dir=online / "cache")
    assert sum(site.hits.values()) == hits  # nothing went over the network
    columns = [c for c in DOCUMENTS if c != "retrieved_at"]
    assert documents(offline).select(columns).equals(documents(online).select(columns))
    log = pl.read_parquet(offline / "fetch_log.parquet")
    assert set(log["source"]) == {"cache"}


def test_offline_without_a_cached_page_records_a_miss(site, tmp_path):
    replay = GatherOptions(offline=True, policy=FetchPolicy(resolve=site.resolve))
    report = gather([site.base + ARTICLE_PATH], tmp_path, options=replay)
    assert report.failed[0]["outcome"] == "offline-miss"
    assert site.hits == {}


def fault_log(site, tmp_path, path, **policy) -> pl.DataFrame:
    url = site.base + path
    report = gather([url], tmp_path, options=options(site, **policy), lang="en")
    log = pl.read_parquet(tmp_path / "fetch_log.parquet")
    assert log.schema == pl.Schema(FETCH_LOG)
    rows = log.filter((pl.col("url") == url) & ~pl.col("request_url").str.ends_with("robots.txt"))
    return rows, report


def test_gather_retries_after_429_with_retry_after(site, tmp_path):
    rows, report = fault_log(site, tmp_path, "/faults/429")
    assert rows["outcome"].to_list() == ["retry", "ok"]
    assert rows["status"].to_list() == [429, 200]
    assert rows["wait_s"][0] == 1.0  # the server's Retry-After, not the 0.01 s back-off
    assert report.documents and not report.failed


def test_gather_retries_500_then_succeeds(site, tmp_path):
    rows, report = fault_log(site, tmp_path, "/faults/500")
    assert rows["outcome"].to_list() == ["retry", "ok"]
    assert rows["wait_s"][0] == pytest.approx(0.01)
    assert rows["final"].to_list() == [False, True]


def test_retry_after_is_capped(site, tmp_path):
    rows, _ = fault_log(site, tmp_path, "/faults/429", max_wait=0.2)
    assert rows["wait_s"][0] == pytest.approx(0.2)


@pytest.mark.parametrize(("path", "policy", "outcome"), [
    ("/faults/slow", {"timeout": 0.2, "retries": 0}, "timeout"),
    ("/faults/truncated", {"retries": 0}, "truncated"),
    ("/faults/loop-a", {}, "redirect-loop"),
    ("/faults/pdf", {}, "content-type"),
    ("/faults/huge", {"max_bytes": 50_000}, "too-large"),
    ("/faults/private", {}, "robots-disallowed"),
])
def test_fault_is_recorded_in_fetch_log_without_a_document(site, tmp_path, path, policy,
                                                           outcome):
    site.slow_seconds = 0.5
    rows, report = fault_log(site, tmp_path, path, **policy)
    final = rows.filter(pl.col("final"))
    assert final["outcome"].to_list() == [outcome]
    assert final["detail"][0]
    assert final["doc_id"][0] is None
    assert [f["outcome"] for f in report.failed] == [outcome]
    assert documents(tmp_path).height == 0


def test_timeout_is_retried_before_giving_up(site, tmp_path):
    site.slow_seconds = 0.5
    rows, _ = fault_log(site, tmp_path, "/faults/slow", timeout=0.2, retries=1)
    assert rows["outcome"].to_list() == ["retry", "timeout"]


def test_wrong_language_page_is_recorded_and_not_kept(site, tmp_path):
    url = "https://russian.news.cn/20250618/0000wrong0000lang0000page00000000/c.html"
    report = gather([url], tmp_path, options=options(site), lang="ru")
    assert report.failed[0]["outcome"] == "wrong-language"
    assert "latin" in report.failed[0]["detail"]
    assert documents(tmp_path).height == 0


def test_robots_crawl_delay_raises_the_host_delay(site):
    from corpus_tools.gather.fetch import Fetcher

    policy = FetchPolicy(delay=0, resolve={"slow.test": site.base})
    with Fetcher(policy) as fetcher:
        response, _ = fetcher.fetch("http://slow.test" + ARTICLE_PATH, lambda url: True)
        assert fetcher.crawl_delay("http://slow.test/x") == 1.0
    assert response is not None and response.status == 200


def test_redirects_to_other_schemes_or_hosts_are_not_followed(site, tmp_path):
    from corpus_tools.gather.fetch import Fetcher

    with Fetcher(FetchPolicy(delay=0, robots=False)) as fetcher:
        response, attempts = fetcher.fetch(site.base + "/faults/loop-a", lambda url: False)
    assert response is None
    assert attempts[-1].outcome == "host-not-allowed"


def test_warc_is_written_and_accepted_as_input(site, tmp_path):
    warc = tmp_path / "pages.warc.gz"
    gather([site.base + ARTICLE_PATH], tmp_path / "a", options=options(site), warc=warc)
    assert len(list(read_warc(warc))) == 3
    replay = GatherOptions(depth=0, offline=True)
    gather([str(warc)], tmp_path / "b", options=replay)
    assert sorted(documents(tmp_path / "b")["url"]) == sorted(documents(tmp_path / "a")["url"])


def test_saved_html_and_text_files_are_accepted_like_urls(tmp_path):
    saved = tmp_path / "treaty.html"
    saved.write_bytes((SITE / "www.news.cn/politics/20250618/5c1e0a7b3d2f4e6a8b9c0d1e2f3a4b5c"
                       "/c.html").read_bytes())
    text = tmp_path / "note.txt"
    text.write_text("Первый абзац.\n\nВторой абзац.\n", encoding="utf-8")
    gather([str(saved), str(text)], tmp_path / "c", options=GatherOptions(depth=0, offline=True))
    docs = documents(tmp_path / "c").sort("lang")
    assert docs["lang"].to_list() == ["ru", "zh"]
    assert docs["text"][0] == "Первый абзац.\n\nВторой абзац."
    assert docs["title"][1] == "缔约双方睦邻友好条约（全文）"


def test_match_docs_finds_the_chinese_originals_among_distractors(site, tmp_path, runner):
    corpus = tmp_path / "corpus"
    common = ["--corpus", str(corpus), "--delay", "0", *resolve_args(site)]
    result = runner.invoke(cli, ["gather", site.base + ARTICLE_PATH, *common])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["match-docs", ZH_TREATY, ZH_DECLARATION, *ZH_DISTRACTORS,
                                 "--lang", "zh", "--add", "--json", *common])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    accepted = {m["candidate"]: m["name"] for m in report["matches"] if m["accepted"]}
    assert accepted == {ZH_TREATY: "russian.news.cn-20250618-2fbe59f810e546fcaa28fb9884ec263e",
                        ZH_DECLARATION: "russian.news.cn-20250618-e9057e91c41a4c2f99c4c4b17a7a2b79"}
    docs = documents(corpus)
    assert docs.height == 5
    for ru_url, zh_url in ((RU_TREATY, ZH_TREATY), (RU_DECLARATION, ZH_DECLARATION)):
        groups = docs.filter(pl.col("url").is_in([ru_url, zh_url]))["group_id"]
        assert groups.n_unique() == 1
    zh = docs.filter(pl.col("lang") == "zh")
    assert zh["title"].null_count() == 0 and zh["published"].null_count() == 0


def test_match_docs_refuses_to_guess_below_the_threshold(site, tmp_path, runner):
    corpus = tmp_path / "corpus"
    common = ["--corpus", str(corpus), "--delay", "0", *resolve_args(site)]
    runner.invoke(cli, ["gather", site.base + ARTICLE_PATH, *common])
    result = runner.invoke(cli, ["match-docs", *ZH_DISTRACTORS, "--lang", "zh", "--json",
                                 *common])
    report = json.loads(result.stdout)
    assert report["matches"] and not any(m["accepted"] for m in report["matches"])


def test_interrupted_run_resumes_from_the_cache(site, tmp_path):
    corpus = tmp_path / "corpus"
    site.slow_seconds = 30
    url = site.base + "/faults/hold"
    command = [sys.executable, "-m", "corpus_tools", "gather", site.base + ARTICLE_PATH, url,
               "--corpus", str(corpus), "--delay", "0", "--lang", "en", *resolve_args(site)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        assert site.holding.wait(20), "the run never reached the held page"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(10)
    assert not (corpus / "documents.parquet").exists()  # no half-written table
    article_hits = sum(n for (_, path), n in site.hits.items() if path == ARTICLE_PATH)
    site.slow_seconds = 0
    gather([site.base + ARTICLE_PATH, url], corpus, options=options(site), lang="en")
    assert sum(n for (_, path), n in site.hits.items() if path == ARTICLE_PATH) == article_hits
    assert documents(corpus).height == 4  # article, two Russian pages, the held page


def test_build_gathers_manifest_urls_and_saved_copies(site, tmp_path):
    saved = tmp_path / "zh-treaty.html"
    saved.write_bytes((SITE / "www.news.cn/politics/20250618/5c1e0a7b3d2f4e6a8b9c0d1e2f3a4b5c"
                       "/c.html").read_bytes())
    resolve = "\n".join(f'"{host}" = "{base}"' for host, base in site.resolve.items())
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(f"""name = "web"
[gather]
delay = 0
[gather.resolve]
{resolve}
[[documents]]
id = "article"
url = "{site.base}{ARTICLE_PATH}"
lang = "en"
role = "commentary"
follow = ["russian.news.cn"]
[[documents]]
id = "treaty-zh"
url = "{ZH_TREATY}"
path = "zh-treaty.html"
lang = "zh"
group = "treaty"
""", encoding="utf-8")
    report = build(manifest, root=tmp_path)
    assert "documents" in report.built
    docs = documents(tmp_path / "corpora" / "web")
    assert docs.filter(pl.col("lang") == "ru").height == 2
    saved_row = docs.filter(pl.col("name") == "treaty-zh").row(0, named=True)
    assert saved_row["url"] == ZH_TREATY and saved_row["path"] == "zh-treaty.html"
    assert saved_row["extractor"] == "profile:xinhua"
    assert (tmp_path / "corpora" / "web" / "fetch_log.parquet").exists()


def test_build_names_a_manifest_url_that_cannot_be_gathered(site, tmp_path):
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(f"""name = "broken"
[gather]
delay = 0
retries = 0
[[documents]]
id = "gone"
url = "{site.base}/faults/pdf"
lang = "en"
""", encoding="utf-8")
    from corpus_tools.errors import InputError

    with pytest.raises(InputError, match="faults/pdf: content-type"):
        build(manifest, root=tmp_path)


def test_cli_rejects_non_http_urls(runner, tmp_path):
    result = runner.invoke(cli, ["gather", "ftp://example.org/x", "--corpus", str(tmp_path)])
    assert result.exit_code == 1
    assert "only http and https" in result.output
    assert os.listdir(tmp_path) == []


def test_cli_says_a_folder_is_a_folder_and_writes_nothing(runner, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    result = runner.invoke(cli, ["gather", str(folder), "--corpus", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: {folder}: is a directory, expected a saved page, "
                                  "text file or WARC\n")
    assert not (tmp_path / "c").exists()


def test_a_plain_text_page_is_kept_from_the_web_and_from_a_warc(site, tmp_path):
    url = site.base + "/en/notes/summit.txt"
    warc = tmp_path / "notes.warc.gz"
    gather([url], tmp_path / "a", options=options(site), warc=warc)
    gather([str(warc)], tmp_path / "b", options=GatherOptions(depth=0, offline=True))
    for folder in ("a", "b"):
        docs = documents(tmp_path / folder)
        assert docs["url"].to_list() == [url]
        assert docs["text"][0].startswith("Notes on the summit\n\nThe two documents")
        assert docs["extractor"][0] == "plain-text"


def test_workers_in_several_processes_share_one_delay_per_host(site, tmp_path, monkeypatch):
    from corpus_tools.executors import ProcessExecutor, no_resources
    from tests.executor_work import fetch_pages

    monkeypatch.setenv("CORPUS_TOOLS_CACHE", str(tmp_path / "cache"))  # seen by the workers
    paths = {f"w{k}": (site.base, [ARTICLE_PATH] * 3, 0.3) for k in range(2)}
    done = dict(ProcessExecutor(jobs=2).map(no_resources, fetch_pages, paths))
    assert all(statuses == [200, 200, 200] for statuses in done.values())
    times = sorted(t for host, t in site.times if host == "polite.test")
    assert len(times) == 6
    # 0.3 s apart when sent; the server's clock sees them with some jitter (unshared
    # limiters would send the two workers' requests at the same moment)
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.2
