"""All SQL of whistles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.lifecycle import locked
from grassroots.grid.whistles.models import WhistleCallRow, WhistleRow


async def get(session: AsyncSession, whistle_id: str) -> WhistleRow | None:
    return await session.get(WhistleRow, whistle_id)


async def get_for_update(session: AsyncSession, whistle_id: str) -> WhistleRow | None:
    """The whistle about to change: locked, so a whistle's answers queue (PostgreSQL)."""
    return await session.scalar(locked(select(WhistleRow).where(WhistleRow.id == whistle_id)))


async def call_for_update(
    session: AsyncSession, whistle_id: str, department: str
) -> WhistleCallRow | None:
    """One department's call about to be answered, locked."""
    stmt = select(WhistleCallRow).where(
        WhistleCallRow.whistle_id == whistle_id, WhistleCallRow.department == department
    )
    return await session.scalar(locked(stmt))


async def unanswered(session: AsyncSession, whistle_id: str) -> int:
    """How many calls of a whistle wait for an answer (read now, not from the session)."""
    stmt = select(func.count()).where(
        WhistleCallRow.whistle_id == whistle_id, WhistleCallRow.status != "answered"
    )
    return (await session.scalar(stmt)) or 0


async def calls(session: AsyncSession, whistle_id: str) -> Sequence[WhistleCallRow]:
    stmt = select(WhistleCallRow).where(WhistleCallRow.whistle_id == whistle_id)
    return (await session.scalars(stmt.order_by(WhistleCallRow.department))).all()


async def late_calls(session: AsyncSession, now: datetime, limit: int) -> Sequence[WhistleCallRow]:
    stmt = (
        select(WhistleCallRow)
        .where(
            WhistleCallRow.answered_at.is_(None),
            WhistleCallRow.overdue_at.is_(None),
            WhistleCallRow.due_at < now,
        )
        .order_by(WhistleCallRow.due_at)
        .limit(limit)
    )
    return (await session.scalars(stmt)).all()


async def claim_overdue(session: AsyncSession, call_id: int, now: datetime) -> bool:
    """Marks a call overdue once: the conditional UPDATE makes two replicas safe. The marker is
    not a state of `WHISTLE_CALL` and leaves its version alone; an answer racing it still applies
    (on PostgreSQL this UPDATE waits for the answer's lock and then matches no row)."""
    stmt = (
        update(WhistleCallRow)
        .where(
            WhistleCallRow.id == call_id,
            WhistleCallRow.overdue_at.is_(None),
            WhistleCallRow.answered_at.is_(None),
        )
        .values(overdue_at=now)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(stmt)).rowcount == 1  # type: ignore[attr-defined]


async def list_whistles(
    session: AsyncSession,
    *,
    county: str | None,
    township: str | None,
    department: str | None,
    status: str | None,
    limit: int,
) -> Sequence[WhistleRow]:
    """Newest first: a county's (townships under its code), narrowed to a township or to the
    whistles calling a department."""
    stmt = select(WhistleRow)
    if county:
        stmt = stmt.where(WhistleRow.township.startswith(county[:6]))
    if township:
        stmt = stmt.where(WhistleRow.township == township)
    if department:
        called = select(WhistleCallRow.whistle_id).where(WhistleCallRow.department == department)
        stmt = stmt.where(WhistleRow.id.in_(called))
    if status:
        stmt = stmt.where(WhistleRow.status == status)
    stmt = stmt.order_by(WhistleRow.created_at.desc(), WhistleRow.id).limit(limit)
    return (await session.scalars(stmt)).all()
