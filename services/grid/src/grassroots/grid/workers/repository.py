"""All SQL of workers and duties."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.grid.workers.models import GridDutyRow, GridWorkerRow


async def workers_of(session: AsyncSession, grid_id: str) -> Sequence[GridWorkerRow]:
    stmt = (
        select(GridWorkerRow)
        .where(GridWorkerRow.grid_id == grid_id)
        .order_by(GridWorkerRow.created_at)
    )
    return (await session.scalars(stmt)).all()


async def duties_of(session: AsyncSession, grid_id: str) -> Sequence[GridDutyRow]:
    stmt = (
        select(GridDutyRow).where(GridDutyRow.grid_id == grid_id).order_by(GridDutyRow.created_at)
    )
    return (await session.scalars(stmt)).all()


async def works_in(session: AsyncSession, sub: str, grid_id: str) -> bool:
    """Whether the account `sub` is a worker of the grid."""
    stmt = select(GridWorkerRow.id).where(
        GridWorkerRow.sub == sub, GridWorkerRow.grid_id == grid_id
    )
    return (await session.scalars(stmt.limit(1))).first() is not None
