"""Fit the bead-confidence calibration on the dev sets and report how well it is calibrated.

Aligns MAC-Dev, Text+Berg dev and NTREX-dev perturbed (en–ru, en–zh) with the default
aligner, records the confidence features of every bead of the final pass
(corpus_tools/align/confidence.py), labels each bead 1 if it is exactly a gold bead (strict),
fits a logistic model and prints its coefficients (to paste into ``FITTED``), the Brier score
and a reliability table — for the fitted model, for the model now in the code and for the
old confidence (the raw weighted similarity) — on the dev beads and on the held-out
Text+Berg test documents.

    python benchmarks/align_calibrate.py
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from align_mac import documents as mac_documents
from align_ntrex import documents as ntrex_documents
from align_textberg import documents as textberg_documents
from alignbench import Aligner

from corpus_tools.align.confidence import FEATURES, Calibration

RIDGE = 1e-2  # L2 penalty on the coefficients (not the bias): keeps the fit stable


@dataclass(frozen=True)
class Recorder(Calibration):
    """The calibration in the code, writing down the features of every path it scores."""

    calls: list = field(default_factory=list)

    def __call__(self, features: np.ndarray) -> np.ndarray:
        self.calls.append(features)
        return super().__call__(features)


def labelled(documents, src_lang: str, tgt_lang: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and strict-correctness labels of every bead the aligner outputs."""
    recorder = Recorder()
    found = Aligner(calibration=recorder).align_many(
        [(src, tgt, (), ()) for _, src, tgt, _ in documents], src_lang, tgt_lang)
    final = recorder.calls[-len(documents):]  # the second (bootstrap) pass, one per document
    features, labels = [], []
    for (_, _, _, gold), beads, rows in zip(documents, found, final, strict=True):
        wanted = {(b.src, b.tgt) for b in gold if b.src or b.tgt}
        features.append(rows)
        labels.append([(b.src, b.tgt) in wanted for b in beads])
    return np.concatenate(features), np.concatenate(labels).astype(np.float64)


def fit(x: np.ndarray, y: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Ridge logistic regression by Newton's method (IRLS)."""
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], RIDGE)
    ridge[0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + ridge * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def old_confidence(x: np.ndarray) -> np.ndarray:
    """The confidence before calibration: the similarity, or 1 − best for a 1-0/0-1 bead."""
    col = {name: k for k, name in enumerate(FEATURES)}
    return np.where(x[:, col["gap"]] > 0, 1 - x[:, col["gap_best"]], x[:, col["sim"]])


def reliability(p: np.ndarray, y: np.ndarray) -> str:
    rows = ["| confidence | beads | mean confidence | share correct |", "|---|---:|---:|---:|"]
    edges = np.linspace(0, 1, 11)
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (p >= lo) & ((p < hi) | (hi == 1.0))
        if inside.any():
            rows.append(f"| {lo:.1f}–{hi:.1f} | {inside.sum()} | {p[inside].mean():.3f} | "
                        f"{y[inside].mean():.3f} |")
    return "\n".join(rows)


def summary(name: str, p: np.ndarray, y: np.ndarray) -> str:
    flagged = p < 0.5
    return (f"{name}: Brier {np.mean((p - y) ** 2):.4f}, {len(y)} beads, {y.mean():.3f} "
            f"correct; below 0.5: {flagged.sum()} beads, of which {(1 - y[flagged]).sum():.0f}"
            f" wrong (of {(1 - y).sum():.0f} wrong beads)")


def main() -> None:
    sets = {"MAC-Dev": (mac_documents(), "zh", "en"),
            "Text+Berg dev": (textberg_documents(["dev"]), "de", "fr"),
            "NTREX en-ru": (ntrex_documents("en", "ru"), "en", "ru"),
            "NTREX en-zh": (ntrex_documents("en", "zh"), "en", "zh")}
    dev = {name: labelled(*args) for name, args in sets.items()}
    x = np.concatenate([f for f, _ in dev.values()])
    y = np.concatenate([lab for _, lab in dev.values()])
    coef = fit(x, y)
    print("FITTED = (" + ", ".join(f"{c:.3f}" for c in coef) + ")")
    print("  # " + ", ".join(FEATURES))
    fitted, current = Calibration(tuple(coef)), Calibration()
    test_x, test_y = labelled(textberg_documents([f"test{k}" for k in range(7)]), "de", "fr")
    for label, (fx, fy) in [*dev.items(), ("all dev", (x, y)),
                            ("Text+Berg test0-6 (held out)", (test_x, test_y))]:
        print(f"\n## {label}")
        print(summary("fitted", fitted(fx), fy))
        print(summary("in the code", current(fx), fy))
        print(summary("old (raw similarity)", old_confidence(fx), fy))
    for label, (fx, fy) in (("all dev", (x, y)), ("Text+Berg test0-6", (test_x, test_y))):
        print(f"\nReliability, fitted, {label}:\n{reliability(fitted(fx), fy)}")
        print(f"\nReliability, old, {label}:\n{reliability(old_confidence(fx), fy)}")


if __name__ == "__main__":
    main()
