"""SQL of periods and results."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.evaluation.periods.models import PeriodRow, ResultRow


async def closed(
    session: AsyncSession, *, county: str, year: int, direction: str
) -> PeriodRow | None:
    stmt = select(PeriodRow).where(
        PeriodRow.county == county, PeriodRow.year == year, PeriodRow.direction == direction
    )
    return (await session.scalars(stmt)).first()


async def all_closed(session: AsyncSession) -> Sequence[PeriodRow]:
    return (await session.scalars(select(PeriodRow).order_by(PeriodRow.id))).all()


async def results(
    session: AsyncSession, *, county: str, year: int, direction: str, org: str | None = None
) -> Sequence[ResultRow]:
    """A period's results by rank (then org code)."""
    stmt = select(ResultRow).where(
        ResultRow.county == county, ResultRow.year == year, ResultRow.direction == direction
    )
    if org is not None:
        stmt = stmt.where(ResultRow.org == org)
    return (await session.scalars(stmt.order_by(ResultRow.rank, ResultRow.org))).all()


async def results_of_org(session: AsyncSession, *, org: str, year: int) -> Sequence[ResultRow]:
    stmt = select(ResultRow).where(ResultRow.org == org, ResultRow.year == year)
    return (await session.scalars(stmt.order_by(ResultRow.direction))).all()


def add(session: AsyncSession, row: PeriodRow | ResultRow) -> None:
    session.add(row)
