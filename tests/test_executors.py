"""Executors: the same results whatever runs the groups (this process, processes, real Ray)."""

import functools
import os
from pathlib import Path

import polars as pl
import pytest

from corpus_tools.errors import InputError
from corpus_tools.executors import (
    ProcessExecutor,
    RayExecutor,
    SerialExecutor,
    get_executor,
)
from tests.executor_work import load_once, square_group

PAYLOADS = {f"g{n:02d}": n for n in range(8)}


def merge_by_key(results: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return pl.concat([results[key] for key in sorted(results)])


def run(executor, folder: Path) -> dict[str, pl.DataFrame]:
    return dict(executor.map(functools.partial(load_once, folder), square_group, PAYLOADS))


def test_serial_executor_loads_resources_once_and_runs_in_key_order(tmp_path):
    executor = SerialExecutor()
    results = list(executor.map(functools.partial(load_once, tmp_path), square_group, PAYLOADS))
    assert [key for key, _ in results] == sorted(PAYLOADS)
    assert len(list(tmp_path.iterdir())) == executor.loads == 1


def test_process_executor_loads_once_per_worker_with_one_thread_each(tmp_path):
    parent_threads = os.environ.get("OMP_NUM_THREADS")  # an encoder loaded earlier may set it
    executor = ProcessExecutor(jobs=2)
    results = run(executor, tmp_path)
    loads = [int(path.name.split("-")[0]) for path in tmp_path.iterdir()]
    assert len(loads) <= 2 and len(set(loads)) == len(loads)  # once per worker process
    assert executor.loads == len(loads)
    workers = {int(table["worker"][0]) for table in results.values()}
    assert workers <= set(loads)
    assert os.getpid() not in workers
    assert {table["threads"][0] for table in results.values()} == {"1"}
    assert os.environ.get("OMP_NUM_THREADS") == parent_threads  # the workers' pin stays theirs


def test_merged_output_is_the_same_whatever_the_executor(tmp_path):
    serial = merge_by_key(run(SerialExecutor(), tmp_path)).drop("worker", "threads")
    parallel = merge_by_key(run(ProcessExecutor(jobs=2), tmp_path)).drop("worker", "threads")
    assert serial.equals(parallel)
    assert serial["group"].to_list() == list(range(8))


def test_ray_executor_runs_the_same_groups_on_two_actors(local_ray, tmp_path):
    (tmp_path / "ray").mkdir()
    executor = RayExecutor()
    results = run(executor, tmp_path / "ray")
    serial = merge_by_key(run(SerialExecutor(), tmp_path)).drop("worker", "threads")
    assert merge_by_key(results).drop("worker", "threads").equals(serial)
    loads = [int(path.name.split("-")[0]) for path in (tmp_path / "ray").iterdir()]
    assert len(loads) == len(set(loads)) == executor.loads == 2  # two actors, one load each
    assert {int(t["worker"][0]) for t in results.values()} <= set(loads)
    assert {t["threads"][0] for t in results.values()} == {"1"}


def test_ray_refuses_gpu_work_on_a_cluster_without_gpus(local_ray, tmp_path):
    work = RayExecutor().map(functools.partial(load_once, tmp_path), square_group, PAYLOADS,
                             device="cuda")
    with pytest.raises(InputError, match="needs a GPU, but the Ray cluster has none"):
        next(work)
    assert not list(tmp_path.iterdir())  # refused before any actor loaded anything


def test_unknown_executor_is_an_error_naming_the_choices():
    with pytest.raises(InputError, match="local, ray"):
        get_executor("dask")
