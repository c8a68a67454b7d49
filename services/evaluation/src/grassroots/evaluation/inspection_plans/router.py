"""Inspection plan routes: departments register, the evaluator approves or refuses."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, county_in
from grassroots.common.db import SessionDep
from grassroots.evaluation.inspection_plans import service
from grassroots.evaluation.inspection_plans.access import DECIDE, FILE, LIST, SEE
from grassroots.evaluation.inspection_plans.schemas import PlanCreate, PlanDecision, PlanRead
from grassroots.evaluation.settings import SettingsDep

router = APIRouter(prefix="/v1/inspection-plans", tags=["inspection-plans"])
PlanId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post(
    "",
    status_code=201,
    response_model=PlanRead,
    summary="Register an inspection plan for townships of the county",
    **FILE.route(),
)
async def register(
    body: PlanCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
) -> PlanRead:
    plan = await service.register(
        session, principal=principal, county=county_in(request), body=body
    )
    response.headers["Location"] = f"/v1/inspection-plans/{plan.id}"
    return plan


@router.post(
    "/{plan_id}/approve",
    response_model=PlanRead,
    summary="Approve (within the caps)",
    **DECIDE.route(),
)
async def approve(
    plan_id: PlanId, settings: SettingsDep, session: SessionDep, principal: PrincipalDep
) -> PlanRead:
    cap = settings.policy.inspection_cap_per_township
    return await service.approve(session, principal=principal, plan_id=plan_id, cap=cap)


@router.post(
    "/{plan_id}/refuse",
    response_model=PlanRead,
    summary="Refuse with a reason",
    **DECIDE.route(),
)
async def refuse(
    plan_id: PlanId, body: PlanDecision, session: SessionDep, principal: PrincipalDep
) -> PlanRead:
    return await service.refuse(session, principal=principal, plan_id=plan_id, reason=body.reason)


@router.get(
    "",
    response_model=list[PlanRead],
    summary="The county's plans the caller may read",
    **LIST.route(),
)
async def list_plans(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    status: Literal["registered", "approved", "refused"] | None = None,
    county: CountyParam = None,
) -> list[PlanRead]:
    return list(
        await service.list_plans(
            session, principal=principal, county=county_in(request), year=year, status=status
        )
    )


@router.get("/{plan_id}", response_model=PlanRead, summary="One plan", **SEE.route())
async def one_plan(plan_id: PlanId, session: SessionDep) -> PlanRead:
    return await service.get_or_raise(session, plan_id=plan_id)
