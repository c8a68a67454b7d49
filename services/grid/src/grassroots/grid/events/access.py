"""Who may report, see and act on a grid event, and read or set a county's time limits: one
declaration per route (DESIGN §1). Only the township's grid centre takes the loop's steps; the
assignee handles; county staff read within their county and never act (separation of duties)."""

from __future__ import annotations

import math

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.app.settings_dep import settings_of
from grassroots.common.auth import Principal
from grassroots.common.auth.access import (
    AUDIT,
    Access,
    FromPath,
    FromQuery,
    Grant,
    Locator,
    Target,
    caller_target,
    json_body,
    unit_target,
)
from grassroots.common.catalog.regions import county_part
from grassroots.common.problems import ProblemError, not_found
from grassroots.grid.access import GRID_CENTRE, TOWNSHIP_STAFF, village_of
from grassroots.grid.codes import EVENT_OUTSIDE_GRIDS
from grassroots.grid.events import repository
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.grids import service as grids
from grassroots.grid.settings import GridSettings
from grassroots.grid.workers import repository as workers

ENFORCEMENT = ("enforcement_officer", "enforcement_supervisor")
COUNTY_PLACED = (  # every role whose principal stands in one county
    *TOWNSHIP_STAFF,
    "village_operator",
    "dept_submitter",
    "admission_reviewer",
    "catalog_admin",
    "evaluator",
)


def event_target(row: GridEventRow) -> Target:
    """An event stands in its township, at the village of its grid; its parties are the unit it
    is assigned to (the township itself for its enforcement), its subs the assigned worker."""
    kind, assignee = row.assignee_kind, row.assignee
    parties: frozenset[str] = frozenset()
    subs: frozenset[str] = frozenset()
    if kind == "grid_worker" and assignee:
        subs = frozenset({assignee})
    elif kind == "enforcement":
        parties = frozenset({row.township})
    elif assignee:
        parties = frozenset({assignee})
    return Target(
        county=row.county,
        township=row.township,
        unit=village_of(row.grid_id) or row.township,
        parties=parties,
        subs=subs,
    )


async def event_by_id(session: AsyncSession, event_id: str) -> Target | None:
    row = await repository.get(session, event_id[:40])
    return event_target(row) if row is not None else None


def event_not_found(event_id: str) -> ProblemError:
    return not_found("网格事件", event_id)


async def place_target(session: AsyncSession, grid_id: str, township: str) -> Target:
    """Where a report lands: the grid's township and village; its subs the grid's workers."""
    subs = frozenset(w.sub for w in await workers.workers_of(session, grid_id) if w.sub)
    return Target(
        county=county_part(township),
        township=township,
        unit=village_of(grid_id) or township,
        subs=subs,
    )


def _degrees(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


class AtPoint(Locator):
    """A report's target: the grid holding the body's `lon`/`lat` (a point in no grid is 422
    E-EVENT-OUTSIDE-GRIDS; a missing or garbled point is no target)."""

    async def target(self, request: Request, session: AsyncSession, p: Principal) -> Target | None:
        body = await json_body(request)
        if body is None:
            return None
        lon, lat = _degrees(body.get("lon")), _degrees(body.get("lat"))
        if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return None
        url = settings_of(GridSettings)(request).database_url
        grid_id, township = await grids.locate(session, database_url=url, lon=lon, lat=lat)
        if grid_id is None or township is None:
            raise outside_grids(lon, lat)
        return await place_target(session, grid_id, township)


def outside_grids(lon: float, lat: float) -> Exception:
    return ProblemError(EVENT_OUTSIDE_GRIDS, None, f"{lon},{lat}")


class BodyOrCaller(Locator):
    """A body field naming the target's unit; without one, the caller's own unit."""

    async def target(self, request: Request, session: AsyncSession, p: Principal) -> Target | None:
        body = await json_body(request)
        value = body.get(self.name) if body is not None and self.name else None
        if value is None:
            return caller_target(p)
        if not isinstance(value, str) or not value or len(value) > 200:
            return None
        return await unit_target(session, value)


_IN_EVENT = FromPath("event_id", event_by_id, missing=event_not_found)
REPORT = Access(
    Grant(GRID_CENTRE, "township"),
    Grant(("grid_worker",), "assigned"),
    Grant(("village_operator",), "area"),
    Grant(("service",), "county"),
    target=AtPoint("body", "lon"),
    note="target: the grid holding lon/lat — its township, its village, its workers (subs); "
    "Open311 reports (a service principal per api_key) are checked by the same declaration",
)
SEE = Access(
    Grant((*TOWNSHIP_STAFF, "village_operator"), "area"),
    Grant(("grid_worker",), "assigned"),
    Grant(("dept_submitter",), "party"),
    Grant(("evaluator",), "county"),
    *AUDIT,
    target=_IN_EVENT,
)
LIST = Access(
    Grant((*TOWNSHIP_STAFF, "village_operator", "dept_submitter", "evaluator"), "county"),
    *AUDIT,
    target=FromQuery("township"),
    rows="GET /v1/grid-events/{event_id}",
)
STEP = Access(Grant(GRID_CENTRE, "township"), target=_IN_EVENT)  # accept, assign, verify, close
EXTEND = Access(Grant(GRID_CENTRE, "township"), target=_IN_EVENT, note="approved extension")
HANDLE = Access(
    Grant(GRID_CENTRE, "township"),
    Grant(("grid_worker",), "assigned"),
    Grant((*ENFORCEMENT, "dept_submitter", "village_operator"), "party"),
    target=_IN_EVENT,
)
READ_POLICIES = Access(Grant(COUNTY_PLACED, "county"), *AUDIT, target=FromQuery("county"))
SET_POLICIES = Access(
    Grant(("catalog_admin",), "county"),
    target=BodyOrCaller("body", "county"),
    note="county: the body's, else the caller's",
)
