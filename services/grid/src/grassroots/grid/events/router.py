"""Grid event routes: report, the six steps and the extension (If-Match optional; a repeat is
409), history; time-limit policies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.concurrency import IfMatch, set_etag
from grassroots.common.db import SessionDep
from grassroots.grid.access import TownshipParam, township_in
from grassroots.grid.events import access, policies, queries, service, steps
from grassroots.grid.events.schemas import (
    EventAssign,
    EventClose,
    EventExtend,
    EventHandle,
    EventHistory,
    EventNote,
    EventPage,
    EventRead,
    EventReport,
    EventVerify,
    PolicyRead,
    PolicyTable,
)
from grassroots.grid.settings import SettingsDep

router = APIRouter(tags=["grid-events"])


def _etag(response: Response, event: EventRead) -> EventRead:
    set_etag(response, event.revision)
    return event


@router.post(
    "/v1/grid-events",
    status_code=201,
    response_model=EventRead,
    summary="Report an event (发现上报), located automatically",
    **access.REPORT.route(),
)
async def report(
    settings: SettingsDep,
    response: Response,
    body: EventReport,
    session: SessionDep,
    principal: PrincipalDep,
) -> EventRead:
    settings = settings
    event = await service.report(
        session,
        principal=principal,
        body=body,
        database_url=settings.database_url,
        categories=settings.event_categories,
    )
    response.headers["Location"] = f"/v1/grid-events/{event.id}"
    return _etag(response, event)


@router.get(
    "/v1/grid-events",
    response_model=EventPage,
    summary="A township's events, newest first",
    **access.LIST.route(),
)
async def list_events(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    township: TownshipParam = None,
    status: Annotated[
        str | None, Query(pattern="^(reported|accepted|assigned|handled|verified|closed)$")
    ] = None,
    category: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> EventPage:
    return await queries.list_events(
        session,
        principal=principal,
        township=township_in(request),
        status=status,
        category=category,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/v1/grid-events/{event_id}",
    response_model=EventRead,
    summary="One event",
    **access.SEE.route(),
)
async def get_event(event_id: str, response: Response, session: SessionDep) -> EventRead:
    return _etag(
        response,
        service.read(await service.get_or_raise(session, event_id=event_id)),
    )


@router.get(
    "/v1/grid-events/{event_id}/history",
    response_model=EventHistory,
    summary="Its steps",
    **access.SEE.route(),
)
async def history(event_id: str, session: SessionDep) -> EventHistory:
    return await queries.history(session, event_id=event_id)


@router.post(
    "/v1/grid-events/{event_id}/accept",
    response_model=EventRead,
    summary="受理立案",
    **access.STEP.route(),
)
async def accept(
    event_id: str,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
    body: EventNote | None = None,
) -> EventRead:
    note = body.note if body else None
    return _etag(
        response,
        await steps.accept(
            session, principal=principal, event_id=event_id, note=note, if_match=if_match
        ),
    )


@router.post(
    "/v1/grid-events/{event_id}/assign",
    response_model=EventRead,
    summary="分拨交办 (to enforcement: a referral)",
    **access.STEP.route(),
)
async def assign(
    event_id: str,
    body: EventAssign,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> EventRead:
    return _etag(
        response,
        await steps.assign(
            session, principal=principal, event_id=event_id, body=body, if_match=if_match
        ),
    )


@router.post(
    "/v1/grid-events/{event_id}/handle",
    response_model=EventRead,
    summary="处置反馈",
    **access.HANDLE.route(),
)
async def handle(
    event_id: str,
    body: EventHandle,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> EventRead:
    return _etag(
        response,
        await steps.handle(
            session, principal=principal, event_id=event_id, body=body, if_match=if_match
        ),
    )


@router.post(
    "/v1/grid-events/{event_id}/verify",
    response_model=EventRead,
    summary="核查",
    **access.STEP.route(),
)
async def verify(
    event_id: str,
    body: EventVerify,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> EventRead:
    return _etag(
        response,
        await steps.verify(
            session, principal=principal, event_id=event_id, body=body, if_match=if_match
        ),
    )


@router.post(
    "/v1/grid-events/{event_id}/close",
    response_model=EventRead,
    summary="结案评价",
    **access.STEP.route(),
)
async def close(
    event_id: str,
    body: EventClose,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> EventRead:
    return _etag(
        response,
        await steps.close(
            session, principal=principal, event_id=event_id, body=body, if_match=if_match
        ),
    )


@router.post(
    "/v1/grid-events/{event_id}/extend",
    response_model=EventRead,
    summary="Approved extension of the handling limit (≤ 15 working days)",
    **access.EXTEND.route(),
)
async def extend(
    event_id: str,
    body: EventExtend,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> EventRead:
    event = await steps.extend(
        session, principal=principal, event_id=event_id, body=body, if_match=if_match
    )
    return _etag(response, event)


@router.put(
    "/v1/policies/time-limits",
    response_model=PolicyRead,
    summary="Set a county's time limits",
    **access.SET_POLICIES.route(),
)
async def put_policies(
    body: PolicyTable, session: SessionDep, principal: PrincipalDep
) -> PolicyRead:
    return await policies.put_policies(session, principal=principal, body=body)


@router.get(
    "/v1/policies/time-limits",
    response_model=PolicyRead,
    summary="A county's time limits",
    **access.READ_POLICIES.route(),
)
async def get_policies(
    request: Request,
    session: SessionDep,
    county: Annotated[str | None, Query(pattern=r"^\d{6}000000$")] = None,
) -> PolicyRead:
    target = request.state.target  # the county the declaration placed (query, else the caller's)
    return await policies.get_policies(session, county=county or target.county)
