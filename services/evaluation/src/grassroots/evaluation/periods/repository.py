"""SQL of periods, their ratings and results."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.upsert import insert_ignore
from grassroots.common.lifecycle import locked
from grassroots.evaluation.periods.models import PeriodRow, RatingRow, ResultRow
from grassroots.evaluation.periods.rules import PERIOD


async def for_update(session: AsyncSession, *, county: str, year: int, direction: str) -> PeriodRow:
    """A period about to be rated or closed, opened if it was not yet, and locked: `FOR UPDATE`
    on PostgreSQL; on SQLite the INSERT … ON CONFLICT DO NOTHING takes the write lock, so the
    read after it sees every earlier rating or close."""
    key = {"county": county, "year": year, "direction": direction}
    await insert_ignore(
        session, PeriodRow, {**key, "status": PERIOD.initial[0], "version": 1}, [*key]
    )
    stmt = select(PeriodRow).filter_by(**key)
    return (await session.scalars(locked(stmt))).one()


async def closed(
    session: AsyncSession, *, county: str, year: int, direction: str
) -> PeriodRow | None:
    stmt = select(PeriodRow).where(
        PeriodRow.county == county,
        PeriodRow.year == year,
        PeriodRow.direction == direction,
        PeriodRow.status == "closed",
    )
    return (await session.scalars(stmt)).first()


async def all_closed(session: AsyncSession) -> Sequence[PeriodRow]:
    stmt = select(PeriodRow).where(PeriodRow.status == "closed").order_by(PeriodRow.id)
    return (await session.scalars(stmt)).all()


async def results(
    session: AsyncSession, *, county: str, year: int, direction: str, org: str | None = None
) -> Sequence[ResultRow]:
    """A period's results by rank (then org code; the orgs without a rank last)."""
    stmt = select(ResultRow).where(
        ResultRow.county == county, ResultRow.year == year, ResultRow.direction == direction
    )
    if org is not None:
        stmt = stmt.where(ResultRow.org == org)
    ordered = stmt.order_by(ResultRow.rank.is_(None), ResultRow.rank, ResultRow.org)
    return (await session.scalars(ordered)).all()


async def results_of_org(session: AsyncSession, *, org: str, year: int) -> Sequence[ResultRow]:
    stmt = select(ResultRow).where(ResultRow.org == org, ResultRow.year == year)
    return (await session.scalars(stmt.order_by(ResultRow.direction))).all()


def add(session: AsyncSession, row: ResultRow) -> None:
    session.add(row)


async def find_rating(
    session: AsyncSession,
    *,
    county: str,
    year: int,
    direction: str,
    rater: str,
    ratee: str,
    indicator: str,
) -> RatingRow | None:
    stmt = select(RatingRow).where(
        RatingRow.county == county,
        RatingRow.year == year,
        RatingRow.direction == direction,
        RatingRow.rater == rater,
        RatingRow.ratee == ratee,
        RatingRow.indicator == indicator,
    )
    return (await session.scalars(stmt)).first()


async def ratings_of(
    session: AsyncSession, *, county: str, year: int, direction: str
) -> Sequence[RatingRow]:
    """Every rating of a period, in a stable order."""
    stmt = (
        select(RatingRow)
        .where(RatingRow.county == county, RatingRow.year == year, RatingRow.direction == direction)
        .order_by(RatingRow.ratee, RatingRow.indicator, RatingRow.id)
    )
    return (await session.scalars(stmt)).all()


def add_rating(session: AsyncSession, row: RatingRow) -> None:
    session.add(row)
