"""Headless Chromium on a report: the DOM after its script ran, or a screenshot.

Used by the browser tests and by ``scripts/report_screenshot.py``; it runs the system's
Chromium (Debian's ``chromium`` package) and never downloads one.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from corpus_tools.errors import InputError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Offline and quiet: no first-run UI, no background fetches, a throwaway profile.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=5000")


def find_chromium() -> str | None:
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def run_chromium(page: Path, *args: str, timeout: float = 120) -> str:
    """Open ``page`` in headless Chromium with ``args``; return what it printed on stdout."""
    binary = find_chromium()
    if binary is None:
        raise InputError(f"no Chromium found (looked for {', '.join(CANDIDATES)}); "
                         "install Debian's `chromium` package")
    with tempfile.TemporaryDirectory(prefix="corpus-tools-chromium-") as profile:
        done = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args,
                               Path(page).resolve().as_uri()],
                              capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise InputError(f"chromium failed on {page} (exit {done.returncode}): "
                         f"{done.stderr.strip().splitlines()[-1:]}")
    return done.stdout


def dump_dom(page: Path) -> str:
    """The page's DOM as HTML after its scripts ran."""
    return run_chromium(page, "--dump-dom")


def screenshot(page: Path, png: Path, width: int = 1400, height: int = 1800) -> None:
    run_chromium(page, f"--screenshot={Path(png).resolve()}", f"--window-size={width},{height}")
