"""Demand progress (派发、接收、办结): dispatch to villages, receipts, completion (the overdue
scan: `scans.py`).

Each org's part is its own aggregate (rules.ASSIGNMENT), so two villages signing at once do not
conflict; the demand row is locked first all the same (PostgreSQL: one org's step at a time per
demand), so the last part reported done completes the demand (rules.DEMAND) exactly once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.events.admission import (
    DemandCompleted,
    DemandDispatched,
    DemandReceived,
)
from grassroots.common.lifecycle import Change, Edge, HistoryWriter, Lifecycle, transition
from grassroots.common.lifecycle.engine import Step
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.codes import ORG_NOT_CALLER
from grassroots.task_admission.demands import history, repository, rules
from grassroots.task_admission.demands.models import Demand, DemandAssignment
from grassroots.task_admission.demands.rules import ASSIGNMENT, DEMAND
from grassroots.task_admission.demands.schemas import DemandRead
from grassroots.task_admission.demands.views import read

log = logging.getLogger(__name__)


async def _load(session: AsyncSession, demand_id: str) -> tuple[Demand, list[DemandAssignment]]:
    """The demand and its parts, locked (its route's declaration has let the caller act on it:
    the caller's org holds an active part)."""
    loaded = repository.take_locked(session, demand_id) or await repository.lock(session, demand_id)
    if loaded is None:
        raise not_found("事项", demand_id)
    demand, assignments = loaded
    rules.check_in_progress(demand.status)
    return demand, assignments


def _own_assignment(
    principal: Principal, org: str | None, assignments: list[DemandAssignment]
) -> DemandAssignment:
    if org not in (None, principal.org):  # the body's `org` can only name the caller's own
        raise ProblemError(ORG_NOT_CALLER, None, org, path="org")
    for a in assignments:
        if a.org == principal.org and a.active:
            return a
    # only when a withdrawal took the part away since the declaration was checked
    raise not_found("事项", assignments[0].demand_id if assignments else "")


async def dispatch(
    session: AsyncSession,
    *,
    principal: Principal,
    demand_id: str,
    villages: list[str],
    now: datetime,
) -> DemandRead:
    """乡镇派发: the township passes an admitted demand on to its own villages."""
    demand, assignments = await _load(session, demand_id)
    own = _own_assignment(principal, None, assignments)
    document = await catalog_versions.active_document(session, demand.county, clock.china_date(now))
    ours = {v.code for v in document.villages_of(own.org)} if document else set()
    reached = {a.org for a in assignments}

    async def step(edge: Edge) -> Change:
        fresh = [v for v in dict.fromkeys(villages) if v not in reached]
        foreign = [v for v in villages if v not in ours]
        rules.check_dispatch(level=demand.target_level, foreign=foreign, fresh=fresh)
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
        if ASSIGNMENT.allows(own.status, "dispatch"):
            await _step(session, principal, ASSIGNMENT, own, "dispatch", now=now)
        own.received_at = own.received_at or now
        own.dispatched_at = own.dispatched_at or now
        demand.updated_at = now
        dispatched = DemandDispatched(**demand.event_fields(), township=own.org, villages=fresh)
        return Change(detail={"villages": fresh}, events=[dispatched])

    await _step(
        session, principal, DEMAND, demand, "dispatch", now=now, step=step, writer=history.of_demand
    )
    return read(demand, await repository.assignments(session, demand.id))


async def receive(
    session: AsyncSession, *, principal: Principal, demand_id: str, org: str | None, now: datetime
) -> DemandRead:
    """签收: a township or village acknowledges a demand, once (a repeat is a conflict)."""
    demand, assignments = await _load(session, demand_id)
    own = _own_assignment(principal, org, assignments)

    async def step(edge: Edge) -> Change:
        own.received_at = now
        return Change(events=[DemandReceived(**demand.event_fields(), org=own.org)])

    writer = history.of_assignment(demand, demand.status)
    await _step(session, principal, ASSIGNMENT, own, "receive", now=now, step=step, writer=writer)
    return read(demand, assignments)


async def complete(
    session: AsyncSession,
    *,
    principal: Principal,
    demand_id: str,
    org: str | None,
    summary: str,
    now: datetime,
) -> DemandRead:
    """办结: a township or village reports its part done; on time unless past the deadline.
    The last active part done completes the demand."""
    demand, assignments = await _load(session, demand_id)
    own = _own_assignment(principal, org, assignments)

    async def step(edge: Edge) -> Change:
        own.received_at = own.received_at or now
        own.completed_at = now
        own.summary = summary
        own.on_time = rules.on_time(
            clock.china_date(now),
            demand.deadline,
            flagged_overdue=own.overdue_emitted_at is not None,
        )
        # as stored now, after the claim (SQLite: inside the write lock)
        others = [a for a in await repository.assignments(session, demand.id) if a is not own]
        if all(a.status == "completed" for a in others if a.active):
            demand.updated_at = now
            await _step(session, principal, DEMAND, demand, "complete", now=now)
        completed = DemandCompleted(
            **demand.event_fields(),
            org=own.org,
            deadline=demand.deadline,
            completed_at=now,
            on_time=own.on_time,
        )
        return Change(detail={"on_time": own.on_time}, events=[completed])

    writer = history.of_assignment(demand, demand.status)
    await _step(session, principal, ASSIGNMENT, own, "complete", now=now, step=step, writer=writer)
    return read(demand, await repository.assignments(session, demand.id))


async def _step(
    session: AsyncSession,
    principal: Principal,
    lifecycle: Lifecycle,
    row: Demand | DemandAssignment,
    action: str,
    *,
    now: datetime,
    step: Step | None = None,
    writer: HistoryWriter | None = None,
) -> None:
    """One transition. A request writes one history row (`writer`), by its outer transition; a
    transition inside another's step (the township's own receipt on dispatch, the demand's
    completion by its last part) is recorded in that row's statuses."""
    await transition(
        session,
        lifecycle,
        row,
        action,
        principal=principal,
        history=writer,
        step=step,
        at=now,
    )
