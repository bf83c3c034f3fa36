"""Where per-group work runs: in this process, in N local processes, or as Ray tasks.

Every executor does one thing, :meth:`Executor.map`: call ``function(resources, payload)``
for each keyed payload, where ``resources = setup()`` is built once per worker (a loaded
encoder, MT model or dictionaries: loaded once per worker, not per group; ``loads`` counts
them), and yield ``(key, result)`` pairs as they finish. The ``device`` of a map is where
its models run (a ``[translate] device``): Ray runs work that wants a GPU on actors holding
one; local executors run all work alike. Results arrive in whatever order the workers
finish them; callers keep them by key and merge in key order
(:func:`corpus_tools.groups.merge_groups`), so the merged output is the same bytes whatever
the order or the number of workers. The workers live until :meth:`close` (a ``with``
block), so the stages of one build share them and what they loaded.

``function`` and ``setup`` must be picklable (module-level functions or
:func:`functools.partial` of them); so must payloads and results.

Each local worker process runs one BLAS/OpenMP/Polars thread unless told otherwise: N
workers on N cores then do not fight over them.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from typing import Any, Protocol

from corpus_tools.errors import InputError

Setup = Callable[[], Any]
GroupFunction = Callable[[Any, Any], Any]

# Set in a worker's environment before it imports numpy, torch or polars.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "POLARS_MAX_THREADS", "RAYON_NUM_THREADS")


def no_resources() -> None:
    """The ``setup`` of work that loads nothing."""
    return None


class LoadedResources:
    """A worker's resources, one per distinct ``setup`` (compared by its pickled form, as
    each task brings its own copy)."""

    def __init__(self) -> None:
        self.loaded: dict[bytes, Any] = {}

    def run(self, setup: Setup, function: GroupFunction, payload: Any) -> tuple[bool, Any]:
        """Whether ``setup`` ran for this payload (a load), and ``function``'s result."""
        key = pickle.dumps(setup)
        fresh = key not in self.loaded
        if fresh:
            self.loaded[key] = setup()
        return fresh, function(self.loaded[key], payload)


class Executor(Protocol):
    name: str
    loads: int  # how many times a worker has run a ``setup`` (loaded its resources)

    def map(self, setup: Setup, function: GroupFunction, payloads: Mapping[str, Any],
            device: str = "cpu") -> Iterator[tuple[str, Any]]:
        """``(key, function(setup(), payload))`` for each payload as it finishes, handed
        out in the mapping's order, on ``device`` (see above)."""

    def close(self) -> None: ...


class SerialExecutor:
    """Everything in this process, in the payloads' order."""

    name = "serial"

    def __init__(self) -> None:
        self.resources = LoadedResources()
        self.loads = 0

    def map(self, setup: Setup, function: GroupFunction, payloads: Mapping[str, Any],
            device: str = "cpu") -> Iterator[tuple[str, Any]]:
        for key in payloads:
            fresh, result = self.resources.run(setup, function, payloads[key])
            self.loads += fresh
            yield key, result

    def close(self) -> None:
        self.resources = LoadedResources()

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_worker = LoadedResources()  # in a worker process: what its tasks loaded


def _run_in_worker(setup: Setup, function: GroupFunction, payload: Any) -> tuple[bool, Any]:
    return _worker.run(setup, function, payload)


