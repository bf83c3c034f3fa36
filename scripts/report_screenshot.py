"""Regenerate docs/img/report.png: the sample corpus's review report in headless Chromium.

    python scripts/report_screenshot.py [--output docs/img/report.png] [--keep DIR]

Builds corpora/sample into a scratch folder (the repository's own tables are left alone),
writes its report and takes a 1400×1800 screenshot. Needs Debian's `chromium` package and,
for the Chinese column, a CJK font (`fonts-noto-cjk`).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from corpus_tools.build import build
from corpus_tools.report import write_report
from corpus_tools.report.browser import screenshot

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "img" / "report.png")
    parser.add_argument("--keep", type=Path, help="Build here and keep the report.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-screenshot-") as scratch:
        root = args.keep or Path(scratch)
        build(REPO / "corpora" / "sample" / "manifest.toml", root=root)
        page = root / "sample-report.html"
        write_report(root / "corpora" / "sample", page, force=True)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        screenshot(page, args.output, width=1400, height=1800)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
