"""A period's lifecycle (open → closed, once) and its pure scoring (计分): normalise each
indicator, weight it, total, grade and rank.

A rating indicator scores the mean of its ratings; a metric indicator is normalised to 0–100 by
the rule it declares (`rate`: the rate × 100, inverted when lower is better; `relative`: against
the best org, which scores 100); points = score × weight / 100.

No data is no score (无数据), never full marks: an org with no rating on a rating indicator, no
denominator on a rate or no contributing event on a sum has `score` and `points` None on it. The
indicator's `no_data` (or the policy's default, `skip`) says what follows:

- `skip`: the org is left out of that indicator; its total is the points of the indicators it has
  data for, scaled to the scheme's whole weight (total = Σ points × Σ weights / Σ weights with
  data), and it ranks on that;
- `exclude`: the org gets no total, no grade (`无数据`) and no rank at all.

An org with data on no indicator is always left out of the result that way. Ranks count only the
orgs that have a total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from grassroots.common.events.base import EventPayload
from grassroots.common.events.evaluation import PeriodClosed, ResultPublished
from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.evaluation.codes import PERIOD_CLOSED
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
    conflict=PERIOD_CLOSED,
    final=("closed",),
)


NoData = Literal["skip", "exclude"]
NO_DATA_GRADE = "无数据"


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    name: str
    weight: float
    source: str
    metric: str | None
    normalisation: str
    raw: float | None
    score: float | None  # None: no data (无数据)
    points: float | None
    numerator: float | None = None
    denominator: float | None = None
    ratings: tuple[float, ...] = ()


@dataclass(frozen=True)
class OrgResult:
    org: str
    total: float | None  # None: left out of the result for want of data
    grade: str
    rank: int | None
    indicators: tuple[IndicatorScore, ...] = field(default_factory=tuple)


def raw_value(kind: str, numerator: float, denominator: float) -> float | None:
    """A rate (None without a denominator) or, for a sum, the numerator (to the fen)."""
    if kind == "sum":
        return round(numerator, 2)
    return numerator / denominator if denominator else None


def metric_value(
    kind: str, summed: tuple[float, float] | None
) -> tuple[float, float, float | None]:
    """(numerator, denominator, value) of an org's metric; value None when it has no data: no
    contributing event at all, or a rate without a denominator."""
    if summed is None:
        return 0.0, 0.0, None
    num, den = summed
    return num, den, raw_value(kind, num, den)


def normalise(
    *,
    normalisation: str,
    higher_is_better: bool,
    value: float | None,
    others: Sequence[float],
) -> float | None:
    """The 0–100 score of a metric value (`others`: every org's non-missing value); None, no
    score, when the org has no value."""
    if value is None:
        return None
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


def ranks(totals: Mapping[str, float | None]) -> dict[str, int | None]:
    """Competition ranking: equal totals share a rank, the next rank skips (1, 1, 3); an org
    without a total has no rank and takes no place."""
    ordered = sorted((t for t in totals.values() if t is not None), reverse=True)
    return {
        org: None if total is None else ordered.index(total) + 1 for org, total in totals.items()
    }


def total_of(items: Sequence[IndicatorScore], modes: Sequence[NoData]) -> float | None:
    """The points of the indicators with data scaled to the whole weight, or None when an
    `exclude` indicator has no data or no indicator has any."""
    if any(i.points is None and mode == "exclude" for i, mode in zip(items, modes, strict=True)):
        return None
    covered = sum(i.weight for i in items if i.points is not None)
    if covered <= 0:
        return None
    whole = sum(i.weight for i in items)
    return round(sum(i.points or 0.0 for i in items) * whole / covered, 2)


def score_period(
    *,
    orgs: Sequence[str],
    indicators: Sequence[Mapping[str, Any]],
    metrics: Mapping[tuple[str, str], tuple[float, float]],
    ratings: Mapping[tuple[str, str], Sequence[float]],
    thresholds: Mapping[str, float],
    lowest_grade: str,
    no_data: NoData = "skip",
) -> list[OrgResult]:
    """Every org's result, ordered by rank then org code (the orgs without a total last);
    `no_data` is the default of the indicators that do not declare theirs."""
    per_org: dict[str, list[IndicatorScore]] = {org: [] for org in orgs}
    for ind in indicators:
        if ind["source"] == "rating":
            for org in orgs:
                given = tuple(sorted(ratings.get((org, ind["code"]), ())))
                mean = round(sum(given) / len(given), 2) if given else None
                per_org[org].append(_item(ind, mean, mean, ratings=given))
            continue
        definition = METRICS[ind["metric"]]
        values = {
            org: metric_value(definition.kind, metrics.get((org, ind["metric"]))) for org in orgs
        }
        present = [v for _, _, v in values.values() if v is not None]
        for org in orgs:
            num, den, value = values[org]
            score = normalise(
                normalisation=ind.get("normalisation", "rate"),
                higher_is_better=definition.higher_is_better,
                value=value,
                others=present,
            )
            raw = round(value, 6) if value is not None else None
            per_org[org].append(_item(ind, raw, score, numerator=num, denominator=den))
    modes: list[NoData] = [ind.get("no_data") or no_data for ind in indicators]
    totals = {org: total_of(items, modes) for org, items in per_org.items()}
    rank_of = ranks(totals)
    results = [
        OrgResult(
            org=org,
            total=totals[org],
            grade=NO_DATA_GRADE
            if totals[org] is None
            else grade_of(totals[org] or 0.0, thresholds, lowest_grade),
            rank=rank_of[org],
            indicators=tuple(per_org[org]),
        )
        for org in orgs
    ]
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.org))


def _item(
    ind: Mapping[str, Any], raw: float | None, score: float | None, **extra: Any
) -> IndicatorScore:
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
        points=None if score is None else round(score * weight / 100, 2),
        **extra,
    )


def announcements(
    *, county: str, year: int, direction: Any, at: datetime, results: Sequence[OrgResult]
) -> list[EventPayload]:
    """What closing a period tells the suite: `period.closed`, then the result of each org that
    has one (an org left out for want of data has no total and no rank to publish)."""
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
        if r.total is not None and r.rank is not None
    ]
    return events
