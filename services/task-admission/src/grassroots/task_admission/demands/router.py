"""Demand routes: submit, read, list, history, review, resubmit, withdraw."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from grassroots.common import clock
from grassroots.common.auth import Principal, PrincipalDep, require_roles
from grassroots.common.concurrency import IfMatch, set_etag
from grassroots.common.db import SessionDep, utcnow
from grassroots.common.events.admission import DemandKind
from grassroots.task_admission.demands import progress, queries, service
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
Submitter = Annotated[Principal, Depends(require_roles("dept_submitter", "service"))]
Reviewer = Annotated[Principal, Depends(require_roles("admission_reviewer"))]
Township = Annotated[Principal, Depends(require_roles("township_admin"))]
Grassroots = Annotated[Principal, Depends(require_roles("township_admin", "village_operator"))]


def _etag(response: Response, read: DemandRead) -> DemandRead:
    set_etag(response, read.revision)
    return read


@router.post(
    "", status_code=201, response_model=DemandRead, summary="Submit a demand (自动准入审查)"
)
async def submit(
    body: DemandCreate, response: Response, session: SessionDep, principal: Submitter
) -> DemandRead:
    read = await service.submit(session, principal=principal, body=body, now=utcnow())
    response.headers["Location"] = f"/v1/demands/{read.id}"
    return _etag(response, read)


@router.get("", response_model=DemandPage, summary="Demands the caller may see, newest first")
async def list_demands(
    session: SessionDep,
    principal: PrincipalDep,
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
        filters=filters,
        cursor=cursor,
        limit=limit,
        today=clock.china_date(utcnow()),
    )


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=clock.CHINA)
    return value


@router.get("/{demand_id}", response_model=DemandRead, summary="One demand")
async def get_demand(
    demand_id: str, response: Response, session: SessionDep, principal: PrincipalDep
) -> DemandRead:
    read = await queries.get(
        session, principal=principal, demand_id=demand_id, today=clock.china_date(utcnow())
    )
    return _etag(response, read)


@router.get("/{demand_id}/history", response_model=list[HistoryEntry], summary="Every transition")
async def demand_history(
    demand_id: str, session: SessionDep, principal: PrincipalDep
) -> list[HistoryEntry]:
    return await queries.history(
        session, principal=principal, demand_id=demand_id, today=clock.china_date(utcnow())
    )


@router.post("/{demand_id}/review", response_model=DemandRead, summary="Approve, return or reject")
async def review_demand(
    demand_id: str,
    body: ReviewCreate,
    response: Response,
    session: SessionDep,
    principal: Reviewer,
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


@router.post("/{demand_id}/resubmit", response_model=DemandRead, summary="Resubmit after return")
async def resubmit_demand(
    demand_id: str,
    body: DemandCreate,
    response: Response,
    session: SessionDep,
    principal: Submitter,
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


@router.post("/{demand_id}/withdraw", response_model=DemandRead, summary="Withdraw a demand")
async def withdraw_demand(
    demand_id: str,
    response: Response,
    session: SessionDep,
    principal: Submitter,
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


@router.post("/{demand_id}/dispatch", response_model=DemandRead, summary="Township dispatches")
async def dispatch_demand(
    demand_id: str, body: DispatchCreate, session: SessionDep, principal: Township
) -> DemandRead:
    return await progress.dispatch(
        session, principal=principal, demand_id=demand_id, villages=body.villages, now=utcnow()
    )


@router.post("/{demand_id}/receipts", response_model=DemandRead, summary="Acknowledge receipt")
async def receive_demand(
    demand_id: str, session: SessionDep, principal: Grassroots, body: ReceiptCreate | None = None
) -> DemandRead:
    return await progress.receive(
        session,
        principal=principal,
        demand_id=demand_id,
        org=body.org if body else None,
        now=utcnow(),
    )


@router.post("/{demand_id}/completion", response_model=DemandRead, summary="Report completion")
async def complete_demand(
    demand_id: str, body: CompletionCreate, session: SessionDep, principal: Grassroots
) -> DemandRead:
    return await progress.complete(
        session,
        principal=principal,
        demand_id=demand_id,
        org=body.org,
        summary=body.summary,
        now=utcnow(),
    )
