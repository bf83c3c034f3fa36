"""`report`: one self-contained HTML page to review a corpus folder's tables in a browser.

``data`` loads the tables that exist, ``render`` turns them into sections and the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus_tools.fileio import write_text_atomic
from corpus_tools.report.data import load_report_data
from corpus_tools.report.render import build_sections, render_page

__all__ = ["ReportSummary", "write_report"]


@dataclass(frozen=True)
class ReportSummary:
    output: str
    sections_rendered: list[str]
    sections_missing: dict[str, str]  # section title → why a table it shows is absent


def write_report(corpus_dir: str | Path, output: str | Path,
                 alignments_dir: str | Path | None = None, low_confidence: float = 0.7,
                 max_rows: int = 5000, force: bool = False) -> ReportSummary:
    """Write the review page for ``corpus_dir`` (``ROOT/corpora/<name>``) to ``output``."""
    data = load_report_data(corpus_dir, alignments_dir)
    sections = build_sections(data, low_confidence, max_rows)
    write_text_atomic(output, render_page(data.name, sections), force=force)
    return ReportSummary(str(output), [s.title for s in sections if s.has_content],
                         {s.title: " ".join(s.missing) for s in sections if s.missing})
