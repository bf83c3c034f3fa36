"""Per-group builds: the same bytes with 1 or 2 workers or Ray, only the changed group's work
on a rebuild, a kept learnt lexicon, and resuming a build killed half-way."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from corpus_tools.build import build

TEXTS = {
    "en": ["The summit opened in Beijing today.", "Leaders signed an agreement on trade.",
           "The weather was fine.", "Talks will go on next year."],
    "ru": ["Саммит открылся сегодня в Пекине.", "Лидеры подписали соглашение о торговле.",
           "Погода была хорошей.", "Переговоры продолжатся в следующем году."],
    "zh": ["峰会今天在北京开幕。", "领导人签署了贸易协定。", "天气很好。", "会谈将于明年继续。"],
}


GLOSSARY = """
[[concept]]
id = "summit"
description = "a meeting of leaders"
[concept.variants]
en = [{ text = "summit", tag = "official" }]
ru = [{ text = "саммит", tag = "official" }]
zh = [{ text = "峰会", tag = "official" }]

[[concept]]
id = "trade-agreement"
description = "an agreement on trade"
[concept.variants]
en = [{ text = "agreement on trade", tag = "official" }]
ru = [{ text = "соглашение о торговле", tag = "official" }]
zh = [{ text = "贸易协定", tag = "official" }]
"""


def write_corpus(folder: Path, groups: int) -> Path:
    """``groups`` groups of en/ru/zh documents, each group's text a little different, and a
    glossary of two concepts they name."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    entries = []
    for number in range(groups):
        for lang, lines in TEXTS.items():
            name = f"g{number}-{lang}"
            body = [f"{lines[0]} ({number})", *lines[1 + number % 2:]]
            (folder / f"{name}.txt").write_text("\n\n".join(body) + "\n", encoding="utf-8")
            entries.append(f'[[documents]]\nid = "{name}"\npath = "{name}.txt"\nlang = "{lang}"\n'
                           f'group = "g{number}"\n')
    (folder / "manifest.toml").write_text('name = "grown"\n[terms]\nglossary = "glossary.toml"\n'
                                          + "".join(entries), encoding="utf-8")
    return folder / "manifest.toml"


