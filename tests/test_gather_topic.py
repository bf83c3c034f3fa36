"""Topic crawls: `gather --feed/--list --since --until --match` against the loopback site
(tests/gather_site.py), its own manifest, and `build` of what it gathered."""

import polars as pl
import pytest
from gather_site import (
    EN_TALKS,
    RU_FEED,
    RU_LIST,
    RU_TALKS,
    RU_TREATY,
    ZH_ARCHIVE,
    ZH_TALKS,
    SiteServer,
)

from corpus_tools.build import build
from corpus_tools.cli import cli
from corpus_tools.gather.topic import MARKER
from corpus_tools.stages import STAGES


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


def crawl(runner, site, corpus, *args, command="gather"):
    resolve = [arg for host, base in site.resolve.items()
               for arg in ("--resolve", f"{host}={base}")]
    return runner.invoke(cli, [command, *args, "--corpus", str(corpus), "--delay", "0",
                               "--retries", "0", *resolve])


def test_topic_crawl_gathers_the_period_and_topic_with_counterparts(site, tmp_path, runner):
    corpus = tmp_path / "corpora" / "talks"
    result = crawl(runner, site, corpus, "--feed", RU_FEED, "--since", "2025-09-01",
                   "--until", "2025-09-30", "--match", "Токаев")
    assert result.exit_code == 0, result.output
    docs = pl.read_parquet(corpus / "documents.parquet")
    # the August item is out of the period, the SCO item off the topic; the English version
    # the Russian article links to joins its group
    assert sorted(docs["url"]) == sorted([RU_TALKS, EN_TALKS])
    assert docs["group_id"].n_unique() == 1
    manifest = (corpus / "gathered.toml").read_text(encoding="utf-8")
    assert manifest.startswith(MARKER) and manifest.count("[[documents]]") == 2

    # the Chinese original, found by the search, joins the crawl's table and manifest
    result = crawl(runner, site, corpus, "--search", "--archive", ZH_ARCHIVE, "--window", "1",
                   "--add", command="match-docs")
    assert result.exit_code == 0, result.output
    manifest = (corpus / "gathered.toml").read_text(encoding="utf-8")
    assert manifest.count("[[documents]]") == 3 and 'found_by = "match"' in manifest

    # a later crawl adds to the manifest it wrote, and reads the cached articles again
    hits = site.hits[("russian.news.cn", RU_TALKS.split(".cn", 1)[1])]
    result = crawl(runner, site, corpus, "--list", RU_LIST, "--since", "2025-06-01",
                   "--until", "2025-09-30", "--match", "Договор|Токаев")
    assert result.exit_code == 0, result.output
    assert site.hits[("russian.news.cn", RU_TALKS.split(".cn", 1)[1])] == hits
    manifest = (corpus / "gathered.toml").read_text(encoding="utf-8")
    assert manifest.count("[[documents]]") == 4 and RU_TREATY in manifest

    # the result is a normal build, from the cache
    before = sum(site.hits.values())
    documents_stage = [s for s in STAGES if s.name == "documents"]
    report = build(corpus / "gathered.toml", root=tmp_path, stages=documents_stage)
    assert "documents" in report.built
    assert sum(site.hits.values()) == before
    built = pl.read_parquet(corpus / "documents.parquet")
    assert sorted(built["url"]) == sorted([RU_TALKS, EN_TALKS, ZH_TALKS, RU_TREATY])
    talks = built.filter(pl.col("url").is_in([RU_TALKS, EN_TALKS, ZH_TALKS]))
    assert talks["group_id"].n_unique() == 1
    found = dict(zip(built["url"], built["found_by"], strict=True))
    assert found == {RU_TALKS: "given", EN_TALKS: "link", ZH_TALKS: "match", RU_TREATY: "given"}
    assert talks.filter(pl.col("url") == ZH_TALKS)["match_confidence"].item() > 0.5


def test_topic_crawl_never_edits_a_hand_written_manifest(site, tmp_path, runner):
    corpus = tmp_path / "mine"
    corpus.mkdir()
    (corpus / "gathered.toml").write_text('name = "mine"\n', encoding="utf-8")
    result = crawl(runner, site, corpus, "--feed", RU_FEED)
    assert result.exit_code == 1
    assert "not written by a topic crawl" in result.output
    assert (corpus / "gathered.toml").read_text(encoding="utf-8") == 'name = "mine"\n'
    assert not (corpus / "documents.parquet").exists()


def test_topic_options_need_a_feed_or_list(runner, tmp_path):
    result = runner.invoke(cli, ["gather", "--since", "2025-01-01", "--corpus", str(tmp_path)])
    assert result.exit_code == 2


def test_manifest_names_a_bad_found_by(tmp_path):
    from corpus_tools.errors import ManifestError
    from corpus_tools.manifest import load_manifest

    manifest = tmp_path / "m.toml"
    manifest.write_text('name = "m"\n[[documents]]\nid = "a"\nurl = "https://x.org/a"\n'
                        'lang = "ru"\nfound_by = "guess"\n', encoding="utf-8")
    with pytest.raises(ManifestError, match="document 'a': found_by 'guess' is not one of"):
        load_manifest(manifest)
