"""Overdue detection: a step past its limit emits `grid.event.overdue` once and escalates to the
township. Being overdue is a marker of the running step, not a state of `GRID_EVENT`, so it is
not a transition: the claim is the conditional UPDATE of `overdue_step` (`repository.
claim_overdue`), which one replica wins and which matches nothing once the event moved on."""

from __future__ import annotations

from datetime import datetime

from grassroots.common.db.session import Database
from grassroots.common.events.grid import GridEventOverdue
from grassroots.common.messaging.outbox import add_event
from grassroots.grid.events import repository
from grassroots.grid.events.rules import NEXT_STEP

BATCH = 500


async def scan_overdue(database: Database, now: datetime) -> int:
    """Emits one overdue event per late step not yet reported; the number emitted."""
    emitted = 0
    async with database.transaction() as session:
        for row in await repository.overdue_candidates(session, now, BATCH):
            step = NEXT_STEP.get(row.status)
            if step is None or row.due_at is None or row.overdue_step == step:
                continue
            if not await repository.claim_overdue(session, row.id, row.status, step):
                continue
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
            emitted += 1
    return emitted
