"""Demand progress (派发、接收、办结): dispatch to villages, receipts, completion, overdue scan."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions
from grassroots.common.auth import Principal
from grassroots.common.db import Database, utcnow
from grassroots.common.events.admission import (
    DemandCompleted,
    DemandDispatched,
    DemandOverdue,
    DemandReceived,
)
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import conflict, unprocessable
from grassroots.task_admission.demands import access, repository
from grassroots.task_admission.demands.models import Demand, DemandAssignment, DemandHistory
from grassroots.task_admission.demands.schemas import DemandRead

SERVICE = "task-admission"
SCANNER = "system:overdue-scanner"
IN_PROGRESS = ("admitted", "dispatched")
log = logging.getLogger(__name__)


def _note(
    session: AsyncSession,
    principal: Principal,
    demand: Demand,
    action: str,
    now: datetime,
    detail: dict[str, Any],
) -> None:
    repository.add_history(
        session,
        DemandHistory(
            demand_id=demand.id,
            at=now,
            actor_sub=principal.sub,
            actor_org=principal.org,
            action=action,
            status_from=demand.status,
            status_to=demand.status,
            reason=None,
            detail=detail,
        ),
    )
    audit.record(
        session, principal, entity="demand", entity_id=demand.id, action=action, changes=detail
    )


async def _load(
    session: AsyncSession, principal: Principal, demand_id: str, now: datetime
) -> tuple[Demand, list[DemandAssignment]]:
    demand = await repository.get(session, demand_id)
    assignments = await repository.assignments(session, demand_id) if demand else []
    county = await access.county_of(session, principal, access.local_today(now))
    demand = access.ensure_visible(principal, county, demand, assignments)
    if demand.status not in (*IN_PROGRESS, "completed"):
        raise conflict("E-DEMAND-STATE", "事项未准入或已终结,不能办理", f"当前状态 {demand.status}")
    return demand, assignments


def _own_assignment(
    principal: Principal, org: str | None, assignments: list[DemandAssignment]
) -> DemandAssignment:
    wanted = org or principal.org
    if wanted != principal.org:
        raise access.forbidden("只能为本单位签收或报告办结")
    for a in assignments:
        if a.org == wanted and a.active:
            return a
    raise access.forbidden("该事项未派发给本单位")


async def dispatch(
    session: AsyncSession,
    *,
    principal: Principal,
    demand_id: str,
    villages: list[str],
    now: datetime,
) -> DemandRead:
    """乡镇派发: the township passes an admitted demand on to its own villages."""
    demand, assignments = await _load(session, principal, demand_id, now)
    own = _own_assignment(principal, None, assignments)
    if demand.target_level != "township" or demand.status == "completed":
        raise conflict("E-DEMAND-STATE", "该事项不能再派发到村(社区)")
    document = await catalog_versions.active_document(
        session, demand.county, access.local_today(now)
    )
    ours = {v.code for v in document.villages_of(own.org)} if document else set()
    foreign = [v for v in villages if v not in ours]
    if foreign:
        raise unprocessable(
            "E-VILLAGE-NOT-OURS", "只能派发给本乡镇(街道)所辖村(社区)", "、".join(foreign)
        )
    existing = {a.org for a in assignments}
    fresh = [v for v in dict.fromkeys(villages) if v not in existing]
    for village in fresh:
        repository.add_assignment(
            session,
            DemandAssignment(
                demand_id=demand.id,
                org=village,
                level="village",
                parent=own.org,
                active=True,
                dispatched_at=now,
            ),
        )
    own.dispatched_at = own.dispatched_at or now
    own.received_at = own.received_at or now
    if fresh:
        demand.status = "dispatched"
        demand.revision += 1
        demand.updated_at = now
        _note(session, principal, demand, "dispatch", now, {"villages": fresh})
        add_event(
            session,
            DemandDispatched(**demand.event_fields(), township=own.org, villages=fresh),
            SERVICE,
        )
    await session.flush()
    return access.read(demand, await repository.assignments(session, demand.id))


async def receive(
    session: AsyncSession, *, principal: Principal, demand_id: str, org: str | None, now: datetime
) -> DemandRead:
    """签收: a township or village acknowledges a demand (once; repeats change nothing)."""
    demand, assignments = await _load(session, principal, demand_id, now)
    own = _own_assignment(principal, org, assignments)
    if own.received_at is None:
        own.received_at = now
        _note(session, principal, demand, "receive", now, {"org": own.org})
        add_event(session, DemandReceived(**demand.event_fields(), org=own.org), SERVICE)
    await session.flush()
    return access.read(demand, assignments)


async def complete(
    session: AsyncSession,
    *,
    principal: Principal,
    demand_id: str,
    org: str | None,
    summary: str,
    now: datetime,
) -> DemandRead:
    """办结: a township or village reports its part done; on time unless past the deadline."""
    demand, assignments = await _load(session, principal, demand_id, now)
    own = _own_assignment(principal, org, assignments)
    if own.completed_at is not None:
        raise conflict("E-ALREADY-COMPLETED", "本单位已报告办结")
    own.received_at = own.received_at or now
    own.completed_at = now
    own.summary = summary
    own.on_time = access.local_today(now) <= demand.deadline and own.overdue_emitted_at is None
    if all(a.completed_at is not None for a in assignments if a.active):
        demand.status = "completed"
    demand.revision += 1
    demand.updated_at = now
    _note(session, principal, demand, "complete", now, {"org": own.org, "on_time": own.on_time})
    add_event(
        session,
        DemandCompleted(
            **demand.event_fields(),
            org=own.org,
            deadline=demand.deadline,
            completed_at=now,
            on_time=own.on_time,
        ),
        SERVICE,
    )
    await session.flush()
    return access.read(demand, assignments)


async def scan_overdue(database: Database, now: datetime, batch: int = 500) -> int:
    """Emits `demand.overdue` once per org past the deadline; safe with several replicas."""
    today = access.local_today(now)
    emitted = 0
    async with database.transaction() as session:
        for assignment, demand in await repository.overdue_candidates(session, today, batch):
            # The conditional UPDATE is the claim: a replica that loses the race emits nothing.
            if not await repository.claim_overdue(session, assignment.id, now):
                continue
            add_event(
                session,
                DemandOverdue(
                    **demand.event_fields(), org=assignment.org, deadline=demand.deadline
                ),
                SERVICE,
            )
            repository.add_history(
                session,
                DemandHistory(
                    demand_id=demand.id,
                    at=now,
                    actor_sub=SCANNER,
                    actor_org=demand.county,
                    action="overdue",
                    status_from=demand.status,
                    status_to=demand.status,
                    reason=None,
                    detail={"org": assignment.org},
                ),
            )
            emitted += 1
    return emitted


async def overdue_loop(runtime: Any) -> None:
    """Background loop: scans for overdue demands every `overdue_scan_seconds`."""
    interval = getattr(runtime.settings, "overdue_scan_seconds", 60)
    while True:
        try:
            if await scan_overdue(runtime.database, utcnow()):
                runtime.wake_relay()
        except asyncio.CancelledError:
            raise
        except Exception:  # the loop must outlive a database hiccup
            log.exception("overdue scan failed")
        await asyncio.sleep(interval)
