"""SQL of the metric projections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.upsert import insert_ignore_returning, insert_or_add, insert_rows
from grassroots.evaluation.metrics.models import MetricEventRow, MetricValueRow
from grassroots.evaluation.metrics.rules import Contribution


async def apply_many(session: AsyncSession, items: list[tuple[Contribution, str, str]]) -> int:
    """Adds contributions (each with its event's ce_id and type) once per metric, org and key;
    a fact already counted, by a former event or an earlier one of these, is left as it is.
    Returns how many counted. Two statements whatever their number."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for item, ce_id, ce_type in items:
        rows.setdefault(
            (item.metric, item.org, item.key),
            {
                "metric": item.metric,
                "org": item.org,
                "key": item.key,
                "year": item.year,
                "month": item.month,
                "ce_id": ce_id,
                "ce_type": ce_type,
                "numerator": item.numerator,
                "denominator": item.denominator,
            },
        )
    inserted = await insert_ignore_returning(  # in key order: replicas lock rows alike
        session,
        MetricEventRow,
        [rows[fact] for fact in sorted(rows)],
        ["metric", "org", "key"],
        ["metric", "org", "key"],
    )
    totals: dict[tuple[str, int, int, str], dict[str, Any]] = {}
    for fact in inserted:
        row = rows[fact]
        key = (row["org"], row["year"], row["month"], row["metric"])
        total = totals.setdefault(
            key,
            {
                "org": row["org"],
                "year": row["year"],
                "month": row["month"],
                "metric": row["metric"],
                "numerator": 0.0,
                "denominator": 0.0,
            },
        )
        total["numerator"] += row["numerator"]
        total["denominator"] += row["denominator"]
    # An atomic addition: two consumers moving the same org never lose an update.
    await insert_or_add(
        session,
        MetricValueRow,
        [totals[key] for key in sorted(totals)],
        ["org", "year", "month", "metric"],
        ["numerator", "denominator"],
    )
    return len(inserted)


async def monthly(session: AsyncSession, *, org: str, year: int) -> Sequence[MetricValueRow]:
    """Every metric of an org for every month of a year."""
    stmt = (
        select(MetricValueRow)
        .where(MetricValueRow.org == org, MetricValueRow.year == year)
        .order_by(MetricValueRow.metric, MetricValueRow.month)
    )
    return (await session.scalars(stmt)).all()


async def yearly(
    session: AsyncSession, *, year: int, metrics: Sequence[str]
) -> dict[tuple[str, str], tuple[float, float]]:
    """(org, metric) → (numerator, denominator) summed over the year."""
    stmt = (
        select(
            MetricValueRow.org,
            MetricValueRow.metric,
            func.sum(MetricValueRow.numerator),
            func.sum(MetricValueRow.denominator),
        )
        .where(MetricValueRow.year == year, MetricValueRow.metric.in_(list(metrics)))
        .group_by(MetricValueRow.org, MetricValueRow.metric)
    )
    rows = (await session.execute(stmt)).all()
    return {(org, metric): (float(num), float(den)) for org, metric, num, den in rows}


async def event_ids(
    session: AsyncSession, *, org: str, year: int, metric: str
) -> list[dict[str, object]]:
    """The events that moved one metric of an org in a year, in the order they were applied."""
    stmt = (
        select(MetricEventRow)
        .where(
            MetricEventRow.org == org, MetricEventRow.year == year, MetricEventRow.metric == metric
        )
        .order_by(MetricEventRow.id)
    )
    return [
        {
            "ce_id": row.ce_id,
            "ce_type": row.ce_type,
            "month": row.month,
            "numerator": row.numerator,
            "denominator": row.denominator,
        }
        for row in (await session.scalars(stmt)).all()
    ]


async def snapshot(session: AsyncSession) -> list[tuple[object, ...]]:
    """Every metric value, sorted: what a replay must reproduce."""
    stmt = select(
        MetricValueRow.org,
        MetricValueRow.year,
        MetricValueRow.month,
        MetricValueRow.metric,
        MetricValueRow.numerator,
        MetricValueRow.denominator,
    ).order_by(MetricValueRow.org, MetricValueRow.year, MetricValueRow.month, MetricValueRow.metric)
    return [tuple(row) for row in (await session.execute(stmt)).all()]


async def by_org(
    session: AsyncSession, *, metric: str, year: int, month: int | None
) -> dict[str, tuple[float, float]]:
    """org → (numerator, denominator) of one metric in a year or one month of it."""
    stmt = select(
        MetricValueRow.org, func.sum(MetricValueRow.numerator), func.sum(MetricValueRow.denominator)
    ).where(MetricValueRow.metric == metric, MetricValueRow.year == year)
    if month is not None:
        stmt = stmt.where(MetricValueRow.month == month)
    rows = (await session.execute(stmt.group_by(MetricValueRow.org))).all()
    return {org: (float(num), float(den)) for org, num, den in rows}


async def lock_for_rebuild(session: AsyncSession) -> None:
    """Holds off every other writer of the projections until the rebuild commits (PostgreSQL;
    SQLite's single writer needs nothing)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("LOCK TABLE metric_events, metric_values IN EXCLUSIVE MODE"))


async def projected_orgs(session: AsyncSession) -> set[str]:
    orgs = set(await session.scalars(select(MetricValueRow.org).distinct()))
    return orgs | set(await session.scalars(select(MetricEventRow.org).distinct()))


async def clear(session: AsyncSession, orgs: Sequence[str] | None = None) -> None:
    """Deletes the projections of `orgs` (None: everyone's, before a whole replay)."""
    if orgs is None:
        await session.execute(delete(MetricEventRow))
        await session.execute(delete(MetricValueRow))
        return
    for start in range(0, len(orgs), 500):
        chunk = list(orgs[start : start + 500])
        await session.execute(delete(MetricEventRow).where(MetricEventRow.org.in_(chunk)))
        await session.execute(delete(MetricValueRow).where(MetricValueRow.org.in_(chunk)))


async def insert_events(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Bulk insert of contributing events (plain rows, no ORM identity map; COPY on PostgreSQL)."""
    await insert_rows(session, MetricEventRow, rows)


async def insert_values(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await insert_rows(session, MetricValueRow, rows)
