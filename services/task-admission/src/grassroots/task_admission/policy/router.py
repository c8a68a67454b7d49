"""County admission policy routes: read (whoever works in the county), set (its reviewer)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, county_in
from grassroots.common.db import SessionDep
from grassroots.task_admission.policy import service
from grassroots.task_admission.policy.access import READ_POLICY, SET_POLICY
from grassroots.task_admission.policy.rules import AdmissionPolicy
from grassroots.task_admission.policy.schemas import PolicyRead, PolicyWrite

router = APIRouter(prefix="/v1/policies", tags=["policy"])


@router.get(
    "/admission",
    response_model=PolicyRead,
    summary="The county's admission policy",
    **READ_POLICY.route(),
)
async def get_policy(
    request: Request, session: SessionDep, county: CountyParam = None
) -> PolicyRead:
    policy = await service.get(session, county=county_in(request))
    return PolicyRead(county=county_in(request), **asdict(policy))


@router.put(
    "/admission",
    response_model=PolicyRead,
    summary="Set the county's admission policy",
    **SET_POLICY.route(),
)
async def put_policy(
    request: Request, body: PolicyWrite, session: SessionDep, principal: PrincipalDep
) -> PolicyRead:
    county = county_in(request)
    policy = AdmissionPolicy(**body.model_dump())
    await service.put(session, principal=principal, county=county, policy=policy)
    return PolicyRead(county=county, **asdict(policy))
