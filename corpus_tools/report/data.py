"""Load what a report shows: every table of a corpus folder that exists, and why others don't."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from corpus_tools.errors import InputError, TableMissingError
from corpus_tools.layout import CorpusLayout, stage_of
from corpus_tools.tables import read_table

# The tables the report has a section for; others are shown generically.
SHOWN = {"documents", "fetch_log", "sentences", "alignments", "parallel", "scores", "terms",
         "renderings", "concordance"}
# Tables the build keeps for itself (the learnt lexicon), not for a reviewer: not shown.
INTERNAL = {"learnt_lexicon"}

# Tables not for review: the query index (one row per token) is searched with `query`.
NOT_REVIEWED = {"tokens"}


@dataclass
class ReportData:
    name: str
    corpus_dir: Path
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)  # corpora/<name>/*.parquet
    alignments: dict[str, pl.DataFrame] = field(default_factory=dict)  # pair → beads

    def get(self, name: str) -> pl.DataFrame | None:
        return self.tables.get(name)

    def fidelity_tables(self) -> dict[str, pl.DataFrame]:
        """The terms stage's MT-fidelity table(s), whatever their exact name."""
        return {n: t for n, t in self.tables.items() if "fidelity" in n}

    def other_tables(self) -> dict[str, pl.DataFrame]:
        """Tables no section is written for (e.g. a newer stage's), shown generically."""
        return {n: t for n, t in self.tables.items()
                if n not in SHOWN | INTERNAL and n not in self.fidelity_tables()}


def why_missing(*tables: str) -> str:
    """A one-line note for tables that are absent, naming the stage(s) that write them."""
    files = ["alignments/<name>/<l1>-<l2>.parquet" if t == "alignments" else f"{t}.parquet"
             for t in tables]
    stages = list(dict.fromkeys(f"`{stage_of(t) or t}`" for t in tables))
    verb = ("is", "writes it") if len(files) == 1 else ("are", "writes them")
    return (f"{_and(files)} {verb[0]} not built yet: the {_and(stages)} stage of "
            f"`corpus-tools build` {verb[1]}.")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def load_report_data(corpus_dir: str | Path, alignments_dir: str | Path | None = None,
                     ) -> ReportData:
    """Read every Parquet table of ``corpus_dir`` and the alignment tables beside it."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise InputError(f"{corpus_dir}: no such corpus folder")
    layout = CorpusLayout.of_corpus_dir(corpus_dir)
    if not layout.existing("documents"):
        raise TableMissingError(f"{corpus_dir}: no documents.parquet to report on (built by the "
                                "`documents` stage of `corpus-tools build`)")
    alignments_dir = Path(alignments_dir) if alignments_dir else layout.alignments_dir
    data = ReportData(corpus_dir.resolve().name, corpus_dir)
    for path in sorted(corpus_dir.glob("*.parquet")):
        if path.stem not in NOT_REVIEWED:
            data.tables[path.stem] = read_table(path)
    for path in sorted(alignments_dir.glob("*.parquet")):
        data.alignments[path.stem] = read_table(path)
    return data
