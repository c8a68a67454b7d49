"""SQL of cases and overdue markers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.base import utcnow
from grassroots.common.db.upsert import insert_ignore
from grassroots.common.lifecycle import locked
from grassroots.enforcement.cases.models import Case, CaseOverdue


async def add(session: AsyncSession, case: Case) -> None:
    session.add(case)
    await session.flush()


async def get(session: AsyncSession, case_id: str) -> Case | None:
    return (await session.scalars(select(Case).where(Case.id == case_id))).first()


async def get_for_update(session: AsyncSession, case_id: str) -> Case | None:
    """A case about to change: FOR UPDATE on PostgreSQL, so commands on it queue."""
    return (await session.scalars(locked(select(Case).where(Case.id == case_id)))).first()


async def by_grid_event(session: AsyncSession, grid_event_id: str) -> Case | None:
    return (await session.scalars(select(Case).where(Case.grid_event_id == grid_event_id))).first()


async def page(
    session: AsyncSession, *, township: str, state: str | None, after: str | None, limit: int
) -> Sequence[Case]:
    """Cases of a township by id (the cursor), optionally in one state."""
    stmt = select(Case).where(Case.township == township)
    if state is not None:
        stmt = stmt.where(Case.state == state)
    if after is not None:
        stmt = stmt.where(Case.id > after)
    return (await session.scalars(stmt.order_by(Case.id).limit(limit))).all()


def _unmarked(limit: str) -> ColumnElement[bool]:
    marked = select(CaseOverdue.id).where(
        CaseOverdue.case_id == Case.id, CaseOverdue.limit_name == limit
    )
    return ~exists(marked)


async def overdue_candidates(
    session: AsyncSession, *, cutoffs: dict[str, tuple[tuple[str, ...], datetime]]
) -> Sequence[Case]:
    """Cases that may have passed a limit not yet reported: {limit: (states, started before)}.

    The cutoffs are in calendar days, never later than the legal due date, so the exact
    check (working days, extensions) happens in the rules on far fewer rows.
    """
    started = {
        "filing": Case.discovered_at,
        "decision": Case.filed_at,
        "service": Case.decided_at,
        "payment": Case.served_at,
    }
    conditions = [
        and_(Case.state.in_(states), started[limit] < before, _unmarked(limit))
        for limit, (states, before) in cutoffs.items()
    ]
    return (await session.scalars(select(Case).where(or_(*conditions)))).all()


async def overdue_marked(session: AsyncSession, case_ids: Sequence[str]) -> set[tuple[str, str]]:
    """(case id, limit) pairs already reported overdue."""
    if not case_ids:
        return set()
    stmt = select(CaseOverdue.case_id, CaseOverdue.limit_name).where(
        CaseOverdue.case_id.in_(list(case_ids))
    )
    return {(row[0], row[1]) for row in (await session.execute(stmt)).all()}


async def mark_overdue(
    session: AsyncSession, *, case_id: str, township: str, limit: str, due: date
) -> bool:
    """Marks a limit passed; False if another scanner (replica) marked it first."""
    values = {
        "case_id": case_id,
        "township": township,
        "limit_name": limit,
        "due": due,
        "detected_at": utcnow(),
    }
    return await insert_ignore(session, CaseOverdue, values, ["case_id", "limit_name"])
