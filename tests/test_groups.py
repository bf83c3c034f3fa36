"""Per-group results: stale groups only, kept as they finish, merged the same however run."""

import json

import polars as pl

from corpus_tools.executors import ProcessExecutor, SerialExecutor, no_resources
from corpus_tools.groups import GroupStore, run_groups, slices_by_group
from tests.executor_work import count_sentences

DOCUMENTS = pl.DataFrame({"doc_id": ["a1", "a2", "b1", "c1"], "group_id": ["a", "a", "b", "c"]})


def sentences(extra_in_b: int = 0) -> pl.DataFrame:
    docs = ["a1", "a1", "a2", "b1", "c1", "c1"] + ["b1"] * extra_in_b
    return pl.DataFrame({"doc_id": docs, "text": [f"s{k}" for k in range(len(docs))]})


def run(store, executor=None, table=None):
    slices = slices_by_group({"documents": DOCUMENTS, "sentences": sentences()
                              if table is None else table}, DOCUMENTS)
    return run_groups(store, "sig-1", slices, no_resources, count_sentences,
                      executor or SerialExecutor())


def test_groups_merge_in_group_order_whatever_the_executor(tmp_path):
    serial, _ = run(GroupStore(tmp_path / "one"))
    parallel, _ = run(GroupStore(tmp_path / "two"), ProcessExecutor(jobs=2))
    assert serial["counts"].equals(parallel["counts"])
    assert serial["counts"]["doc_id"].to_list() == ["a1", "a2", "b1", "c1"]


def test_only_the_group_whose_rows_changed_runs_again(tmp_path):
    store = GroupStore(tmp_path)
    run(store)
    merged, report = run(store, table=sentences(extra_in_b=1))
    assert report.ran == ["b"] and sorted(report.kept) == ["a", "c"]
    assert merged["counts"].filter(pl.col("doc_id") == "b1")["len"].item() == 2


def test_an_unfinished_group_is_run_again_and_finished_ones_are_kept(tmp_path):
    store = GroupStore(tmp_path)
    run(store)
    (part,) = [p for p in tmp_path.iterdir()
               if json.loads((p / "done.json").read_text())["group"] == "b"]
    (part / "done.json").unlink()  # as if killed before the group's result was complete
    (tmp_path / ".part-scratch").mkdir()  # and a scratch folder left behind
    _, report = run(store)
    assert report.ran == ["b"]
    assert not (tmp_path / ".part-scratch").exists()


def test_a_group_no_longer_in_the_corpus_is_forgotten(tmp_path):
    store = GroupStore(tmp_path)
    run(store)
    documents = DOCUMENTS.filter(pl.col("group_id") != "c")
    slices = slices_by_group({"documents": documents, "sentences": sentences()}, documents)
    merged, _ = run_groups(store, "sig-1", slices, no_resources, count_sentences,
                           SerialExecutor())
    assert merged["counts"]["group_id"].unique().sort().to_list() == ["a", "b"]
    assert len(list(tmp_path.iterdir())) == 2
