"""Metric use cases: read an org's metrics for a year, per month and in total."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.problems import not_found
from grassroots.evaluation.access import catalog_for_year
from grassroots.evaluation.metrics import repository
from grassroots.evaluation.metrics.definitions import METRICS
from grassroots.evaluation.metrics.schemas import (
    MetricMonth,
    MetricRead,
    MetricsPage,
    Ranking,
    RankingRow,
)


def value_of(kind: str, numerator: float, denominator: float) -> float | None:
    """A rate (None without denominator) or, for sums, the numerator."""
    if kind == "sum":
        return round(numerator, 6)
    return round(numerator / denominator, 6) if denominator else None


async def for_org(session: AsyncSession, *, org: str, year: int) -> MetricsPage:
    """Every metric the events gave an org in a year (三率 per month included)."""
    rows = await repository.monthly(session, org=org, year=year)
    grouped: dict[str, list[MetricMonth]] = {}
    for row in rows:
        kind = METRICS[row.metric].kind if row.metric in METRICS else "rate"
        grouped.setdefault(row.metric, []).append(
            MetricMonth(
                month=row.month,
                numerator=row.numerator,
                denominator=row.denominator,
                value=value_of(kind, row.numerator, row.denominator),
            )
        )
    out: list[MetricRead] = []
    for code, months in grouped.items():
        definition = METRICS.get(code)
        if definition is None:
            continue
        num = sum(m.numerator for m in months)
        den = sum(m.denominator for m in months)
        out.append(
            MetricRead(
                metric=code,
                name=definition.name,
                kind=definition.kind,
                higher_is_better=definition.higher_is_better,
                numerator=num,
                denominator=den,
                value=value_of(definition.kind, num, den),
                months=months,
            )
        )
    return MetricsPage(org=org, year=year, metrics=out)


async def ranking(
    session: AsyncSession, *, county: str, metric: str, year: int, month: int | None
) -> Ranking:
    """Ranks the county's orgs of the metric's kind (best first; orgs without data last)."""
    definition = METRICS.get(metric)
    if definition is None:
        raise not_found("数据指标", metric)
    document = await catalog_for_year(session, county, year)
    units = [u for u in (document.org_units if document else ()) if u.kind == definition.subject]
    data = await repository.by_org(session, metric=metric, year=year, month=month)
    rows = []
    for unit in units:
        num, den = data.get(unit.code, (0.0, 0.0))
        value = value_of(definition.kind, num, den)
        rows.append(
            RankingRow(
                org=unit.code,
                name=unit.name,
                numerator=num,
                denominator=den,
                value=value,
                rank=None,
            )
        )
    sign = 1 if definition.higher_is_better else -1
    ranked = sorted((r for r in rows if r.value is not None), key=lambda r: -sign * (r.value or 0))
    for row in ranked:
        row.rank = 1 + sum(
            1 for other in ranked if sign * (other.value or 0) > sign * (row.value or 0)
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.org))
    return Ranking(metric=metric, year=year, month=month, rows=rows)
