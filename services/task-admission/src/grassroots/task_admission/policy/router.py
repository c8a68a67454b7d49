"""County admission policy routes: read (any county principal), set (admission_reviewer)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends

from grassroots.common import clock
from grassroots.common.auth import Principal, PrincipalDep, require_roles
from grassroots.common.db import SessionDep, utcnow
from grassroots.task_admission.demands import access
from grassroots.task_admission.demands.rules import AdmissionPolicy
from grassroots.task_admission.policy import service
from grassroots.task_admission.policy.schemas import PolicyRead, PolicyWrite

router = APIRouter(prefix="/v1/policies", tags=["policy"])
Reviewer = Annotated[Principal, Depends(require_roles("admission_reviewer"))]


async def _county(session: SessionDep, principal: Principal) -> str:
    county = await access.county_of(session, principal, clock.china_date(utcnow()))
    if county is None:
        raise access.forbidden("无法确定所属县")
    return county


@router.get("/admission", response_model=PolicyRead, summary="The county's admission policy")
async def get_policy(session: SessionDep, principal: PrincipalDep) -> PolicyRead:
    county = await _county(session, principal)
    policy = await service.get(session, county=county)
    return PolicyRead(county=county, **asdict(policy))


@router.put("/admission", response_model=PolicyRead, summary="Set the county's admission policy")
async def put_policy(body: PolicyWrite, session: SessionDep, principal: Reviewer) -> PolicyRead:
    county = await _county(session, principal)
    policy = AdmissionPolicy(**body.model_dump())
    await service.put(session, principal=principal, county=county, policy=policy)
    return PolicyRead(county=county, **asdict(policy))
