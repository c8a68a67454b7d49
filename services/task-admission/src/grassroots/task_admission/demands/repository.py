"""SQL for demands, their history and assignments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.lifecycle import locked
from grassroots.task_admission.demands.models import Demand, DemandAssignment, DemandHistory


async def get(session: AsyncSession, demand_id: str) -> Demand | None:
    """One demand."""
    return await session.get(Demand, demand_id)


async def get_for_update(session: AsyncSession, demand_id: str) -> Demand | None:
    """One demand about to change (row-locked where the database can)."""
    return await session.scalar(locked(select(Demand).where(Demand.id == demand_id)))


_LOCKED = "task_admission.locked_demand"


async def lock(
    session: AsyncSession, demand_id: str
) -> tuple[Demand, list[DemandAssignment]] | None:
    """The demand and its parts, row-locked, kept for the request's use case (`take_locked`):
    a route's declaration that locks them saves the use case reading them again."""
    demand = await get_for_update(session, demand_id)
    if demand is None:
        return None
    parts = await assignments(session, demand_id, for_update=True)
    session.info[_LOCKED] = (demand_id, demand, parts)
    return demand, parts


def take_locked(
    session: AsyncSession, demand_id: str
) -> tuple[Demand, list[DemandAssignment]] | None:
    """What `lock` read for `demand_id` in this transaction, once (a later read asks again)."""
    kept = session.info.pop(_LOCKED, None)
    if kept is None or kept[0] != demand_id:
        return None
    return kept[1], kept[2]


def add(session: AsyncSession, demand: Demand) -> None:
    """Adds a new demand."""
    session.add(demand)


def add_history(session: AsyncSession, entry: DemandHistory) -> None:
    """Appends a transition."""
    session.add(entry)


async def history(session: AsyncSession, demand_id: str) -> list[DemandHistory]:
    """Every transition of a demand, oldest first."""
    stmt = (
        select(DemandHistory).where(DemandHistory.demand_id == demand_id).order_by(DemandHistory.id)
    )
    return list((await session.scalars(stmt)).all())


async def assignments(
    session: AsyncSession, demand_id: str, *, for_update: bool = False
) -> list[DemandAssignment]:
    """The org units a demand reaches, as stored now (row-locked when about to change)."""
    stmt = (
        select(DemandAssignment)
        .where(DemandAssignment.demand_id == demand_id)
        .order_by(DemandAssignment.id)
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(locked(stmt) if for_update else stmt)).all())


async def assignments_of(
    session: AsyncSession, demand_ids: list[str]
) -> dict[str, list[DemandAssignment]]:
    """Assignments of several demands, by demand id."""
    out: dict[str, list[DemandAssignment]] = {d: [] for d in demand_ids}
    if demand_ids:
        stmt = (
            select(DemandAssignment)
            .where(DemandAssignment.demand_id.in_(demand_ids))
            .order_by(DemandAssignment.id)
        )
        for row in (await session.scalars(stmt)).all():
            out[row.demand_id].append(row)
    return out


def add_assignment(session: AsyncSession, row: DemandAssignment) -> None:
    """Adds an org unit the demand reaches."""
    session.add(row)


async def delete_inactive_assignments(session: AsyncSession, demand_id: str) -> None:
    """Drops the targets of a demand not yet admitted (before a resubmission replaces them)."""
    await session.execute(
        delete(DemandAssignment).where(
            DemandAssignment.demand_id == demand_id, DemandAssignment.active.is_(False)
        )
    )


async def activate_assignments(session: AsyncSession, demand_id: str) -> None:
    """Marks a demand's targets reached (on admission; nobody can act on them before)."""
    await session.execute(
        update(DemandAssignment)
        .where(DemandAssignment.demand_id == demand_id)
        .values(active=True, version=DemandAssignment.version + 1)
        .execution_options(synchronize_session=False)
    )


async def list_page(
    session: AsyncSession,
    *,
    county: str,
    filters: dict[str, Any],
    involving: str | None,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Demand]:
    """A page of a county's demands, newest first, filtered; with `involving`, only those the
    org submitted or that reached it (admitted, not withdrawn) or its villages."""
    stmt: Select[Demand] = select(Demand).where(Demand.county == county)
    for key in ("status", "kind", "submitter"):
        if filters.get(key):
            stmt = stmt.where(getattr(Demand, key) == filters[key])
    if filters.get("since"):
        stmt = stmt.where(Demand.created_at >= filters["since"])
    if filters.get("until"):
        stmt = stmt.where(Demand.created_at < filters["until"])
    if filters.get("target"):
        # any demand aimed at the org, whatever its outcome
        stmt = stmt.where(
            exists().where(
                DemandAssignment.demand_id == Demand.id,
                or_(
                    DemandAssignment.org == filters["target"],
                    DemandAssignment.parent == filters["target"],
                ),
            )
        )
    if involving:
        reached = exists().where(
            DemandAssignment.demand_id == Demand.id,
            DemandAssignment.active.is_(True),
            or_(DemandAssignment.org == involving, DemandAssignment.parent == involving),
        )
        stmt = stmt.where(or_(Demand.submitter == involving, reached))
    if after is not None:
        at, last_id = after
        stmt = stmt.where(
            or_(Demand.created_at < at, and_(Demand.created_at == at, Demand.id < last_id))
        )
    stmt = stmt.order_by(Demand.created_at.desc(), Demand.id.desc()).limit(limit)
    return list((await session.scalars(stmt)).all())


async def overdue_candidates(session: AsyncSession, today: date, limit: int) -> list[Any]:
    """Active assignments past their demand's deadline, not completed on time, not yet flagged."""
    stmt = (
        select(DemandAssignment, Demand)
        .join(Demand, Demand.id == DemandAssignment.demand_id)
        .where(
            DemandAssignment.active.is_(True),
            DemandAssignment.overdue_emitted_at.is_(None),
            Demand.deadline < today,
            Demand.status.in_(("admitted", "dispatched", "completed")),
            or_(DemandAssignment.completed_at.is_(None), DemandAssignment.on_time.is_(False)),
        )
        .order_by(DemandAssignment.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).all())


async def claim_overdue(session: AsyncSession, assignment_id: int, now: datetime) -> bool:
    """Sets the overdue marker if nobody did (another replica may race): True if this one won."""
    result = await session.execute(
        update(DemandAssignment)
        .where(DemandAssignment.id == assignment_id, DemandAssignment.overdue_emitted_at.is_(None))
        .values(overdue_emitted_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]
