"""Sentence alignment: a DP core over costs, cost functions apart, ladder I/O at the edge."""

from corpus_tools.align.aligner import Aligner, align_sentences
from corpus_tools.align.beads import Bead

__all__ = ["Aligner", "Bead", "align_sentences"]
