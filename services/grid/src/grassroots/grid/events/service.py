"""Grid event use cases: report (located), the six steps, history, time-limit policies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.concurrency import check_if_match
from grassroots.common.db.base import utcnow
from grassroots.common.events import grid as ev
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError, not_found, unprocessable
from grassroots.grid.access import county_of, require_township_admin
from grassroots.grid.events import access, repository
from grassroots.grid.events.models import GridEventRow, GridEventStepRow
from grassroots.grid.events.rules import (
    NEXT_STEP,
    RuleViolation,
    check_transition,
    due_at,
    limit_for,
)
from grassroots.grid.events.schemas import (
    EventAssign,
    EventClose,
    EventHandle,
    EventRead,
    EventReport,
    EventVerify,
)
from grassroots.grid.grids import service as grids
from grassroots.grid.workers import service as workers

SERVICE = "grid"


def read(row: GridEventRow) -> EventRead:
    return EventRead.model_validate(row, from_attributes=True)


def raise_violation(violation: RuleViolation, status: int = 409) -> None:
    raise ProblemError(status, violation.code, violation.message, violation.detail or None)


def _base(row: GridEventRow, at: datetime, actor: str | None) -> dict[str, Any]:
    return {
        "grid_event_id": row.id,
        "township": row.township,
        "grid_id": row.grid_id,
        "category": row.category,
        "urgency": row.urgency,
        "at": at,
        "actor": actor,
    }


async def _due(
    session: AsyncSession, row: GridEventRow, status: str, start: datetime
) -> datetime | None:
    step = NEXT_STEP.get(status)
    if step is None:
        return None
    table = await repository.policy_table(session, row.county)
    return due_at(start, limit_for(step, row.urgency, row.category, table))


async def _advance(
    session: AsyncSession,
    row: GridEventRow,
    to: str,
    actor: str | Principal,
    detail: dict[str, Any],
) -> datetime:
    """Moves the event to `to`, records the step (late or not), audits it, sets the next due time."""
    now = utcnow()
    if isinstance(actor, Principal):
        audit.record(
            session,
            actor,
            entity="grid_event",
            entity_id=row.id,
            action=to,
            changes={"from": row.status, "to": to, **detail},
        )
        actor = actor.sub
    late = row.due_at is not None and now > row.due_at
    session.add(
        GridEventStepRow(
            event_id=row.id,
            step=to,
            at=now,
            actor=actor,
            detail={
                **detail,
                "from": row.status,
                "late": late,
                "due_at": row.due_at.isoformat() if row.due_at else None,
            },
        )
    )
    row.status = to
    row.step_started_at = now
    row.due_at = await _due(session, row, to, now)
    row.updated_at = now
    row.revision += 1
    await session.flush()
    return now


async def get_or_raise(
    session: AsyncSession, *, event_id: str, principal: Principal
) -> GridEventRow:
    """An event the principal may see, or 404."""
    row = await repository.get(session, event_id)
    if row is None or not access.may_see(principal, row):
        raise not_found("网格事件", event_id)
    return row


async def report(
    session: AsyncSession,
    *,
    principal: Principal,
    body: EventReport,
    database_url: str,
    categories: dict[str, str],
    channel: str = "api",
) -> EventRead:
    """发现上报: locates the point, checks the reporter may act there, starts the clock."""
    if body.category not in categories:
        raise unprocessable(
            "E-EVENT-CATEGORY",
            "事件类别不在本系统类别表中",
            body.category,
            categories=sorted(categories),
        )
    grid_id, township = await grids.locate(
        session, database_url=database_url, lon=body.lon, lat=body.lat
    )
    if grid_id is None or township is None:
        raise unprocessable(
            "E-EVENT-OUTSIDE-GRIDS", "上报位置不在任何网格内,请核对经纬度", f"{body.lon},{body.lat}"
        )
    await access.require_reporter(session, principal, township, grid_id)
    now = utcnow()
    row = GridEventRow(
        id="GE" + uuid.uuid4().hex[:20],
        county=county_of(township),
        township=township,
        grid_id=grid_id,
        category=body.category,
        urgency=body.urgency,
        description=body.description,
        lon=body.lon,
        lat=body.lat,
        reporter=body.reporter,
        photos=body.photos,
        channel=channel,
        status="reported",
        step_started_at=now,
        any_overdue=False,
        created_at=now,
        updated_at=now,
        revision=1,
    )
    row.due_at = await _due(session, row, "reported", now)
    session.add(row)
    session.add(
        GridEventStepRow(
            event_id=row.id,
            step="reported",
            at=now,
            actor=principal.sub,
            detail={"channel": channel, "reporter": body.reporter},
        )
    )
    await session.flush()
    add_event(
        session,
        ev.GridEventReported(
            **_base(row, now, principal.sub),
            lon=body.lon,
            lat=body.lat,
            reporter=body.reporter,
            channel=channel,
        ),
        SERVICE,
    )
    audit.record(
        session,
        principal,
        entity="grid_event",
        entity_id=row.id,
        action="report",
        changes={"grid_id": grid_id, "category": body.category},
    )
    return read(row)


async def load_for_change(
    session: AsyncSession, principal: Principal, event_id: str, if_match: str | None
) -> GridEventRow:
    row = await get_or_raise(session, event_id=event_id, principal=principal)
    check_if_match(if_match, row.revision, "事件")
    return row


async def accept(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    note: str | None,
    if_match: str | None = None,
) -> EventRead:
    """受理立案 by the township's grid centre."""
    row = await load_for_change(session, principal, event_id, if_match)
    require_township_admin(principal, row.township)
    _transition(row, "accept")
    at = await _advance(session, row, "accepted", principal, {"note": note})
    add_event(session, ev.GridEventAccepted(**_base(row, at, principal.sub)), SERVICE)
    return read(row)