def tables(root: Path) -> dict[str, bytes]:
    """Every table's bytes but fetch_log's, which logs when each file was read."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))
            if "cache" not in p.parts and p.name != "fetch_log.parquet"}


@pytest.fixture
def grown(tmp_path) -> Path:
    return write_corpus(tmp_path / "corpus", 4)


def test_one_worker_and_two_workers_write_the_same_bytes(grown, tmp_path):
    one = build(grown, root=tmp_path / "one")
    two = build(grown, root=tmp_path / "two", jobs=2)
    for stage in ("alignments", "terms"):
        assert one.groups[stage] == two.groups[stage] == {"ran": 4, "kept": 0}, stage
    assert tables(tmp_path / "one") == tables(tmp_path / "two")
    assert "corpora/grown/learnt_lexicon.parquet" in tables(tmp_path / "one")
    corpus = tmp_path / "one" / "corpora" / "grown"
    assert pl.read_parquet(corpus / "renderings.parquet")["group_id"].n_unique() == 4
    terms = pl.read_parquet(corpus / "terms.parquet").filter(pl.col("variant") == "summit")
    assert terms["count"].sum() == 4 and terms["source"].to_list() == [
        f"g{n}-en" for n in range(4)]


def test_editing_one_document_reruns_only_its_group_with_the_lexicon_kept(grown, tmp_path):
    build(grown, root=tmp_path)
    lexicon = tmp_path / "corpora" / "grown" / "learnt_lexicon.parquet"
    before = lexicon.read_bytes()
    doc = grown.parent / "g2-en.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    report = build(grown, root=tmp_path)
    assert "learnt_lexicon" in report.up_to_date and lexicon.read_bytes() == before
    for stage in ("sentences", "alignments", "parallel", "terms"):
        assert report.groups[stage] == {"ran": 1, "kept": 3}, stage
    relearnt = build(grown, root=tmp_path, relearn=True)
    assert "learnt_lexicon" in relearnt.built
    assert relearnt.groups.get("sentences") is None  # up to date: not a group was touched


def test_manifest_sets_the_default_number_of_workers(grown, tmp_path):
    from corpus_tools.manifest import load_manifest

    with grown.open("a", encoding="utf-8") as manifest:
        manifest.write("\n[build]\njobs = 2\n")
    assert load_manifest(grown).jobs == 2


def test_killed_build_resumes_with_the_groups_it_finished(tmp_path):
    manifest = write_corpus(tmp_path / "corpus", 10)
    root = tmp_path / "root"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    process = subprocess.Popen([sys.executable, "-m", "corpus_tools", "-q", "build",
                                str(manifest), "--root", str(root)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parts = root / "corpora" / "grown" / "groups" / "alignments"
    deadline = time.monotonic() + 120
    # a ".part-…" scratch folder holding its done.json is not a result until renamed
    while not list(parts.glob("[!.]*/done.json")) and process.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished = {p.parent.name: p.stat().st_mtime_ns for p in parts.glob("[!.]*/done.json")}
    assert finished, "the build was killed before any group was aligned"
    alignments = root / "alignments" / "grown"
    if len(finished) < 10:  # killed inside the stage: none of its tables is there
        assert not list(alignments.glob("*.parquet"))
    assert not list(alignments.glob(".*.tmp"))
    report = build(manifest, root=root)
    assert report.groups["alignments"]["kept"] >= len(finished)
    assert all((parts / name / "done.json").stat().st_mtime_ns == mtime
               for name, mtime in finished.items())  # not redone
    fresh = build(manifest, root=tmp_path / "fresh")
    assert fresh.groups["alignments"] == {"ran": 10, "kept": 0}
    assert tables(root) == {name.replace("fresh", "root"): data
                            for name, data in tables(tmp_path / "fresh").items()}


def test_bad_worker_options_are_usage_errors(runner, grown, tmp_path):
    from corpus_tools.cli import cli

    for options in (["--jobs", "0"], ["--address", "head:6379"], ["--executor", "dask"]):
        result = runner.invoke(cli, ["build", str(grown), "--root", str(tmp_path), *options])
        assert result.exit_code == 2, options
    (grown.parent / "bad.toml").write_text(grown.read_text(encoding="utf-8")
                                           + "\n[build]\njobs = 0\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(grown.parent / "bad.toml"), "--root", str(tmp_path)])
    assert result.exit_code == 1 and "[build] jobs must be a whole number" in result.output


def test_review_decisions_apply_in_their_own_group_and_key_its_fingerprint(tmp_path, capfd,
                                                                         caplog):
    import json

    from corpus_tools.tables import read_provenance

    manifest = write_corpus(tmp_path / "corpus", 2)
    review = manifest.parent / "manifest.review.jsonl"

    def decide(*decisions):
        with review.open("a", encoding="utf-8") as out:
            out.writelines(json.dumps(d) + "\n" for d in decisions)

    def reviewed(group):
        table = pl.read_parquet(tmp_path / "root" / "alignments" / "grown" / "en-ru.parquet")
        return table.filter(pl.col("group_id") == group, pl.col("reviewed")).select(
            "src_sent_ids", "tgt_sent_ids").rows()

    decide({"kind": "unit", "group": "g0", "status": "corrected",
            "sentences": {"en": ["g0-en:0", "g0-en:1"], "ru": ["g0-ru:0", "g0-ru:1"]}},
           {"kind": "unit", "group": "g1", "status": "corrected",
            "sentences": {"en": ["nowhere-en:0"], "ru": ["g1-ru:0"]}},
           {"kind": "unit", "group": "g0", "sentences": {"en": ["g1-en:3"]}})
    build(manifest, root=tmp_path / "root", jobs=2)
    assert reviewed("g0") == [([0, 1], [0, 1])] and reviewed("g1") == []
    # g1's run is quiet about g0's units; each that does not apply is reported once
    assert capfd.readouterr().err.count("not applied") == 2
    notes = read_provenance(tmp_path / "root" / "alignments" / "grown" / "en-ru.parquet")
    assert notes["notes"]["review_not_applied"] == [
        "manifest.review.jsonl:3: not applied: document 'g1-en' is of group 'g1'",
        "manifest.review.jsonl:2: not applied: no document 'nowhere-en' in the manifest"]
    decide({"kind": "unit", "group": "g1", "status": "confirmed",
            "sentences": {"en": ["g1-en:2"], "ru": ["g1-ru:2"]}})
    report = build(manifest, root=tmp_path / "root")
    assert report.groups["alignments"] == report.groups["parallel"] == {"ran": 1, "kept": 1}
    assert reviewed("g1") == [([2], [2])] and reviewed("g0") == [([0, 1], [0, 1])]
    caplog.clear()
    decide({"kind": "unit", "group": "g9", "sentences": {"en": ["nowhere-en:0"]}},
           {"kind": "term", "sentence": "nowhere-ru:1", "concept": "shared-future",
            "verdict": "right"})
    report = build(manifest, root=tmp_path / "root")
    # decisions of no group touch no group's run: each is reported once, by file and line
    assert {"alignments", "parallel", "terms"} <= set(report.up_to_date)
    assert [r.getMessage() for r in caplog.records if "not applied" in r.getMessage()] == [
        "manifest.review.jsonl:5: not applied: no group 'g9' in the manifest, nor document "
        "'nowhere-en'",
        "manifest.review.jsonl:6: not applied: no document 'nowhere-ru' in the manifest"]


def test_review_variants_reach_every_group_and_verdicts_rerun_their_own(tmp_path):
    import json

    from corpus_tools.tables import read_provenance

    manifest = write_corpus(tmp_path / "corpus", 2)
    corpus = tmp_path / "root" / "corpora" / "grown"
    review = manifest.parent / "manifest.review.jsonl"
    build(manifest, root=tmp_path / "root")
    review.write_text("".join(json.dumps(d) + "\n" for d in (
        {"kind": "variant", "concept": "summit", "lang": "en", "text": "talks"},
        {"kind": "variant", "concept": "nope", "lang": "en", "text": "weather"})),
        encoding="utf-8")
    report = build(manifest, root=tmp_path / "root")
    assert report.groups["terms"] == {"ran": 2, "kept": 0}  # every group's glossary changed
    concordance = pl.read_parquet(corpus / "concordance.parquet")
    assert concordance.filter(pl.col("variant") == "talks")["group_id"].to_list() == ["g0", "g1"]
    not_applied = read_provenance(corpus / "terms.parquet")["notes"]["review_not_applied"]
    assert len(not_applied) == 1 and "no concept 'nope'" in not_applied[0]  # once, not per group
    with review.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"kind": "term", "sentence": "g1-en:0", "concept": "summit",
                              "verdict": "wrong-concept"}) + "\n")
    report = build(manifest, root=tmp_path / "root")
    assert report.groups["terms"] == {"ran": 1, "kept": 1}
    summit = pl.read_parquet(corpus / "terms.parquet").filter(pl.col("variant") == "summit")
    assert summit["source"].to_list() == ["g0-en"]


def test_ray_build_writes_the_same_bytes_with_the_mt_model_on_actors_that_load_it_once(
        local_ray, grown, tiny_marian, tmp_path):
    from corpus_tools.translate import corpus as translate_corpus

    with grown.open("a", encoding="utf-8") as out:  # device "auto": no GPU here, CPU actors
        out.write(f'\n[translate]\nbeam_size = 1\nmax_length = 8\n[[translate.systems]]\n'
                  f'name = "tiny"\nsrc = "ru"\ntgt = "en"\nmodel = "{tiny_marian}"\n')
    translate_corpus._loaded_translator.cache_clear()
    local = build(grown, root=tmp_path / "local")
    assert translate_corpus._loaded_translator.cache_info().misses == 1  # not once per group
    report = build(grown, root=tmp_path / "ray", executor="ray")
    for stage in ("alignments", "translations", "terms"):
        assert local.groups[stage] == report.groups[stage] == {"ran": 4, "kept": 0}, stage
    assert report.loads["translations"] == 2  # each of the two actors loaded it once
    assert tables(tmp_path / "local") == tables(tmp_path / "ray")
    assert "corpora/grown/translations.parquet" in tables(tmp_path / "ray")
