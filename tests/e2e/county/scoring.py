"""The results a closed period must publish, computed from the ledger by DESIGN §8's rules.

A rating indicator scores the mean of its ratings; a metric indicator its rate × 100 (inverted
when lower is better) or, `relative`, its share of the best org's value; points = score ×
weight / 100; grades 优秀 ≥ 90, 良好 ≥ 80, 一般 ≥ 60, else 较差; equal totals share a rank.

No data is no score (issue 16), never full marks: no rating, no denominator, or (for a sum) no
event at all leaves the org without points on that indicator. With the policy default (`skip`)
its total is the points it has, scaled to the whole weight (Σ points × Σ weights / Σ weights
with data); an org with data on no indicator has no total, grade 无数据 and no rank, and ranks
count only the orgs that have a total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from county.ledger import Ledger

GRADES = (("优秀", 90.0), ("良好", 80.0), ("一般", 60.0))
LOWEST = "较差"
NO_DATA_GRADE = "无数据"


@dataclass(frozen=True)
class Expected:
    points: tuple[float | None, ...]
    total: float | None
    grade: str
    rank: int | None


def _metric_scores(
    indicator: dict[str, Any], orgs: list[str], ledger: Ledger
) -> dict[str, float | None]:
    metric = indicator["metric"]
    sums = {org: ledger.values.get((org, metric)) for org in orgs}
    if indicator.get("normalisation") == "relative":  # a sum (yuan): relative to the best
        present = [num for num, _ in (s for s in sums.values() if s is not None)]
        best = max(present, default=0.0)
        return {
            o: None if s is None else 100.0 if best <= 0 else round(s[0] / best * 100, 2)
            for o, s in sums.items()
        }
    scores: dict[str, float | None] = {}
    for org, summed in sums.items():
        if summed is None or not summed[1]:
            scores[org] = None
            continue
        num, den = summed
        rate = num / den
        score = rate * 100 if indicator["higher_is_better"] else (1 - rate) * 100
        scores[org] = round(min(100.0, max(0.0, score)), 2)
    return scores


def _rating_scores(
    direction: str, indicator: dict[str, Any], orgs: list[str], ledger: Ledger
) -> dict[str, float | None]:
    scores: dict[str, float | None] = {}
    for org in orgs:
        given = sorted(ledger.ratings.get((direction, org, indicator["code"]), {}).values())
        scores[org] = round(sum(given) / len(given), 2) if given else None
    return scores


def expected_results(
    direction: str, indicators: list[dict[str, Any]], orgs: list[str], ledger: Ledger
) -> dict[str, Expected]:
    """Every org's points per indicator (scheme order), total, grade and rank."""
    points: dict[str, list[float | None]] = {org: [] for org in orgs}
    for indicator in indicators:
        if indicator["source"] == "rating":
            scores = _rating_scores(direction, indicator, orgs, ledger)
        else:
            scores = _metric_scores(indicator, orgs, ledger)
        for org in orgs:
            score = scores[org]
            points[org].append(
                None if score is None else round(score * indicator["weight"] / 100, 2)
            )
    whole = sum(i["weight"] for i in indicators)
    totals: dict[str, float | None] = {}
    for org, got in points.items():
        covered = sum(i["weight"] for i, p in zip(indicators, got, strict=True) if p is not None)
        totals[org] = (
            round(sum(p for p in got if p is not None) * whole / covered, 2) if covered else None
        )
    ranked = sorted((t for t in totals.values() if t is not None), reverse=True)
    return {
        org: Expected(
            points=tuple(points[org]),
            total=totals[org],
            grade=NO_DATA_GRADE
            if totals[org] is None
            else next((g for g, floor in GRADES if totals[org] >= floor), LOWEST),
            rank=None if totals[org] is None else ranked.index(totals[org]) + 1,
        )
        for org in orgs
    }
