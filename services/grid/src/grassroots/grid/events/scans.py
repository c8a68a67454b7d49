"""Overdue detection: a step past its limit emits `grid.event.overdue` once and escalates to the
township. Being overdue is a marker of the running step, not a state of `GRID_EVENT`, so it is
not a transition: the claim is the conditional UPDATE of `overdue_step` (`repository.
claim_overdue`), which one replica wins and which matches nothing once the event moved on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.app.periodic import mark_each
from grassroots.common.db.session import Database
from grassroots.common.events.grid import GridEventOverdue
from grassroots.common.messaging.outbox import add_event
from grassroots.grid.events import repository
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.events.rules import NEXT_STEP

BATCH = 500


async def scan_overdue(database: Database, now: datetime) -> int:
    """Emits one overdue event per late step not yet reported; the number emitted."""

    async def late(session: AsyncSession) -> list[GridEventRow]:
        rows = await repository.overdue_candidates(session, now, BATCH)
        return [r for r in rows if _late_step(r) is not None]

    async def mark(session: AsyncSession, row: GridEventRow) -> bool:
        step = _late_step(row)
        assert step is not None and row.due_at is not None
        if not await repository.claim_overdue(session, row.id, row.status, step):
            return False
        add_event(
            session,
            GridEventOverdue(
                grid_event_id=row.id,
                township=row.township,
                grid_id=row.grid_id,
                category=row.category,
                urgency=row.urgency,
                at=now,
                actor=None,
                step=step,  # type: ignore[arg-type]
                due_at=row.due_at,
                escalated_to=row.township,
            ),
        )
        return True

    return len(await mark_each(database, late, mark))


def _late_step(row: GridEventRow) -> str | None:
    """The running step of a late event, unless it was already reported."""
    step = NEXT_STEP.get(row.status)
    if step is None or row.due_at is None or row.overdue_step == step:
        return None
    return step
