"""Complaint routes: file, rule, read, list."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response

from grassroots.common.auth import Principal, PrincipalDep, require_roles
from grassroots.common.db import SessionDep, utcnow
from grassroots.task_admission.complaints import service
from grassroots.task_admission.complaints.schemas import (
    ComplaintCreate,
    ComplaintPage,
    ComplaintRead,
    RulingCreate,
)

router = APIRouter(prefix="/v1/complaints", tags=["complaints"])
Grassroots = Annotated[Principal, Depends(require_roles("township_admin", "village_operator"))]
Reviewer = Annotated[Principal, Depends(require_roles("admission_reviewer"))]


@router.post("", status_code=201, response_model=ComplaintRead, summary="File a complaint")
async def file_complaint(
    body: ComplaintCreate, response: Response, session: SessionDep, principal: Grassroots
) -> ComplaintRead:
    read = await service.file(session, principal=principal, body=body, now=utcnow())
    response.headers["Location"] = f"/v1/complaints/{read.id}"
    return read


@router.post("/{complaint_id}/ruling", response_model=ComplaintRead, summary="Uphold or dismiss")
async def rule_complaint(
    complaint_id: str, body: RulingCreate, session: SessionDep, principal: Reviewer
) -> ComplaintRead:
    return await service.rule(
        session, principal=principal, complaint_id=complaint_id, body=body, now=utcnow()
    )


@router.get("/{complaint_id}", response_model=ComplaintRead, summary="One complaint")
async def get_complaint(
    complaint_id: str, session: SessionDep, principal: PrincipalDep
) -> ComplaintRead:
    return await service.get(session, principal=principal, complaint_id=complaint_id, now=utcnow())


@router.get("", response_model=ComplaintPage, summary="Complaints the caller may see")
async def list_complaints(
    session: SessionDep,
    principal: PrincipalDep,
    status: Literal["filed", "upheld", "dismissed"] | None = None,
) -> ComplaintPage:
    return await service.list_(session, principal=principal, status=status, now=utcnow())
