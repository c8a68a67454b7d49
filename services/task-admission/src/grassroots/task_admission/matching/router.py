"""Matching route: POST /v1/match."""

from __future__ import annotations

from fastapi import APIRouter

from grassroots.common import clock
from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep, utcnow
from grassroots.task_admission.demands import access
from grassroots.task_admission.matching import service
from grassroots.task_admission.matching.schemas import MatchQuery, MatchResult

router = APIRouter(prefix="/v1", tags=["matching"])


@router.post("/match", response_model=MatchResult, summary="Rank duty items for a text (事项匹配)")
async def match(query: MatchQuery, session: SessionDep, principal: PrincipalDep) -> MatchResult:
    today = clock.china_date(utcnow())
    county = await access.county_of(session, principal, today)
    if county is None:
        raise access.forbidden("无法确定所属县")
    return await service.match(session, county=county, query=query, on=today)
