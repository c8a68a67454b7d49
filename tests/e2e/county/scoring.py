"""The results a closed period must publish, computed from the ledger by DESIGN §8's rules.

A rating indicator scores the mean of its ratings; a metric indicator its rate × 100 (inverted
when lower is better) or, `relative`, its share of the best org's value; no data scores the
policy default (100); points = score × weight / 100; total = sum; grades 优秀 ≥ 90, 良好 ≥ 80,
一般 ≥ 60, else 较差; equal totals share a rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from county.ledger import Ledger

NO_DATA = 100.0
GRADES = (("优秀", 90.0), ("良好", 80.0), ("一般", 60.0))
LOWEST = "较差"


@dataclass(frozen=True)
class Expected:
    points: tuple[float, ...]
    total: float
    grade: str
    rank: int


def _metric_scores(indicator: dict[str, Any], orgs: list[str], ledger: Ledger) -> dict[str, float]:
    metric = indicator["metric"]
    sums = {org: tuple(ledger.values.get((org, metric), (0.0, 0.0))) for org in orgs}
    if indicator.get("normalisation") == "relative":  # a sum (yuan): relative to the best
        best = max(num for num, _ in sums.values())
        return {
            o: 100.0 if best <= 0 else round(num / best * 100, 2) for o, (num, _) in sums.items()
        }
    scores = {}
    for org, (num, den) in sums.items():
        if not den:
            scores[org] = NO_DATA
            continue
        rate = num / den
        score = rate * 100 if indicator["higher_is_better"] else (1 - rate) * 100
        scores[org] = round(min(100.0, max(0.0, score)), 2)
    return scores


def _rating_scores(
    direction: str, indicator: dict[str, Any], orgs: list[str], ledger: Ledger
) -> dict[str, float]:
    scores = {}
    for org in orgs:
        given = sorted(ledger.ratings.get((direction, org, indicator["code"]), {}).values())
        scores[org] = round(sum(given) / len(given), 2) if given else NO_DATA
    return scores


def expected_results(
    direction: str, indicators: list[dict[str, Any]], orgs: list[str], ledger: Ledger
) -> dict[str, Expected]:
    """Every org's points per indicator (scheme order), total, grade and rank."""
    points: dict[str, list[float]] = {org: [] for org in orgs}
    for indicator in indicators:
        if indicator["source"] == "rating":
            scores = _rating_scores(direction, indicator, orgs, ledger)
        else:
            scores = _metric_scores(indicator, orgs, ledger)
        for org in orgs:
            points[org].append(round(scores[org] * indicator["weight"] / 100, 2))
    totals = {org: round(sum(p), 2) for org, p in points.items()}
    ranked = sorted(totals.values(), reverse=True)
    return {
        org: Expected(
            points=tuple(points[org]),
            total=totals[org],
            grade=next((g for g, floor in GRADES if totals[org] >= floor), LOWEST),
            rank=ranked.index(totals[org]) + 1,
        )
        for org in orgs
    }
