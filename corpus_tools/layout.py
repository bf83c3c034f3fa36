"""Where a corpus's tables live: ``ROOT/corpora/<name>/`` and ``ROOT/alignments/<name>/``.

The one place that maps a table name to its file and to the stage that writes it; ``build``,
``report``, ``export`` and ``terms`` all go through :class:`CorpusLayout`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CorpusLayout:
    corpus_dir: Path  # every table but the alignments
    alignments_dir: Path  # one table per language pair

    @classmethod
    def under(cls, root: str | Path, name: str) -> CorpusLayout:
        """Where ``build --root ROOT`` writes corpus ``name``."""
        return cls(Path(root) / "corpora" / name, Path(root) / "alignments" / name)

    @classmethod
    def of_corpus_dir(cls, corpus_dir: str | Path) -> CorpusLayout:
        """The layout of a corpus folder given on the command line (``ROOT/corpora/<name>``:
        its alignments are in ``ROOT/alignments/<name>``)."""
        corpus_dir = Path(corpus_dir)
        absolute = corpus_dir.resolve()
        return cls(corpus_dir, absolute.parent.parent / "alignments" / absolute.name)

    @property
    def cache_dir(self) -> Path:
        return self.corpus_dir / "cache"

    @property
    def state_path(self) -> Path:
        """``build.json``: fingerprints, outputs and times of the stages built."""
        return self.corpus_dir / "build.json"

    def path(self, table: str) -> Path:
        """``documents`` → corpora/<name>/documents.parquet; ``alignments/en-ru`` →
        alignments/<name>/en-ru.parquet."""
        if table.startswith("alignments/"):
            return self.alignments_dir / f"{table.split('/', 1)[1]}.parquet"
        return self.corpus_dir / f"{table}.parquet"

    def existing(self, pattern: str) -> list[str]:
        """Tables present that match ``pattern`` (``alignments/*``: every language pair)."""
        if pattern == "alignments/*":
            return sorted(f"alignments/{p.stem}" for p in self.alignments_dir.glob("*.parquet"))
        return [pattern] if self.path(pattern).exists() else []


def stage_of(table: str) -> str | None:
    """The ``build`` stage that writes ``table`` (``alignments`` stands for every pair)."""
    from corpus_tools.stages import STAGES

    name = "alignments/*" if table == "alignments" else table
    return next((stage.name for stage in STAGES if stage.writes(name)), None)
