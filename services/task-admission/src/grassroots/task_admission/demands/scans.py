"""The demand overdue scan: `demand.overdue` once per org past the deadline, safe with several
replicas. Not a transition (neither the demand's nor the org's state changes): a marker, claimed
by a conditional UPDATE of the org's part (`repository.claim_overdue`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import clock
from grassroots.common.app.periodic import mark_each, periodic
from grassroots.common.app.runtime import Runtime
from grassroots.common.db import Database, utcnow
from grassroots.common.events.admission import DemandOverdue
from grassroots.common.messaging.outbox import add_event
from grassroots.task_admission.demands import history, repository
from grassroots.task_admission.demands.models import Demand, DemandAssignment

SCANNER = "system:overdue-scanner"
Late = tuple[DemandAssignment, Demand]


async def scan_overdue(database: Database, now: datetime, batch: int = 500) -> int:
    """Emits `demand.overdue` once per org past the deadline; the number emitted."""
    today = clock.china_date(now)

    async def late(session: AsyncSession) -> list[Late]:
        return [(a, d) for a, d in await repository.overdue_candidates(session, today, batch)]

    async def mark(session: AsyncSession, late: Late) -> bool:
        assignment, demand = late
        if not await repository.claim_overdue(session, assignment.id, now):
            return False
        add_event(
            session,
            DemandOverdue(**demand.event_fields(), org=assignment.org, deadline=demand.deadline),
        )
        repository.add_history(
            session,
            history.entry(
                demand.id,
                at=now,
                actor_sub=SCANNER,
                actor_org=demand.county,
                action="overdue",
                status_from=demand.status,
                status_to=demand.status,
                detail={"org": assignment.org, "assignment": [assignment.status] * 2},
            ),
        )
        return True

    return len(await mark_each(database, late, mark))


async def _scan(runtime: Runtime) -> int:
    return await scan_overdue(runtime.database, utcnow())


overdue_loop = periodic("demand overdue scan", "overdue_scan_seconds", _scan)
