"""Matching route: POST /v1/match."""

from __future__ import annotations

from fastapi import APIRouter, Request

from grassroots.common import clock
from grassroots.common.auth.access import county_in
from grassroots.common.db import SessionDep, utcnow
from grassroots.task_admission.matching import service
from grassroots.task_admission.matching.access import MATCH
from grassroots.task_admission.matching.schemas import MatchQuery, MatchResult

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
