"""Matching routes: POST /v1/match; GET /v1/match/example-candidates (the reviewers' lessons)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from grassroots.common import clock
from grassroots.common.auth.access import county_in
from grassroots.common.db import SessionDep, utcnow
from grassroots.task_admission.matching import service
from grassroots.task_admission.matching.access import CANDIDATES, MATCH
from grassroots.task_admission.matching.schemas import CandidatePage, MatchQuery, MatchResult

router = APIRouter(prefix="/v1", tags=["matching"])


@router.post(
    "/match",
    response_model=MatchResult,
    summary="Rank duty items for a text (事项匹配)",
    **MATCH.route(),
)
async def match(request: Request, query: MatchQuery, session: SessionDep) -> MatchResult:
    county = county_in(request)  # the caller's own
    return await service.match(session, county=county, query=query, on=clock.china_date(utcnow()))


@router.get(
    "/match/example-candidates",
    response_model=CandidatePage,
    summary="Texts reviewers re-mapped: candidate example phrasings for the next catalog version",
    **CANDIDATES.route(),
)
async def example_candidates(
    request: Request,
    session: SessionDep,
    item: Annotated[str | None, Query(max_length=40)] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CandidatePage:
    return await service.candidates(
        session, county=county_in(request), item_code=item, cursor=cursor, limit=limit
    )
