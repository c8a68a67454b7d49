"""SQL for the burden ledger: what reached one org in a period."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.task_admission.demands.models import Demand, DemandAssignment, DemandHistory
from grassroots.task_admission.forms.models import Filling


async def reached(session: AsyncSession, org: str, start: datetime, end: datetime) -> list[Any]:
    """(demand, assignment) pairs of demands created in the period that target the org."""
    stmt = (
        select(Demand, DemandAssignment)
        .join(DemandAssignment, DemandAssignment.demand_id == Demand.id)
        .where(DemandAssignment.org == org, Demand.created_at >= start, Demand.created_at < end)
    )
    return list((await session.execute(stmt)).all())


async def ever_returned(session: AsyncSession, demand_ids: list[str]) -> set[str]:
    """Which of these demands were returned at some point."""
    if not demand_ids:
        return set()
    stmt = select(DemandHistory.demand_id).where(
        DemandHistory.demand_id.in_(demand_ids), DemandHistory.status_to == "returned"
    )
    return set((await session.scalars(stmt)).all())


async def submitted_fillings(
    session: AsyncSession, org: str, start: datetime, end: datetime
) -> list[Filling]:
    """The org's fillings submitted in the period."""
    stmt = select(Filling).where(
        Filling.org == org,
        Filling.status == "submitted",
        Filling.submitted_at >= start,
        Filling.submitted_at < end,
    )
    return list((await session.scalars(stmt)).all())
