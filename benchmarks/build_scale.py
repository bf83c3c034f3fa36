"""`build` at scale: NTREX-dev's 61 document groups (en, ru, zh) repeated as N groups, the
copy number appended to each document's first line so that no two are equal; model-free.

For each N: a full build (time, peak memory of the largest process); a rebuild after
appending one sentence to one document (the learnt lexicon kept), as a fraction of the full
build; a full build with ``--jobs 2`` (speed-up over ``--jobs 1``, same bytes); a full build
with ``--executor ray`` on a local Ray of 2 CPUs (same bytes, time). Every build runs as its
own ``corpus-tools`` process, one after the other, so the ratios come from one run.

    python benchmarks/build_scale.py [--groups 200,1000] [--workdir DIR] [--no-ray]
                                     [--no-compare] [--json]

``--no-compare``: only the full build and the rebuild (no --jobs 2, no Ray).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdata import data_dir, read_ntrex

REPO = Path(__file__).resolve().parents[1]  # this checkout's corpus_tools, not an installed one
LANGS = ("en", "ru", "zh")
APPENDED = "One more sentence was added."


def write_corpus(folder: Path, groups: int) -> Path:
    """N groups of three documents and their manifest; returns the manifest's path."""
    source = data_dir("ntrex-dev")
    docs = {lang: read_ntrex(lang, source) for lang in LANGS}
    doc_ids = list(docs["en"])
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for number in range(groups):
        doc_id, copy = doc_ids[number % len(doc_ids)], number // len(doc_ids)
        group = f"g{number:05d}"
        for lang in LANGS:
            lines = list(docs[lang][doc_id])
            lines[0] = f"{lines[0]} ({copy})"
            (folder / f"{group}.{lang}.txt").write_text("\n\n".join(lines) + "\n",
                                                         encoding="utf-8")
            role = "original" if lang == "en" else "translation"
            entries.append(f'[[documents]]\nid = "{group}-{lang}"\npath = "{group}.{lang}.txt"\n'
                           f'lang = "{lang}"\ngroup = "{group}"\nrole = "{role}"\n')
    manifest = folder / "manifest.toml"
    manifest.write_text(f'name = "scale{groups}"\n' + "".join(entries), encoding="utf-8")
    return manifest


def timed_build(manifest: Path, root: Path, *options: str) -> dict:
    """One ``corpus-tools build`` process: wall seconds, the peak memory of the largest
    process it ran (itself or a worker) and the CPU seconds of all of them, from the
    kernel's accounting of its children."""
    command = [sys.executable, "-m", "corpus_tools", "-q", "build", str(manifest), "--root",
               str(root), *options]
    wrapper = ("import resource, subprocess, sys, time; s = time.perf_counter(); "
               "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
               "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(time.perf_counter() - s, u.ru_maxrss, u.ru_utime + u.ru_stime)")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", wrapper, *command], check=True, env=env,
                         capture_output=True, text=True).stdout.split()
    return {"seconds": round(float(out[0]), 2), "peak_mib": round(int(out[1]) / 1024),
            "cpu_seconds": round(float(out[2]), 1)}  # all its processes together


def table_bytes(root: Path) -> dict[str, bytes]:
    """Every Parquet table under a build root, by its path relative to the root, but
    fetch_log (it logs when each file was read)."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob(
        "*.parquet")) if "cache" not in path.parts and path.name != "fetch_log.parquet"}


def differing(a: Path, b: Path) -> list[str]:
    left, right = table_bytes(a), table_bytes(b)
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def one_size(groups: int, workdir: Path, ray: bool, compare: bool = True) -> dict:
    manifest = write_corpus(workdir / f"corpus-{groups}", groups)
    row: dict = {"groups": groups}
    row["full_jobs1"] = timed_build(manifest, workdir / f"jobs1-{groups}")
    edited = manifest.parent / "g00000.en.txt"
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + " " + APPENDED
                      + "\n", encoding="utf-8")
    row["rebuild_one_sentence"] = timed_build(manifest, workdir / f"jobs1-{groups}")
    row["rebuild_fraction"] = round(row["rebuild_one_sentence"]["seconds"]
                                    / row["full_jobs1"]["seconds"], 3)
    if not compare:
        return row
    row["full_jobs1_after_edit"] = timed_build(manifest, workdir / f"jobs1b-{groups}")
    row["full_jobs2"] = timed_build(manifest, workdir / f"jobs2-{groups}", "--jobs", "2")
    row["speedup_jobs2"] = round(row["full_jobs1_after_edit"]["seconds"]
                                 / row["full_jobs2"]["seconds"], 2)
    row["jobs2_differs"] = differing(workdir / f"jobs1b-{groups}", workdir / f"jobs2-{groups}")
    row["incremental_differs"] = differing(workdir / f"jobs1-{groups}",
                                           workdir / f"jobs1b-{groups}")
    if ray:
        row["full_ray"] = timed_build(manifest, workdir / f"ray-{groups}", "--executor", "ray",
                                      "--jobs", "2")
        row["ray_over_jobs2"] = round(row["full_ray"]["seconds"]
                                      / row["full_jobs2"]["seconds"], 2)
        row["ray_differs"] = differing(workdir / f"jobs1b-{groups}", workdir / f"ray-{groups}")
    return row


def main(argv: list[str]) -> None:
    sizes = [200, 1000]
    if "--groups" in argv:
        sizes = [int(n) for n in argv[argv.index("--groups") + 1].split(",")]
    workdir = Path(argv[argv.index("--workdir") + 1]) if "--workdir" in argv \
        else Path(tempfile.mkdtemp(prefix="build-scale-"))
    for groups in sizes:
        started = time.perf_counter()
        row = one_size(groups, workdir, "--no-ray" not in argv, "--no-compare" not in argv)
        row["benchmark_seconds"] = round(time.perf_counter() - started)
        print(json.dumps(row) if "--json" in argv else json.dumps(row, indent=1), flush=True)
    if "--workdir" not in argv:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv)