@contextlib.contextmanager
def thread_limits(threads: int | None) -> Iterator[None]:
    """This process's environment with ``threads`` for every thread pool variable, so that
    the worker processes started inside inherit it (a variable already set is kept: the
    user's own choice wins)."""
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    if threads:
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, str(threads))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class ProcessExecutor:
    """``jobs`` worker processes on this machine. They are spawned, not forked (a fork of a
    process that holds Polars' or a model's threads can deadlock), and started from an
    environment that limits each to ``threads`` threads."""

    name = "processes"

    def __init__(self, jobs: int, threads: int | None = 1) -> None:
        self.jobs, self.threads = jobs, threads
        self.loads = 0
        self._pool: ProcessPoolExecutor | None = None

    def map(self, setup: Setup, function: GroupFunction, payloads: Mapping[str, Any],
            device: str = "cpu") -> Iterator[tuple[str, Any]]:
        if not payloads:
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs,
                                             mp_context=get_context("spawn"))
        with thread_limits(self.threads):  # workers start on the first submits
            pending: dict[Future, str] = {
                self._pool.submit(_run_in_worker, setup, function, payloads[key]): key
                for key in payloads}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                fresh, result = future.result()
                self.loads += fresh
                yield pending.pop(future), result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class RayExecutor:
    """Ray actors, each holding its own ``setup()`` resources, fed groups as they free up:
    on a local Ray started here, or the cluster at ``address`` (``ray start`` on its nodes,
    see docs/scale.md). Work whose device wants a GPU (``cuda…``; ``auto`` where the
    cluster has GPUs) runs on actors holding ``gpus`` of one each, so that a model stage
    loads its model once per GPU; other work runs on one actor per CPU (or ``actors``)."""

    name = "ray"

    def __init__(self, address: str | None = None, actors: int | None = None,
                 threads: int | None = 1, gpus: float = 1) -> None:
        self.address, self.width, self.threads, self.gpus = address, actors, threads, gpus
        self.loads = 0
        self._actors: dict[bool, list] = {}  # on GPUs? → the actors

    def _start(self, device: str) -> list:
        ray = _import_ray()
        if not ray.is_initialized():
            ray.init(address=self.address, log_to_driver=False, include_dashboard=False)
        on_gpus = self._on_gpus(ray, device)
        if on_gpus not in self._actors:
            cluster = ray.cluster_resources()
            fit = int(cluster.get("GPU", 0) / self.gpus) if on_gpus else int(cluster.get("CPU", 1))
            width = max(1, min(self.width or fit, fit))
            env = {name: str(self.threads) for name in THREAD_VARIABLES if self.threads}
            # a GPU actor asks for no CPU of its own: the CPU actors may hold every CPU,
            # and its work runs on its GPU
            options = {"num_cpus": 0, "num_gpus": self.gpus} if on_gpus else {"num_cpus": 1}
            worker = ray.remote(**options, runtime_env={"env_vars": env})(_RayWorker)
            self._actors[on_gpus] = [worker.remote() for _ in range(width)]
        return self._actors[on_gpus]

    @staticmethod
    def _on_gpus(ray, device: str) -> bool:
        gpus = ray.cluster_resources().get("GPU", 0)
        if device.startswith("cuda") and not gpus:
            raise InputError(f"device {device!r} needs a GPU, but the Ray cluster has none "
                             "(use device = \"auto\" or \"cpu\")")
        return device.startswith("cuda") or (device == "auto" and gpus > 0)

    def map(self, setup: Setup, function: GroupFunction, payloads: Mapping[str, Any],
            device: str = "cpu") -> Iterator[tuple[str, Any]]:
        if not payloads:
            return
        actors = self._start(device)
        ray = _import_ray()
        keys = iter(payloads)
        running = {}
        for actor in actors:
            key = next(keys, None)
            if key is not None:
                running[actor.run.remote(setup, function, payloads[key])] = (key, actor)
        while running:
            (ref,), _ = ray.wait(list(running), num_returns=1)
            key, actor = running.pop(ref)
            fresh, result = ray.get(ref)
            self.loads += fresh
            following = next(keys, None)
            if following is not None:
                running[actor.run.remote(setup, function, payloads[following])] = (
                    following, actor)
            yield key, result

    def close(self) -> None:
        if self._actors:
            ray = _import_ray()
            for actor in (actor for pool in self._actors.values() for actor in pool):
                ray.kill(actor)
            self._actors = {}

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _RayWorker:
    def __init__(self) -> None:
        self.resources = LoadedResources()

    def run(self, setup: Setup, function: GroupFunction, payload: Any) -> tuple[bool, Any]:
        return self.resources.run(setup, function, payload)


def _import_ray():
    try:
        import ray
    except ImportError:
        raise InputError("--executor ray needs Ray: pip install 'corpus-tools[ray]'") from None
    return ray


EXECUTORS = ("local", "ray")


def get_executor(name: str = "local", jobs: int = 1, address: str | None = None) -> Executor:
    """``local`` with ``jobs`` processes (1: in this process), or ``ray`` (at ``address``)."""
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {jobs}")
    if name == "local":
        return SerialExecutor() if jobs == 1 else ProcessExecutor(jobs)
    if name == "ray":
        return RayExecutor(address, actors=jobs if jobs > 1 else None)
    raise InputError(f"unknown executor {name!r} (one of {', '.join(EXECUTORS)})")
