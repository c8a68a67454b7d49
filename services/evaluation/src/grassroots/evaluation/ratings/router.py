"""Rating routes: townships rate departments, departments (and named groups) rate townships."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import county_in
from grassroots.common.db import SessionDep
from grassroots.evaluation.ratings import service
from grassroots.evaluation.ratings.access import RATE
from grassroots.evaluation.ratings.schemas import RatingCreate, RatingRead

router = APIRouter(prefix="/v1/ratings", tags=["ratings"])


@router.post(
    "",
    status_code=201,
    response_model=RatingRead,
    summary="Rate, as the caller's org, a unit of its county",
    **RATE.route(),
)
async def rate(
    body: RatingCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
) -> RatingRead:
    result = await service.rate(session, principal=principal, county=county_in(request), body=body)
    if result.replaced:
        response.status_code = 200
    return result
