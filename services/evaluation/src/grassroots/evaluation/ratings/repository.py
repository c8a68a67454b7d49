"""SQL of ratings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.evaluation.ratings.models import RatingRow


async def count(session: AsyncSession, *, county: str, year: int, direction: str) -> int:
    stmt = select(func.count()).where(
        RatingRow.county == county, RatingRow.year == year, RatingRow.direction == direction
    )
    return int(await session.scalar(stmt) or 0)


async def find(
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


async def of_period(
    session: AsyncSession, *, county: str, year: int, direction: str
) -> Sequence[RatingRow]:
    """Every rating of a period, in a stable order."""
    stmt = (
        select(RatingRow)
        .where(RatingRow.county == county, RatingRow.year == year, RatingRow.direction == direction)
        .order_by(RatingRow.ratee, RatingRow.indicator, RatingRow.id)
    )
    return (await session.scalars(stmt)).all()


def add(session: AsyncSession, row: RatingRow) -> None:
    session.add(row)
