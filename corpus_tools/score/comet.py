"""COMET (unbabel-comet) from a local checkpoint — the optional ``corpus-tools[comet]`` extra.

Without the package, COMET is left out with a one-line notice and the other metrics are
still computed. Models are never downloaded here: the checkpoint is a local path.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from corpus_tools.errors import InputError, ModelMissingError

log = logging.getLogger(__name__)

NOTICE = "COMET left out: unbabel-comet is not installed (pip install 'corpus-tools[comet]')"


def comet_available() -> bool:
    return importlib.util.find_spec("comet") is not None


def checkpoint_path(model: str | Path) -> Path:
    """A ``.ckpt`` file, or a downloaded model folder holding ``checkpoints/model.ckpt``."""
    path = Path(model)
    if path.is_dir():
        path = path / "checkpoints" / "model.ckpt"
    if not path.is_file():
        raise ModelMissingError(str(model), "COMET",
                                "huggingface-cli download Unbabel/wmt22-comet-da")
    return path


def comet_signature(model: str | Path) -> str:
    return f"model:{Path(model).name}|version:{version('unbabel-comet')}"


@lru_cache(maxsize=1)
def _load(checkpoint: str):
    """The COMET model, loaded once for all systems and language pairs scored in a run."""
    from comet import load_from_checkpoint  # the optional extra; callers check availability

    return load_from_checkpoint(checkpoint)


def comet_segment_scores(model: str | Path, sources: Sequence[str], hyps: Sequence[str],
                         refs: Sequence[str], batch_size: int = 16) -> list[float]:
    """One COMET score per segment (source, hypothesis, reference)."""
    import torch

    if not len(sources) == len(hyps) == len(refs):
        raise InputError(f"COMET needs one source per hypothesis: {len(sources)} sources, "
                         f"{len(hyps)} hypotheses")
    scorer = _load(str(checkpoint_path(model)))
    data = [{"src": s, "mt": h, "ref": r} for s, h, r in zip(sources, hyps, refs, strict=True)]
    output = scorer.predict(data, batch_size=batch_size,
                            gpus=1 if torch.cuda.is_available() else 0, progress_bar=False)
    return [float(x) for x in output.scores]
