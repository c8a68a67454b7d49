"""Grid event use cases: report (located), reads and the loads the steps (`steps.py`) build on."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.catalog.regions import county_part
from grassroots.common.db.base import utcnow
from grassroots.common.events import grid as ev
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError
from grassroots.grid.codes import EVENT_CATEGORY
from grassroots.grid.events import access, repository
from grassroots.grid.events.models import GridEventRow, GridEventStepRow
from grassroots.grid.events.rules import NEXT_STEP, due_at, limit_for
from grassroots.grid.events.schemas import EventRead, EventReport
from grassroots.grid.grids import service as grids


def read(row: GridEventRow) -> EventRead:
    return EventRead.model_validate(row, from_attributes=True)


def base(row: GridEventRow, at: datetime, actor: str | None) -> dict[str, Any]:
    """The fields every `grid.event.*` payload carries."""
    return {
        "grid_event_id": row.id,
        "township": row.township,
        "grid_id": row.grid_id,
        "category": row.category,
        "urgency": row.urgency,
        "at": at,
        "actor": actor,
    }


async def due(
    session: AsyncSession, row: GridEventRow, status: str, start: datetime
) -> datetime | None:
    """When the step that runs in `status` is due, after the county's policy (None: closed)."""
    step = NEXT_STEP.get(status)
    if step is None:
        return None
    table = await repository.policy_table(session, row.county)
    return due_at(start, limit_for(step, row.urgency, row.category, table))


async def get_or_raise(session: AsyncSession, *, event_id: str) -> GridEventRow:
    """An event, or 404 (who may see it, the route's declaration decided: `access.SEE`)."""
    row = await repository.get(session, event_id)
    if row is None:
        raise access.event_not_found(event_id)
    return row


async def report(
    session: AsyncSession,
    *,
    principal: Principal,
    body: EventReport,
    database_url: str,
    categories: dict[str, str],
    channel: str = "api",
    grid: tuple[str, str] | None = None,
    detail: dict[str, Any] | None = None,
) -> EventRead:
    """发现上报: locates the point, checks the reporter may report there, starts the clock.

    `grid` (grid id, township) is given when the caller already knows the grid (an Open311
    `address_id`); `detail` is kept on the step row (what the channel said, e.g. its address)."""
    if body.category not in categories:
        raise ProblemError(
            EVENT_CATEGORY,
            None,
            body.category,
            categories=sorted(categories),
        )
    grid_id, township = grid or await grids.locate(
        session, database_url=database_url, lon=body.lon, lat=body.lat
    )
    if grid_id is None or township is None:
        raise access.outside_grids(body.lon, body.lat)
    # the route checked the same declaration; Open311 (and an address_id) get here without it
    access.REPORT.require(principal, await access.place_target(session, grid_id, township), grid_id)
    now = utcnow()
    row = GridEventRow(
        id="GE" + uuid.uuid4().hex[:20],
        county=county_part(township),
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
    )
    row.due_at = await due(session, row, "reported", now)
    session.add(row)
    session.add(
        GridEventStepRow(
            event_id=row.id,
            step="reported",
            at=now,
            actor=principal.sub,
            detail={"channel": channel, "reporter": body.reporter, **(detail or {})},
        )
    )
    await session.flush()
    add_event(
        session,
        ev.GridEventReported(
            **base(row, now, principal.sub),
            lon=body.lon,
            lat=body.lat,
            reporter=body.reporter,
            channel=channel,
        ),
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


async def load_for_change(session: AsyncSession, event_id: str) -> GridEventRow:
    """An event about to change, locked (`repository.get_for_update`), or 404."""
    row = await repository.get_for_update(session, event_id)
    if row is None:
        raise access.event_not_found(event_id)
    return row
