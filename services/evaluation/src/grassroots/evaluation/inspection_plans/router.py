"""Inspection plan routes: departments register, the evaluator approves or refuses."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from grassroots.common.auth import Principal, PrincipalDep, require_roles
from grassroots.common.db import SessionDep
from grassroots.evaluation.access import EvaluatorDep, county_of
from grassroots.evaluation.inspection_plans import service
from grassroots.evaluation.inspection_plans.schemas import PlanCreate, PlanDecision, PlanRead

router = APIRouter(prefix="/v1/inspection-plans", tags=["inspection-plans"])
DepartmentDep = Annotated[Principal, Depends(require_roles("dept_submitter"))]
PlanId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", status_code=201, response_model=PlanRead, summary="Register an inspection plan")
async def register(
    body: PlanCreate, response: Response, session: SessionDep, principal: DepartmentDep
) -> PlanRead:
    county = await county_of(session, principal)
    plan = await service.register(session, principal=principal, county=county, body=body)
    response.headers["Location"] = f"/v1/inspection-plans/{plan.id}"
    return plan


@router.post("/{plan_id}/approve", response_model=PlanRead, summary="Approve (within the caps)")
async def approve(
    plan_id: PlanId, request: Request, session: SessionDep, principal: EvaluatorDep
) -> PlanRead:
    county = await county_of(session, principal)
    cap = request.app.state.settings.policy.inspection_cap_per_township
    return await service.approve(
        session, principal=principal, county=county, plan_id=plan_id, cap=cap
    )


@router.post("/{plan_id}/refuse", response_model=PlanRead, summary="Refuse with a reason")
async def refuse(
    plan_id: PlanId, body: PlanDecision, session: SessionDep, principal: EvaluatorDep
) -> PlanRead:
    county = await county_of(session, principal)
    return await service.refuse(
        session, principal=principal, county=county, plan_id=plan_id, reason=body.reason
    )


@router.get("", response_model=list[PlanRead], summary="Plans of the county (or one's own)")
async def list_plans(
    session: SessionDep,
    principal: PrincipalDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    status: Literal["registered", "approved", "refused"] | None = None,
) -> list[PlanRead]:
    county = await county_of(session, principal)
    return list(
        await service.list_plans(
            session, principal=principal, county=county, year=year, status=status
        )
    )
