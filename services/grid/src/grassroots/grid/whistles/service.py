"""Whistle use cases (乡镇吹哨、部门报到): blow, answer, read (the overdue scan: `scans.py`)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.catalog.regions import county_part
from grassroots.common.db.base import utcnow
from grassroots.common.events.grid import WhistleAnswered, WhistleBlown
from grassroots.common.lifecycle import Change, Edge, transition
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError
from grassroots.grid.codes import WHISTLE_DEPARTMENT, WHISTLE_EVENT
from grassroots.grid.events import repository as events
from grassroots.grid.whistles import access, repository
from grassroots.grid.whistles.models import WhistleCallRow, WhistleRow
from grassroots.grid.whistles.rules import WHISTLE, WHISTLE_CALL, check_answer, closes
from grassroots.grid.whistles.schemas import CallRead, WhistleAnswer, WhistleCreate, WhistleRead


async def _read(session: AsyncSession, row: WhistleRow) -> WhistleRead:
    calls = [
        CallRead(
            department=c.department,
            due_at=c.due_at,
            answered_at=c.answered_at,
            arrived=c.arrived,
            action=c.action,
            on_time=c.on_time,
            overdue=c.overdue_at is not None,
        )
        for c in await repository.calls(session, row.id)
    ]
    return WhistleRead(
        id=row.id,
        township=row.township,
        issue=row.issue,
        grid_event_id=row.grid_event_id,
        due_at=row.due_at,
        status=row.status,
        created_at=row.created_at,
        calls=calls,
    )


async def blow(
    session: AsyncSession, *, principal: Principal, body: WhistleCreate, default_hours: int
) -> WhistleRead:
    """A township summons departments of its county (its grid centre: `access.BLOW`)."""
    township = principal.org
    departments = list(dict.fromkeys(body.departments))
    document = await catalog_versions.active_document(session, county_part(township), clock.today())
    if document is not None:
        known = {u.code for u in document.org_units if u.kind == "department"}
        unknown = [d for d in departments if d not in known]
        if unknown:
            raise ProblemError(WHISTLE_DEPARTMENT, None, ", ".join(unknown))
    if body.grid_event_id is not None:
        event = await events.get(session, body.grid_event_id)
        if event is None or event.township != township:
            raise ProblemError(WHISTLE_EVENT, None, body.grid_event_id)
    now = utcnow()
    due = now + timedelta(hours=body.respond_within_hours or default_hours)
    row = WhistleRow(
        id="WH" + uuid.uuid4().hex[:20],
        township=township,
        issue=body.issue,
        grid_event_id=body.grid_event_id,
        due_at=due,
        status="open",
        created_at=now,
        created_by=principal.sub,
    )
    session.add(row)
    await session.flush()
    session.add_all(
        WhistleCallRow(whistle_id=row.id, department=d, due_at=due, status="called")
        for d in departments
    )
    await session.flush()
    add_event(
        session,
        WhistleBlown(
            whistle_id=row.id,
            township=township,
            departments=departments,
            issue=body.issue,
            grid_event_id=body.grid_event_id,
            due_at=due,
        ),
    )
    audit.record(
        session,
        principal,
        entity="whistle",
        entity_id=row.id,
        action="blow",
        changes={"departments": departments, "due_at": due.isoformat()},
    )
    return await _read(session, row)


async def get(session: AsyncSession, *, whistle_id: str) -> WhistleRead:
    """A whistle with its calls (who may see it, the route's `access.SEE` decided)."""
    row = await repository.get(session, whistle_id)
    if row is None:
        raise access.whistle_not_found(whistle_id)
    return await _read(session, row)


async def answer(
    session: AsyncSession, *, principal: Principal, whistle_id: str, body: WhistleAnswer
) -> WhistleRead:
    """部门报到: a summoned department (`access.ANSWER`), once; late answers are kept and marked late. The
    whistle is locked first, so its answers queue and the last one closes it."""
    row = await repository.get_for_update(session, whistle_id)
    call = await repository.call_for_update(session, row.id, principal.org) if row else None
    if row is None or call is None:  # `access.ANSWER`: only a called department gets here
        raise access.whistle_not_found(whistle_id)
    check_answer(call.status)
    now = utcnow()

    async def step(edge: Edge) -> Change:
        call.answered_at, call.arrived, call.action = now, body.arrived, body.action
        call.on_time = now <= call.due_at
        answered = WhistleAnswered(
            whistle_id=row.id,
            township=row.township,
            department=call.department,
            answered_at=now,
            due_at=call.due_at,
            on_time=call.on_time,
        )
        detail = {"whistle_id": row.id, "department": call.department, "on_time": call.on_time}
        return Change(detail=detail, events=[answered])

    await transition(session, WHISTLE_CALL, call, "answer", principal=principal, step=step)
    if closes(row.status, await repository.unanswered(session, row.id)):
        await transition(session, WHISTLE, row, "close", principal=principal)
    return await _read(session, row)


async def list_for(
    session: AsyncSession, *, principal: Principal, status: str | None, limit: int
) -> list[WhistleRead]:
    """Whistles a township blew, those calling a department, or the county's (evaluator,
    auditor): each one the principal may see (`access.SEE`)."""
    township = department = None
    if principal.has_any("township_admin"):
        township = principal.org
    elif principal.has_any("dept_submitter"):
        department = principal.org
    rows = await repository.list_whistles(
        session,
        county=principal.county,
        township=township,
        department=department,
        status=status,
        limit=limit,
    )
    shown = []
    for row in rows:
        calls = await repository.calls(session, row.id)
        if access.SEE.permits(principal, access.whistle_target(row, calls)):
            shown.append(await _read(session, row))
    return shown