def _transition(row: GridEventRow, action: str) -> str:
    try:
        return check_transition(row.status, action)
    except RuleViolation as violation:
        raise_violation(violation)
        raise


async def assign(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventAssign,
    if_match: str | None = None,
) -> EventRead:
    """分拨交办 to a grid worker, a township office, a department, or enforcement (a referral)."""
    row = await load_for_change(session, principal, event_id, if_match)
    require_township_admin(principal, row.township)
    _transition(row, "assign")
    assignee = body.assignee or (row.township if body.assignee_kind == "enforcement" else None)
    if not assignee:
        raise unprocessable("E-ASSIGNEE-REQUIRED", "请指定承办人或承办单位")
    if body.assignee_kind == "grid_worker" and not (
        row.grid_id and await workers.works_in(session, sub=assignee, grid_id=row.grid_id)
    ):
        raise unprocessable("E-ASSIGNEE-NOT-IN-GRID", "承办网格员不属于事件所在网格", assignee)
    row.assignee_kind, row.assignee = body.assignee_kind, assignee
    at = await _advance(
        session,
        row,
        "assigned",
        principal,
        {"assignee_kind": body.assignee_kind, "assignee": assignee, "note": body.note},
    )
    add_event(
        session,
        ev.GridEventAssigned(
            **_base(row, at, principal.sub), assignee_kind=body.assignee_kind, assignee=assignee
        ),
        SERVICE,
    )
    if body.assignee_kind == "enforcement":
        add_event(
            session,
            ev.GridEventReferred(
                **_base(row, at, principal.sub),
                description=row.description,
                lon=row.lon,
                lat=row.lat,
                item_code=body.item_code,
            ),
            SERVICE,
        )
    return read(row)


async def handle(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventHandle,
    if_match: str | None = None,
) -> EventRead:
    """处置反馈 by the assignee."""
    row = await load_for_change(session, principal, event_id, if_match)
    if not access.may_handle(principal, row):
        raise ProblemError(403, "AUTH-ORG", "只有承办人(单位)可以反馈处置结果", row.assignee)
    _transition(row, "handle")
    at = await _advance(session, row, "handled", principal, {"feedback": body.feedback})
    add_event(
        session,
        ev.GridEventHandled(**_base(row, at, principal.sub), feedback=body.feedback),
        SERVICE,
    )
    return read(row)


async def verify(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventVerify,
    if_match: str | None = None,
) -> EventRead:
    """核查: passed → verified; failed → back to the assignee."""
    row = await load_for_change(session, principal, event_id, if_match)
    require_township_admin(principal, row.township)
    _transition(row, "verify")
    to = "verified" if body.passed else "assigned"
    at = await _advance(session, row, to, principal, {"passed": body.passed, "note": body.note})
    add_event(
        session, ev.GridEventVerified(**_base(row, at, principal.sub), passed=body.passed), SERVICE
    )
    return read(row)


async def close(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventClose,
    if_match: str | None = None,
) -> EventRead:
    """结案评价 with the reporter's satisfaction; on time when no step was late."""
    row = await load_for_change(session, principal, event_id, if_match)
    require_township_admin(principal, row.township)
    _transition(row, "close")
    steps = await repository.history(session, row.id)
    now = utcnow()
    on_time = (
        not row.any_overdue
        and not any(s.detail.get("late") for s in steps)
        and not (row.due_at is not None and now > row.due_at)
    )
    responded = not any(s.step == "accepted" and s.detail.get("late") for s in steps)
    row.resolved, row.satisfaction = body.resolved, body.satisfaction
    at = await _advance(
        session,
        row,
        "closed",
        principal,
        {"resolved": body.resolved, "satisfaction": body.satisfaction, "note": body.note},
    )
    add_event(
        session,
        ev.GridEventClosed(
            **_base(row, at, principal.sub),
            resolved=body.resolved,
            satisfaction=body.satisfaction,
            on_time=on_time,
            responded_on_time=responded,
        ),
        SERVICE,
    )
    return read(row)


async def advance_from_case(
    session: AsyncSession, row: GridEventRow, to: str, detail: dict[str, Any]
) -> datetime:
    """A step taken because of an enforcement event (no principal; the actor is enforcement)."""
    return await _advance(session, row, to, "enforcement", detail)
