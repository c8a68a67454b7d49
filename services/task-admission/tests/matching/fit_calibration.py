"""Fits the score calibration on the TUNING part of the labelled set (both counties) and writes the
coefficients into matching/calibration.py. The held-out part is never read here.

python services/task-admission/tests/matching/fit_calibration.py [--dry-run]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from grassroots.task_admission.matching import calibration
from grassroots.task_admission.matching.engine import CatalogIndex

sys.path.insert(0, str(Path(__file__).parent))
from labelled import Scored, document, entries, score_all

TARGET = Path(calibration.__file__)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = 1e-3, rounds: int = 50
) -> np.ndarray:
    """Maximum-likelihood logistic weights (intercept first) by Newton's method, lightly damped;
    each row counts as much as its weight."""
    design = np.hstack([np.ones((x.shape[0], 1)), x])
    w = np.zeros(design.shape[1])
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-(design @ w)))
        gradient = design.T @ (weight * (y - p)) - l2 * w
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + l2 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w += step
        if np.abs(step).max() < 1e-8:
            break
    return w


def samples(scored: list[Scored], with_vectors: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, labels and weights: each county's texts weigh as much in all as the other's, so
    that the larger labelled county does not set the scale of the smaller one's scores."""
    xs, ys, weights = [], [], []
    texts = Counter(s.entry["county"] for s in scored)
    for s in scored:
        if with_vectors:
            xs.append(calibration.features(s.lexical, s.cosine, s.raw))
        else:
            xs.append(calibration.features(s.lexical, None))
        ys.append(np.array([c == s.entry["code"] for c in s.codes], dtype=np.float64))
        share = len(scored) / (len(texts) * texts[s.entry["county"]])
        weights.append(np.full(len(s.codes), share))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(weights)


def tuning_scores() -> list[Scored]:
    out: list[Scored] = []
    for county in ("demo", "second"):
        texts = [e for e in entries("tuning") if e["county"] == county]
        out += score_all(CatalogIndex(document(county)), texts)
    return out


def main() -> None:
    scored = tuning_scores()
    hybrid = fit_logistic(*samples(scored, True))
    lexical = fit_logistic(*samples(scored, False))
    print(f"{len(scored)} tuning texts")
    print("HYBRID =", tuple(round(float(v), 3) for v in hybrid))
    print("LEXICAL_ONLY =", tuple(round(float(v), 3) for v in lexical))
    if "--dry-run" in sys.argv:
        return
    source = TARGET.read_text(encoding="utf-8")
    for name, weights in (("HYBRID", hybrid), ("LEXICAL_ONLY", lexical)):
        shown = ", ".join(f"{float(v):.3f}" for v in weights)
        source = re.sub(rf"^{name} = \(.*\)$", f"{name} = ({shown})", source, flags=re.M)
    TARGET.write_text(source, encoding="utf-8")
    print(f"written to {TARGET.name}")


if __name__ == "__main__":
    main()
