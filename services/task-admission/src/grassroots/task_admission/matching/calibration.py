"""Scores as calibrated probabilities: P(this item is the text's) from what the engines measured.

Logistic models over features that do not depend on a catalog's size: the lexical score (already
absolute), its gap to the level's best, the similarity standardised against every item of the
same level (z) and its gap to the best, and the cosine itself and its gap to the best. Fitted on
the tuning part of the labelled set (both counties) by
services/task-admission/tests/matching/fit_calibration.py; the held-out part is never seen. A
policy threshold (match_min_score 0.35) thus means "at least a 35 % chance" in every county, with
or without the sentence model; the labelled set's texts under no item teach it what "none" looks
like.
"""

from __future__ import annotations

import numpy as np

# fitted: intercept, then one weight per feature (see features()); written by fit_calibration.py
HYBRID = (-28.747, 2.971, 5.748, 0.567, 1.812, 29.692, 52.358)
LEXICAL_ONLY = (-4.045, 14.473, 16.456)


def features(
    lexical: np.ndarray, similarity: np.ndarray | None, cosine: np.ndarray | None = None
) -> np.ndarray:
    """One row per item of a level: [lexical, lexical - best] and, with vectors, the similarity
    standardised over the level [z, z - best z] (engine.best_per_item standardised it per kind)
    and the cosine itself [cosine, cosine - best]: how close the nearest item is at all, which
    the standardised similarity cannot say (a text under no item still has a best one)."""
    columns = [lexical, lexical - lexical.max()]
    if similarity is not None and cosine is not None:
        z = (similarity - similarity.mean()) / (float(similarity.std()) or 1.0)
        columns += [z, z - z.max(), cosine, cosine - cosine.max()]
    return np.stack(columns, axis=1)


def _logistic(x: np.ndarray, weights: tuple[float, ...]) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(1.0 / (1.0 + np.exp(-(w[0] + x @ w[1:]))))


def hybrid(lexical: np.ndarray, similarity: np.ndarray, cosine: np.ndarray) -> np.ndarray:
    """The fused score of each item: lexical and semantic evidence together."""
    return _logistic(features(lexical, similarity, cosine), HYBRID)


def lexical_only(lexical: np.ndarray) -> np.ndarray:
    """The score without sentence vectors (the model could not load)."""
    return _logistic(features(lexical, None), LEXICAL_ONLY)
