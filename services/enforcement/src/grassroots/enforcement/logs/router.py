"""Enforcement-log routes: patrol/inspection entries, the chain, its verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.enforcement import access
from grassroots.enforcement.logs import patrols, service
from grassroots.enforcement.logs.schemas import (
    LogEntryRead,
    LogPage,
    PatrolCreate,
    VerificationRead,
)

router = APIRouter(prefix="/v1/logs", tags=["logs"])
Township = Annotated[str, Query(pattern=r"^\d{9}000$")]


@router.post("", status_code=201, response_model=LogEntryRead, summary="Record a patrol/inspection")
async def record_patrol(
    data: PatrolCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
) -> LogEntryRead:
    entry = await patrols.record(
        session, principal=principal, data=data, policy=request.app.state.settings.policy
    )
    response.headers["Location"] = f"/v1/logs?township={entry.township}&after_seq={entry.seq - 1}"
    return LogEntryRead.model_validate(entry)


@router.get("", response_model=LogPage, summary="A township's log in chain order")
async def list_log(
    session: SessionDep,
    principal: PrincipalDep,
    township: Township,
    after_seq: Annotated[int, Query(ge=0, le=2**31)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    case_id: Annotated[str | None, Query(max_length=40)] = None,
) -> LogPage:
    access.require_read(principal, township)
    rows = await service.list_entries(
        session, township=township, after_seq=after_seq, limit=limit + 1, case_id=case_id
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return LogPage(
        items=[LogEntryRead.model_validate(r) for r in rows],
        next_after_seq=rows[-1].seq if more else None,
    )


@router.get("/verify", response_model=VerificationRead, summary="Walk the chain end to end")
async def verify_log(
    session: SessionDep, principal: PrincipalDep, township: Township
) -> VerificationRead:
    access.require_read(principal, township)
    result = await service.verify(session, township=township)
    return VerificationRead(
        township=township,
        ok=result.ok,
        entries=result.entries,
        first_bad_seq=result.first_bad_seq,
        code=result.code,
        message=result.message,
    )
