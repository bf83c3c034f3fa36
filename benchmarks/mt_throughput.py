"""MT throughput: transformers vs CTranslate2 (float32, int8) on a model of opus-mt's shape.

The model is a ``MarianMTModel`` with opus-mt's real shape (d_model 512, 6+6 layers, 8 heads,
FFN 2048, 60k vocabulary) and random weights, built here (no download, no data). Every
sentence is decoded to exactly ``--length`` tokens (min = max new tokens), so speed does not
depend on the weights. Each backend × batch size runs in its own process through the
library's translators, after one warm-up batch; its peak resident memory is that process's.
Each process is pinned to ``--threads`` cores (default 1) and both runtimes use that many
threads: on a shared machine, more threads than idle cores make the figures noise.

    python benchmarks/mt_throughput.py [--batches 1,16,64] [--length 32] [--beam-size 4]
                                       [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.tiny_models import LINES, build_tiny_marian  # noqa: E402

OPUS_MT_SHAPE = dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
                     decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
                     max_position_embeddings=512, init_std=0.02)
VOCAB = 60_000  # opus-mt-ru-en: 62,518
SYSTEMS = [("transformers", None), ("ctranslate2", "float32"), ("ctranslate2", "int8")]


def sentences(count: int) -> list[str]:
    """Distinct Russian sentences of about 20-30 source tokens."""
    ru = [line for line in LINES if any("а" <= c <= "я" for c in line)]
    return [f"{ru[i % len(ru)]} {ru[(i + 1) % len(ru)]} {i}" for i in range(count)]


def sentence_count(batch: int) -> int:
    return max(8, min(2 * batch, 64))  # a few batches; fewer sentences where each is slow


def worker(model: Path, backend: str, compute_type: str | None, batch: int, length: int,
           beam: int, threads: int) -> dict:
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:threads])  # CT2 follows affinity
    import torch

    from corpus_tools.translate import GenerationOptions, get_translator

    torch.set_num_threads(threads)

    translator = get_translator("ru", "en", str(model), backend,
                                GenerationOptions(beam, length, length), batch_size=batch,
                                device="cpu", offline=True, compute_type=compute_type)
    texts = sentences(sentence_count(batch))
    translator.translate(texts[:batch])  # warm-up
    start = time.perf_counter()
    translator.translate(texts)
    seconds = time.perf_counter() - start
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status")
                   if line.startswith("VmHWM:"))
    return {"backend": backend if compute_type is None else f"{backend} {compute_type}",
            "batch": batch, "sentences": len(texts), "seconds": round(seconds, 2),
            "tokens_per_s": round(len(texts) * length / seconds, 1),
            "peak_rss_mb": round(peak_kb / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default="1,16,64")
    parser.add_argument("--length", type=int, default=32, help="tokens per output sentence")
    parser.add_argument("--beam-size", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the model here (default: temp dir)")
    parser.add_argument("--worker", nargs=3, metavar=("BACKEND", "COMPUTE_TYPE", "BATCH"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mt-throughput-"))
    os.environ["CORPUS_TOOLS_CACHE"] = str(workdir / "cache")  # the CT2 conversions go here
    model = workdir / "marian-opus-mt-shape"
    if args.worker:
        backend, compute_type, batch = args.worker
        print(json.dumps(worker(model, backend, None if compute_type == "-" else compute_type,
                                int(batch), args.length, args.beam_size, args.threads)))
        return
    try:
        run(args, workdir, model)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, workdir: Path, model: Path) -> None:
    import torch

    if not (model / "config.json").exists():
        build_tiny_marian(model, vocab_size=VOCAB, **OPUS_MT_SHAPE)
    import ctranslate2

    print(f"CPU: {os.cpu_count()} cores, {args.threads} used; torch {torch.__version__}, "
          f"ctranslate2 {ctranslate2.__version__}; GPU: "
          f"{torch.cuda.get_device_name() if torch.cuda.is_available() else 'none'}")
    print(f"output {args.length} tokens per sentence, beam {args.beam_size}\n")
    results = []
    for backend, compute_type in SYSTEMS:
        for batch in [int(b) for b in args.batches.split(",")]:
            command = [sys.executable, __file__, "--workdir", str(workdir), "--length",
                       str(args.length), "--beam-size", str(args.beam_size), "--threads",
                       str(args.threads), "--worker",
                       backend, compute_type or "-", str(batch)]
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            results.append(json.loads(out.splitlines()[-1]))
            print(results[-1], flush=True)
    baseline = {r["batch"]: r["tokens_per_s"] for r in results if r["backend"] == "transformers"}
    print("\n| backend | batch | sentences | tokens/s | × transformers | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['backend']} | {r['batch']} | {r['sentences']} | {r['tokens_per_s']:.0f} | "
              f"{r['tokens_per_s'] / baseline[r['batch']]:.1f} | {r['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
