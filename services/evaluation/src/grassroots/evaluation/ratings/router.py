"""Rating routes: townships rate departments, departments (and named groups) rate townships."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from grassroots.common.auth import Principal, require_roles
from grassroots.common.db import SessionDep
from grassroots.evaluation.access import county_of
from grassroots.evaluation.ratings import service
from grassroots.evaluation.ratings.schemas import RatingCreate, RatingRead

router = APIRouter(prefix="/v1/ratings", tags=["ratings"])
RaterDep = Annotated[
    Principal, Depends(require_roles("township_admin", "dept_submitter", "evaluator"))
]


@router.post("", status_code=201, response_model=RatingRead, summary="Rate as the caller's org")
async def rate(
    body: RatingCreate, response: Response, session: SessionDep, principal: RaterDep
) -> RatingRead:
    county = await county_of(session, principal)
    result = await service.rate(session, principal=principal, county=county, body=body)
    if result.replaced:
        response.status_code = 200
    return result
