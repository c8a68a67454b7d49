"""A period's lifecycle (open → closed, once) and its pure scoring (计分): normalise each
indicator, weight it, total, grade and rank.

A rating indicator scores the mean of its ratings; a metric indicator is normalised to 0–100 by
the rule it declares (`rate`: the rate × 100, inverted when lower is better; `relative`: against
the best org, which scores 100); points = score × weight / 100; total = the sum of points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from grassroots.common.events.base import EventPayload
from grassroots.common.events.evaluation import PeriodClosed, ResultPublished
from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.evaluation.metrics.definitions import METRICS

PERIOD = Lifecycle(
    name="period",
    title="考核期",
    initial=("open",),
    table=tuple(
        edges(
            "open",
            "close",
            "closed",
            roles=["evaluator"],
            events=["period.closed", "result.published"],
        )
    ),
    conflict="E-PERIOD-CLOSED",
    final=("closed",),
)


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    name: str
    weight: float
    source: str
    metric: str | None
    normalisation: str
    raw: float | None
    score: float
    points: float
    numerator: float | None = None
    denominator: float | None = None
    ratings: tuple[float, ...] = ()


@dataclass(frozen=True)
class OrgResult:
    org: str
    total: float
    grade: str
    rank: int
    indicators: tuple[IndicatorScore, ...] = field(default_factory=tuple)


def raw_value(kind: str, numerator: float, denominator: float) -> float | None:
    """A rate (None without a denominator) or, for a sum, the numerator (to the fen)."""
    if kind == "sum":
        return round(numerator, 2)
    return numerator / denominator if denominator else None


def normalise(
    *,
    normalisation: str,
    higher_is_better: bool,
    value: float | None,
    others: Sequence[float],
    no_data: float,
) -> float:
    """The 0–100 score of a metric value (`others`: every org's non-missing value)."""
    if value is None:
        return no_data
    if normalisation == "rate":
        score = value * 100 if higher_is_better else (1 - value) * 100
    elif higher_is_better:
        best = max(others, default=0.0)
        score = 100.0 if best <= 0 else value / best * 100
    else:
        best = min(others, default=0.0)
        score = 100.0 if value <= 0 else best / value * 100
    return round(min(100.0, max(0.0, score)), 2)


def grade_of(total: float, thresholds: Mapping[str, float], lowest: str) -> str:
    """The grade (优秀/良好/一般/较差) of a total under the policy thresholds."""
    for name, minimum in sorted(thresholds.items(), key=lambda kv: -kv[1]):
        if total >= minimum:
            return name
    return lowest


def ranks(totals: Mapping[str, float]) -> dict[str, int]:
    """Competition ranking: equal totals share a rank, the next rank skips (1, 1, 3)."""
    ordered = sorted(totals.values(), reverse=True)
    return {org: ordered.index(total) + 1 for org, total in totals.items()}


def score_period(
    *,
    orgs: Sequence[str],
    indicators: Sequence[Mapping[str, Any]],
    metrics: Mapping[tuple[str, str], tuple[float, float]],
    ratings: Mapping[tuple[str, str], Sequence[float]],
    thresholds: Mapping[str, float],
    lowest_grade: str,
    no_data: float,
) -> list[OrgResult]:
    """Every org's result, ordered by rank then org code."""
    per_org: dict[str, list[IndicatorScore]] = {org: [] for org in orgs}
    for ind in indicators:
        if ind["source"] == "rating":
            for org in orgs:
                given = tuple(sorted(ratings.get((org, ind["code"]), ())))
                mean = round(sum(given) / len(given), 2) if given else None
                score = mean if mean is not None else no_data
                per_org[org].append(_item(ind, mean, score, ratings=given))
            continue
        definition = METRICS[ind["metric"]]
        values: dict[str, tuple[float, float, float | None]] = {}
        for org in orgs:
            num, den = metrics.get((org, ind["metric"]), (0.0, 0.0))
            values[org] = (num, den, raw_value(definition.kind, num, den))
        present = [v for _, _, v in values.values() if v is not None]
        for org in orgs:
            num, den, value = values[org]
            score = normalise(
                normalisation=ind.get("normalisation", "rate"),
                higher_is_better=definition.higher_is_better,
                value=value,
                others=present,
                no_data=no_data,
            )
            raw = round(value, 6) if value is not None else None
            per_org[org].append(_item(ind, raw, score, numerator=num, denominator=den))
    totals = {org: round(sum(i.points for i in items), 2) for org, items in per_org.items()}
    rank_of = ranks(totals)
    results = [
        OrgResult(
            org=org,
            total=totals[org],
            grade=grade_of(totals[org], thresholds, lowest_grade),
            rank=rank_of[org],
            indicators=tuple(per_org[org]),
        )
        for org in orgs
    ]
    return sorted(results, key=lambda r: (r.rank, r.org))


def _item(ind: Mapping[str, Any], raw: float | None, score: float, **extra: Any) -> IndicatorScore:
    weight = float(ind["weight"])
    return IndicatorScore(
        code=ind["code"],
        name=ind["name"],
        weight=weight,
        source=ind["source"],
        metric=ind.get("metric"),
        normalisation=ind.get("normalisation", "rate"),
        raw=raw,
        score=score,
        points=round(score * weight / 100, 2),
        **extra,
    )


def announcements(
    *, county: str, year: int, direction: Any, at: datetime, results: Sequence[OrgResult]
) -> list[EventPayload]:
    """What closing a period tells the suite: `period.closed`, then each org's result."""
    events: list[EventPayload] = [
        PeriodClosed(
            period=f"{county}/{year}/{direction}",
            year=year,
            direction=direction,
            closed_at=at,
            orgs=len(results),
        )
    ]
    events += [
        ResultPublished(
            org=r.org, year=year, direction=direction, total=r.total, grade=r.grade, rank=r.rank
        )
        for r in results
    ]
    return events
