"""SQL of inspection plans."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.lifecycle import locked
from grassroots.evaluation.inspection_plans.models import InspectionPlanRow


async def get(session: AsyncSession, plan_id: str) -> InspectionPlanRow | None:
    return await session.get(InspectionPlanRow, plan_id)


async def get_for_update(session: AsyncSession, plan_id: str) -> InspectionPlanRow | None:
    """A plan about to be decided, row-locked where the database can."""
    stmt = select(InspectionPlanRow).where(InspectionPlanRow.id == plan_id)
    return await session.scalar(locked(stmt))


async def list_for(
    session: AsyncSession,
    *,
    county: str,
    year: int | None,
    status: str | None,
) -> Sequence[InspectionPlanRow]:
    stmt = select(InspectionPlanRow).where(InspectionPlanRow.county == county)
    if year is not None:
        stmt = stmt.where(InspectionPlanRow.year == year)
    if status is not None:
        stmt = stmt.where(InspectionPlanRow.status == status)
    return (await session.scalars(stmt.order_by(InspectionPlanRow.registered_at))).all()


async def approved_counts(session: AsyncSession, *, county: str, year: int) -> dict[str, int]:
    """Approved plans per township in a year (townships are a JSON list, counted here)."""
    rows = await list_for(session, county=county, year=year, status="approved")
    counts: dict[str, int] = {}
    for row in rows:
        for township in row.townships:
            counts[township] = counts.get(township, 0) + 1
    return counts


def add(session: AsyncSession, row: InspectionPlanRow) -> None:
    session.add(row)
