"""Complaint routes: file, rule, read, list."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, county_in
from grassroots.common.db import SessionDep, utcnow
from grassroots.task_admission.complaints import service
from grassroots.task_admission.complaints.access import (
    FILE,
    LIST_COMPLAINTS,
    RULE,
    SEE_COMPLAINT,
)
from grassroots.task_admission.complaints.schemas import (
    ComplaintCreate,
    ComplaintPage,
    ComplaintRead,
    RulingCreate,
)

router = APIRouter(prefix="/v1/complaints", tags=["complaints"])


@router.post(
    "", status_code=201, response_model=ComplaintRead, summary="File a complaint", **FILE.route()
)
async def file_complaint(
    body: ComplaintCreate, response: Response, session: SessionDep, principal: PrincipalDep
) -> ComplaintRead:
    read = await service.file(session, principal=principal, body=body, now=utcnow())
    response.headers["Location"] = f"/v1/complaints/{read.id}"
    return read


@router.post(
    "/{complaint_id}/ruling",
    response_model=ComplaintRead,
    summary="Uphold or dismiss",
    **RULE.route(),
)
async def rule_complaint(
    complaint_id: str, body: RulingCreate, session: SessionDep, principal: PrincipalDep
) -> ComplaintRead:
    return await service.rule(
        session, principal=principal, complaint_id=complaint_id, body=body, now=utcnow()
    )


@router.get(
    "/{complaint_id}",
    response_model=ComplaintRead,
    summary="One complaint",
    **SEE_COMPLAINT.route(),
)
async def get_complaint(complaint_id: str, session: SessionDep) -> ComplaintRead:
    return await service.get(session, complaint_id=complaint_id)


@router.get(
    "",
    response_model=ComplaintPage,
    summary="Complaints the caller may see",
    **LIST_COMPLAINTS.route(),
)
async def list_complaints(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    county: CountyParam = None,
    status: Literal["filed", "upheld", "dismissed"] | None = None,
) -> ComplaintPage:
    return await service.list_(
        session, principal=principal, county=county_in(request), status=status
    )
