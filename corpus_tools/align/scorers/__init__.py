"""Scorers: how alike a group of source sentences and a group of target sentences are.

The interface (stable; the DP core and comparable/three-way alignment both build on it):

- A :class:`Scorer` is a named, configured backend (``scorer.name`` goes into provenance).
  ``scorer.prepare(src, tgt, src_lang, tgt_lang)`` looks at one document pair (it may
  estimate a length ratio, build features, embed every sentence once) and returns a
  :class:`Prepared` scorer bound to those two sentence lists.
- ``prepared.similarity(src_spans, tgt_spans)`` scores a *batch* of candidate pairs at once.
  A group is a contiguous run of sentences, given as a half-open span ``[start, end)`` of
  0-based sentence ids; ``src_spans`` and ``tgt_spans`` are integer arrays of shape ``(k, 2)``
  (row ``r`` is candidate ``r``). It returns ``k`` similarities in ``[0, 1]`` (1 = certainly
  translations of each other). Empty groups score 0. Spans may be long (the coarse passes of
  the DP ask about blocks of many sentences), so scorers work on span sums, never on pairs
  of sentence lists.
- ``prepared.score_groups([((0, 1), (0,)), ((2,), (1, 2))])`` is the same for explicit
  groups of contiguous ids, for callers that think in beads.

Backends, one module each: ``length`` (Gale–Church), ``anchors`` (numbers, dates, Latin
tokens, punctuation, transliterated names), ``lexicon`` (CC-CEDICT and a lexicon learnt from
the input), ``embedding`` (a multilingual sentence encoder), ``mt`` (a translator callable and a
character n-gram F-score). ``get_scorer(name)`` looks one up by name; ``default_scorers``
gives the model-free set used when nothing is asked for, plus an embedding scorer when an
encoder is named.
"""

from __future__ import annotations

import logging

from corpus_tools.align.scorers.base import Prepared, Scorer, groups_to_spans

log = logging.getLogger(__name__)

__all__ = ["Prepared", "Scorer", "default_scorers", "get_scorer", "groups_to_spans",
           "model_free_scorers"]

MODEL_FREE = ("length", "anchors", "lexicon")


def get_scorer(name: str, **options) -> Scorer:
    """A scorer by name: length, anchors, lexicon, embedding (model=…), mt (translator=…)."""
    if name == "length":
        from corpus_tools.align.scorers.length import LengthScorer
        return LengthScorer(**options)
    if name == "anchors":
        from corpus_tools.align.scorers.anchors import AnchorScorer
        return AnchorScorer(**options)
    if name == "lexicon":
        from corpus_tools.align.scorers.lexicon import LexiconScorer
        return LexiconScorer(**options)
    if name == "embedding":
        from corpus_tools.align.scorers.embedding import EmbeddingScorer
        return EmbeddingScorer(**options)
    if name == "mt":
        from corpus_tools.align.scorers.mt import MTScorer
        return MTScorer(**options)
    raise ValueError(f"unknown scorer {name!r}; choose from length, anchors, lexicon, "
                     "embedding, mt")


def default_scorers(embedding: str | None = None, required: bool = True) -> list[Scorer]:
    """The model-free scorers (length, anchors, the lexicon), and an embedding scorer with
    the encoder ``embedding`` when one is named (beside :func:`model_free_scorers` for an
    encoder). An encoder that is not installed raises
    :class:`~corpus_tools.errors.ModelMissingError`, or, unless ``required``, leaves the
    scorers model-free with a one-line notice saying how to get it."""
    if embedding:
        from corpus_tools.errors import ModelMissingError

        scorer = get_scorer("embedding", model=embedding)
        try:
            scorer.load()
        except ModelMissingError as err:
            if required:
                raise
            log.warning("%s; aligning without embeddings", err)
            return model_free_scorers()
        return model_free_scorers(beside_encoder=True) + [scorer]
    return model_free_scorers()


def model_free_scorers(beside_encoder: bool = False) -> list[Scorer]:
    """Length, anchors and the lexicon; ``beside_encoder``, the length scorer tolerates
    freer translations (:data:`~corpus_tools.align.scorers.length.ENCODER_VARIANCE`)."""
    from corpus_tools.align.scorers.length import ENCODER_VARIANCE

    options = {"length": {"variance": ENCODER_VARIANCE}} if beside_encoder else {}
    return [get_scorer(name, **options.get(name, {})) for name in MODEL_FREE]
