"""All SQL of grid events and time-limit policies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.lifecycle import locked
from grassroots.grid.events.models import GridEventRow, GridEventStepRow, TimeLimitPolicyRow


async def get(session: AsyncSession, event_id: str) -> GridEventRow | None:
    return await session.get(GridEventRow, event_id)


async def get_for_update(session: AsyncSession, event_id: str) -> GridEventRow | None:
    """The load of an event about to change (row-locked where the database can)."""
    return await session.scalar(locked(select(GridEventRow).where(GridEventRow.id == event_id)))


async def history(session: AsyncSession, event_id: str) -> Sequence[GridEventStepRow]:
    stmt = select(GridEventStepRow).where(GridEventStepRow.event_id == event_id)
    return (await session.scalars(stmt.order_by(GridEventStepRow.id))).all()


async def list_events(
    session: AsyncSession,
    *,
    county: str | None,
    townships: Sequence[str] | None,
    statuses: Sequence[str] | None,
    category: str | None,
    since: datetime | None,
    until: datetime | None,
    ids: Sequence[str] | None,
    limit: int,
    after: tuple[datetime, str] | None = None,
    categories: Sequence[str] | None = None,
) -> Sequence[GridEventRow]:
    """Newest first; `after` is the (created_at, id) of the last row of the previous page."""
    stmt = select(GridEventRow)
    if after is not None:
        stmt = stmt.where(
            or_(
                GridEventRow.created_at < after[0],
                and_(GridEventRow.created_at == after[0], GridEventRow.id < after[1]),
            )
        )
    if county is not None:
        stmt = stmt.where(GridEventRow.county == county)
    if townships is not None:
        stmt = stmt.where(GridEventRow.township.in_(townships))
    if statuses:
        stmt = stmt.where(GridEventRow.status.in_(statuses))
    if category:
        stmt = stmt.where(GridEventRow.category == category)
    if categories:
        stmt = stmt.where(GridEventRow.category.in_(categories))
    if since:
        stmt = stmt.where(GridEventRow.created_at >= since)
    if until:
        stmt = stmt.where(GridEventRow.created_at <= until)
    if ids:
        stmt = stmt.where(GridEventRow.id.in_(ids))
    stmt = stmt.order_by(GridEventRow.created_at.desc(), GridEventRow.id.desc()).limit(limit)
    return (await session.scalars(stmt)).all()


async def policy_table(session: AsyncSession, county: str) -> dict[tuple[str, str], dict[str, Any]]:
    rows = (
        await session.scalars(select(TimeLimitPolicyRow).where(TimeLimitPolicyRow.county == county))
    ).all()
    return {(r.category, r.urgency): r.limits for r in rows}


async def upsert_policy(
    session: AsyncSession, county: str, category: str, urgency: str, limits: dict[str, Any], by: str
) -> None:
    stmt = select(TimeLimitPolicyRow).where(
        TimeLimitPolicyRow.county == county,
        TimeLimitPolicyRow.category == category,
        TimeLimitPolicyRow.urgency == urgency,
    )
    row = (await session.scalars(stmt)).first()
    if row is None:
        session.add(
            TimeLimitPolicyRow(
                county=county, category=category, urgency=urgency, limits=limits, updated_by=by
            )
        )
    else:
        row.limits = limits
        row.updated_by = by
    await session.flush()


async def overdue_candidates(
    session: AsyncSession, now: datetime, limit: int
) -> Sequence[GridEventRow]:
    """Open events whose current step is past due (the marker is checked when claiming)."""
    stmt = (
        select(GridEventRow)
        .where(GridEventRow.status != "closed", GridEventRow.due_at < now)
        .order_by(GridEventRow.due_at)
        .limit(limit)
    )
    return (await session.scalars(stmt)).all()


async def claim_overdue(session: AsyncSession, event_id: str, status: str, step: str) -> bool:
    """Marks the step overdue once; False if another replica (or an earlier scan) already did,
    or the event moved on meanwhile. The marker is not a state of `GRID_EVENT` and leaves the
    version (the ETag) alone; on PostgreSQL the UPDATE waits for a transition holding the row
    and then re-checks `status`, on SQLite writes are serialised."""
    stmt = (
        update(GridEventRow)
        .where(
            GridEventRow.id == event_id,
            GridEventRow.status == status,
            or_(GridEventRow.overdue_step.is_(None), GridEventRow.overdue_step != step),
        )
        .values(overdue_step=step, any_overdue=True)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return result.rowcount == 1  # type: ignore[attr-defined]
