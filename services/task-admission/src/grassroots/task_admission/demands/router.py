"""Demand routes: submit, read, list, history, review, resubmit, withdraw."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from grassroots.common import clock
from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, county_in
from grassroots.common.concurrency import IfMatch, set_etag
from grassroots.common.db import SessionDep, utcnow
from grassroots.common.events.admission import DemandKind
from grassroots.task_admission.demands import progress, queries, service
from grassroots.task_admission.demands.access import (
    CHANGE_OWN,
    DISPATCH,
    LIST_DEMANDS,
    PROGRESS,
    REVIEW,
    SEE_DEMAND,
    SUBMIT,
)
from grassroots.task_admission.demands.schemas import (
    CompletionCreate,
    DemandCreate,
    DemandPage,
    DemandRead,
    DispatchCreate,
    HistoryEntry,
    ReceiptCreate,
    ReviewCreate,
    Status,
    WithdrawCreate,
)

router = APIRouter(prefix="/v1/demands", tags=["demands"])


def _etag(response: Response, read: DemandRead) -> DemandRead:
    set_etag(response, read.revision)
    return read


@router.post(
    "",
    status_code=201,
    response_model=DemandRead,
    summary="Submit a demand (自动准入审查)",
    **SUBMIT.route(),
)
async def submit(
    body: DemandCreate, response: Response, session: SessionDep, principal: PrincipalDep
) -> DemandRead:
    read = await service.submit(session, principal=principal, body=body, now=utcnow())
    response.headers["Location"] = f"/v1/demands/{read.id}"
    return _etag(response, read)


@router.get(
    "",
    response_model=DemandPage,
    summary="Demands the caller may see, newest first",
    **LIST_DEMANDS.route(),
)
async def list_demands(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    county: CountyParam = None,
    status: Status | None = None,
    kind: DemandKind | None = None,
    submitter: Annotated[str | None, Query(max_length=40)] = None,
    target: Annotated[str | None, Query(max_length=40)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> DemandPage:
    filters = {
        "status": status,
        "kind": kind,
        "submitter": submitter,
        "target": target,
        "since": _aware(since),
        "until": _aware(until),
    }
    return await queries.list_(
        session,
        principal=principal,
        county=county_in(request),
        filters=filters,
        cursor=cursor,
        limit=limit,
    )


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=clock.CHINA)
    return value


@router.get("/{demand_id}", response_model=DemandRead, summary="One demand", **SEE_DEMAND.route())
async def get_demand(demand_id: str, response: Response, session: SessionDep) -> DemandRead:
    read = await queries.get(session, demand_id=demand_id)
    return _etag(response, read)


@router.get(
    "/{demand_id}/history",
    response_model=list[HistoryEntry],
    summary="Every transition",
    **SEE_DEMAND.route(),
)
async def demand_history(demand_id: str, session: SessionDep) -> list[HistoryEntry]:
    return await queries.history(session, demand_id=demand_id)


@router.post(
    "/{demand_id}/review",
    response_model=DemandRead,
    summary="Approve, return or reject",
    **REVIEW.route(),
)
async def review_demand(
    demand_id: str,
    body: ReviewCreate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> DemandRead:
    read = await service.review(
        session,
        principal=principal,
        demand_id=demand_id,
        body=body,
        now=utcnow(),
        if_match=if_match,
    )
    return _etag(response, read)


@router.post(
    "/{demand_id}/resubmit",
    response_model=DemandRead,
    summary="Resubmit after return",
    **CHANGE_OWN.route(),
)
async def resubmit_demand(
    demand_id: str,
    body: DemandCreate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> DemandRead:
    read = await service.resubmit(
        session,
        principal=principal,
        demand_id=demand_id,
        body=body,
        now=utcnow(),
        if_match=if_match,
    )
    return _etag(response, read)


@router.post(
    "/{demand_id}/withdraw",
    response_model=DemandRead,
    summary="Withdraw a demand",
    **CHANGE_OWN.route(),
)
async def withdraw_demand(
    demand_id: str,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    body: WithdrawCreate | None = None,
    if_match: IfMatch = None,
) -> DemandRead:
    read = await service.withdraw(
        session,
        principal=principal,
        demand_id=demand_id,
        reason=body.reason if body else None,
        now=utcnow(),
        if_match=if_match,
    )
    return _etag(response, read)


@router.post(
    "/{demand_id}/dispatch",
    response_model=DemandRead,
    summary="Township dispatches",
    **DISPATCH.route(),
)
async def dispatch_demand(
    demand_id: str, body: DispatchCreate, session: SessionDep, principal: PrincipalDep
) -> DemandRead:
    return await progress.dispatch(
        session, principal=principal, demand_id=demand_id, villages=body.villages, now=utcnow()
    )


@router.post(
    "/{demand_id}/receipts",
    response_model=DemandRead,
    summary="Acknowledge receipt",
    **PROGRESS.route(),
)
async def receive_demand(
    demand_id: str, session: SessionDep, principal: PrincipalDep, body: ReceiptCreate | None = None
) -> DemandRead:
    return await progress.receive(
        session,
        principal=principal,
        demand_id=demand_id,
        org=body.org if body else None,
        now=utcnow(),
    )


@router.post(
    "/{demand_id}/completion",
    response_model=DemandRead,
    summary="Report completion",
    **PROGRESS.route(),
)
async def complete_demand(
    demand_id: str, body: CompletionCreate, session: SessionDep, principal: PrincipalDep
) -> DemandRead:
    return await progress.complete(
        session,
        principal=principal,
        demand_id=demand_id,
        org=body.org,
        summary=body.summary,
        now=utcnow(),
    )
