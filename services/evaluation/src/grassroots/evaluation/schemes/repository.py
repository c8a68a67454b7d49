"""SQL of schemes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.evaluation.schemes.models import SchemeRow


async def get(session: AsyncSession, scheme_id: str) -> SchemeRow | None:
    return await session.get(SchemeRow, scheme_id)


async def of_period(
    session: AsyncSession, *, county: str, year: int, direction: str
) -> SchemeRow | None:
    """The scheme of one county, year and direction."""
    stmt = select(SchemeRow).where(
        SchemeRow.county == county, SchemeRow.year == year, SchemeRow.direction == direction
    )
    return (await session.scalars(stmt)).first()


async def list_for(
    session: AsyncSession, *, county: str, year: int | None, direction: str | None
) -> Sequence[SchemeRow]:
    stmt = select(SchemeRow).where(SchemeRow.county == county)
    if year is not None:
        stmt = stmt.where(SchemeRow.year == year)
    if direction is not None:
        stmt = stmt.where(SchemeRow.direction == direction)
    return (await session.scalars(stmt.order_by(SchemeRow.year, SchemeRow.direction))).all()


def add(session: AsyncSession, row: SchemeRow) -> None:
    session.add(row)
