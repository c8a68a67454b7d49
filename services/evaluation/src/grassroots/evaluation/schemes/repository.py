"""SQL of schemes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.lifecycle import locked
from grassroots.evaluation.schemes.models import SchemeRow


async def get(session: AsyncSession, scheme_id: str) -> SchemeRow | None:
    return await session.get(SchemeRow, scheme_id)


async def get_for_update(session: AsyncSession, scheme_id: str) -> SchemeRow | None:
    """A scheme about to change, row-locked where the database can."""
    return await session.scalar(locked(select(SchemeRow).where(SchemeRow.id == scheme_id)))


def _of_period(county: str, year: int, direction: str) -> Select[SchemeRow]:
    return select(SchemeRow).where(
        SchemeRow.county == county, SchemeRow.year == year, SchemeRow.direction == direction
    )


async def of_period(
    session: AsyncSession, *, county: str, year: int, direction: str
) -> SchemeRow | None:
    """The scheme of one county, year and direction."""
    return (await session.scalars(_of_period(county, year, direction))).first()


async def of_period_for_update(
    session: AsyncSession, *, county: str, year: int, direction: str
) -> SchemeRow | None:
    """The scheme of a period about to be rated or closed (it may freeze), row-locked."""
    return await session.scalar(locked(_of_period(county, year, direction)))


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
