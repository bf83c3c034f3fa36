"""Sentence alignment: a DP core over costs, cost functions apart, ladder I/O at the edge."""

from corpus_tools.align.beads import Bead
from corpus_tools.align.dp import align_sentences

__all__ = ["Bead", "align_sentences"]
