"""The steps of the six-step loop, each one transition of `rules.GRID_EVENT` through the engine:
load locked, then `take` (claim, step, history row, audit, outbox events). Who may take a step,
the route's declaration decided (`events/access.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.db.base import utcnow
from grassroots.common.events import grid as ev
from grassroots.common.events.base import EventPayload
from grassroots.common.lifecycle import Applied, Change, Edge, transition
from grassroots.common.problems import ProblemError
from grassroots.grid.codes import ASSIGNEE_NOT_IN_GRID, ASSIGNEE_REQUIRED
from grassroots.grid.events import repository
from grassroots.grid.events.models import GridEventRow, GridEventStepRow
from grassroots.grid.events.rules import (
    GRID_EVENT,
    check_extension,
    check_reassignment,
    check_transition,
    due_at,
)
from grassroots.grid.events.schemas import (
    EventAssign,
    EventClose,
    EventExtend,
    EventHandle,
    EventRead,
    EventVerify,
)
from grassroots.grid.events.service import base, due, load_for_change, read
from grassroots.grid.workers import service as workers

Announce = Callable[[dict[str, Any]], list[EventPayload]]


def write_history(session: AsyncSession, applied: Applied) -> None:
    """One step row per transition: named by the state reached (`extended` for an extension)."""
    session.add(
        GridEventStepRow(
            event_id=applied.row.id,
            step="extended" if applied.edge.action == "extend" else applied.target,
            at=applied.at,
            actor=applied.principal.sub,
            detail={**applied.change.detail, "from": applied.source},
        )
    )


async def take(
    session: AsyncSession,
    row: GridEventRow,
    action: str,
    *,
    principal: Principal,
    passed: bool = True,
    detail: dict[str, Any],
    changes: dict[str, Any] | None = None,
    announce: Announce = lambda _: [],
    if_match: str | None = None,
) -> EventRead:
    """Applies `action` once: the step's lateness recorded, the next step's clock started,
    `changes` set on the event, the events `announce` builds from the payload base."""
    to = check_transition(row.status, action, passed=passed)
    now = utcnow()

    async def step(edge: Edge) -> Change:
        late = row.due_at is not None and now > row.due_at
        was_due = row.due_at.isoformat() if row.due_at else None
        for name, value in (changes or {}).items():
            setattr(row, name, value)
        row.step_started_at, row.updated_at = now, now
        row.due_at = await due(session, row, to, now)
        return Change(
            to=to,
            detail={**detail, "late": late, "due_at": was_due},
            events=announce(base(row, now, principal.sub)),
        )

    await transition(
        session,
        GRID_EVENT,
        row,
        action,
        principal=principal,
        history=write_history,
        step=step,
        if_match=if_match,
        at=now,
    )
    return read(row)


async def accept(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    note: str | None,
    if_match: str | None = None,
) -> EventRead:
    """受理立案 by the township's grid centre (`access.STEP`)."""
    row = await load_for_change(session, event_id)
    return await take(
        session,
        row,
        "accept",
        principal=principal,
        detail={"note": note},
        announce=lambda b: [ev.GridEventAccepted(**b)],
        if_match=if_match,
    )


async def assign(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventAssign,
    if_match: str | None = None,
) -> EventRead:
    """分拨交办 to a grid worker, a township office, a department, or enforcement (a referral);
    again to the same assignee is a repeat (409 E-ASSIGNEE-SAME)."""
    row = await load_for_change(session, event_id)
    check_transition(row.status, "assign")
    assignee = body.assignee or (row.township if body.assignee_kind == "enforcement" else None)
    if not assignee:
        raise ProblemError(ASSIGNEE_REQUIRED)
    if body.assignee_kind == "grid_worker" and not (
        row.grid_id and await workers.works_in(session, sub=assignee, grid_id=row.grid_id)
    ):
        raise ProblemError(ASSIGNEE_NOT_IN_GRID, None, assignee)
    if row.status == "assigned":
        check_reassignment((row.assignee_kind, row.assignee), (body.assignee_kind, assignee))

    def announce(b: dict[str, Any]) -> list[EventPayload]:
        events: list[EventPayload] = [
            ev.GridEventAssigned(**b, assignee_kind=body.assignee_kind, assignee=assignee)
        ]
        if body.assignee_kind == "enforcement":
            events.append(
                ev.GridEventReferred(
                    **b,
                    description=row.description,
                    lon=row.lon,
                    lat=row.lat,
                    item_code=body.item_code,
                )
            )
        return events

    return await take(
        session,
        row,
        "assign",
        principal=principal,
        detail={"assignee_kind": body.assignee_kind, "assignee": assignee, "note": body.note},
        changes={"assignee_kind": body.assignee_kind, "assignee": assignee},
        announce=announce,
        if_match=if_match,
    )


async def handle(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventHandle,
    if_match: str | None = None,
) -> EventRead:
    """处置反馈 by the assignee or the grid centre (`access.HANDLE`)."""
    row = await load_for_change(session, event_id)
    return await take(
        session,
        row,
        "handle",
        principal=principal,
        detail={"feedback": body.feedback},
        announce=lambda b: [ev.GridEventHandled(**b, feedback=body.feedback)],
        if_match=if_match,
    )


async def verify(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventVerify,
    if_match: str | None = None,
) -> EventRead:
    """核查: passed → verified; failed → back to the assignee."""
    row = await load_for_change(session, event_id)
    return await take(
        session,
        row,
        "verify",
        principal=principal,
        passed=body.passed,
        detail={"passed": body.passed, "note": body.note},
        announce=lambda b: [ev.GridEventVerified(**b, passed=body.passed)],
        if_match=if_match,
    )


async def close(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventClose,
    if_match: str | None = None,
) -> EventRead:
    """结案评价 with the reporter's satisfaction; on time when no step was late."""
    row = await load_for_change(session, event_id)
    steps = await repository.history(session, row.id)
    on_time = (
        not row.any_overdue
        and not any(s.detail.get("late") for s in steps)
        and not (row.due_at is not None and utcnow() > row.due_at)
    )
    responded = not any(s.step == "accepted" and s.detail.get("late") for s in steps)
    return await take(
        session,
        row,
        "close",
        principal=principal,
        detail={"resolved": body.resolved, "satisfaction": body.satisfaction, "note": body.note},
        changes={"resolved": body.resolved, "satisfaction": body.satisfaction},
        announce=lambda b: [
            ev.GridEventClosed(
                **b,
                resolved=body.resolved,
                satisfaction=body.satisfaction,
                on_time=on_time,
                responded_on_time=responded,
            )
        ],
        if_match=if_match,
    )


async def extend(
    session: AsyncSession,
    *,
    principal: Principal,
    event_id: str,
    body: EventExtend,
    if_match: str | None = None,
) -> EventRead:
    """An approved extension of the handling limit (at most 15 working days from assignment);
    the step keeps running, only its limit moves."""
    row = await load_for_change(session, event_id)
    new_due = due_at(row.step_started_at, {"working_days": body.working_days})
    check_extension(row.status, body.working_days, row.due_at, new_due)
    now = utcnow()

    async def step(edge: Edge) -> Change:
        detail = {
            "working_days": body.working_days,
            "from_due": row.due_at.isoformat() if row.due_at else None,
            "to_due": new_due.isoformat(),
            "reason": body.reason,
            "approved_by": principal.sub,
        }
        row.due_at, row.updated_at = new_due, now
        return Change(detail=detail, reason=body.reason)

    await transition(
        session,
        GRID_EVENT,
        row,
        "extend",
        principal=principal,
        history=write_history,
        step=step,
        if_match=if_match,
        at=now,
    )
    return read(row)
