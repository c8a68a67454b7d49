"""Demand queries: one demand, its history, and pages of demands the caller may see."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import pagination
from grassroots.common.auth import Principal
from grassroots.common.problems import not_found
from grassroots.task_admission.access import wide
from grassroots.task_admission.demands import repository
from grassroots.task_admission.demands.access import SEE_DEMAND, target_of
from grassroots.task_admission.demands.models import Demand, DemandAssignment
from grassroots.task_admission.demands.schemas import DemandPage, DemandRead, HistoryEntry
from grassroots.task_admission.demands.views import read


async def get(session: AsyncSession, *, demand_id: str) -> DemandRead:
    """One demand (its route's declaration has let the caller see it)."""
    demand = await repository.get(session, demand_id)
    if demand is None:
        raise not_found("事项", demand_id)
    return read(demand, await repository.assignments(session, demand_id))


async def history(session: AsyncSession, *, demand_id: str) -> list[HistoryEntry]:
    """Every transition of a demand with actor and time."""
    await get(session, demand_id=demand_id)
    rows = await repository.history(session, demand_id)
    return [
        HistoryEntry(
            at=r.at,
            actor_sub=r.actor_sub,
            actor_org=r.actor_org,
            action=r.action,
            status_from=r.status_from,
            status_to=r.status_to,
            reason=r.reason,
            detail=r.detail,
        )
        for r in rows
    ]


async def list_(
    session: AsyncSession,
    *,
    principal: Principal,
    county: str,
    filters: dict[str, Any],
    cursor: str | None,
    limit: int,
) -> DemandPage:
    """Demands of a county the caller may see (each row as its item route would judge it),
    newest first, one page at a time."""
    # SQL narrows to the county and, for a caller not reading county-wide, to the demands it
    # submitted or that reached it; the item's declaration then decides each row
    involving = None if wide(SEE_DEMAND, principal) else principal.org
    after = pagination.decode(cursor)
    shown: list[tuple[Demand, list[DemandAssignment]]] = []
    while len(shown) <= limit:
        rows = await repository.list_page(
            session,
            county=county,
            filters=filters,
            involving=involving,
            after=after,
            limit=limit + 1,
        )
        by_demand = await repository.assignments_of(session, [d.id for d in rows])
        shown += [
            (d, by_demand[d.id])
            for d in rows
            if SEE_DEMAND.permits(principal, target_of(d, by_demand[d.id]))
        ]
        if len(rows) <= limit:
            break
        after = (rows[-1].created_at, rows[-1].id)
    page = shown[:limit]
    last = page[-1][0] if len(shown) > limit else None
    return DemandPage(
        items=[read(d, assignments) for d, assignments in page],
        next_cursor=pagination.encode(last.created_at, last.id) if last else None,
    )
