"""The whistle overdue scan: `whistle.overdue` once per department that has not answered in time,
claimed by a conditional UPDATE of the call (`repository.claim_overdue`, one replica wins)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.app.periodic import mark_each
from grassroots.common.db.session import Database
from grassroots.common.events.grid import WhistleOverdue
from grassroots.common.messaging.outbox import add_event
from grassroots.grid.whistles import repository
from grassroots.grid.whistles.models import WhistleCallRow

BATCH = 500


async def scan_whistles_overdue(database: Database, now: datetime) -> int:
    """Emits `whistle.overdue` once per late call; the number emitted."""

    async def late(session: AsyncSession) -> list[WhistleCallRow]:
        return list(await repository.late_calls(session, now, BATCH))

    async def mark(session: AsyncSession, call: WhistleCallRow) -> bool:
        if not await repository.claim_overdue(session, call.id, now):
            return False
        whistle = await repository.get(session, call.whistle_id)
        assert whistle is not None
        add_event(
            session,
            WhistleOverdue(
                whistle_id=whistle.id,
                township=whistle.township,
                department=call.department,
                due_at=call.due_at,
            ),
        )
        return True

    return len(await mark_each(database, late, mark))
