"""Metric routes: GET /v1/metrics?org=&year=."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from grassroots.common.auth import Principal, PrincipalDep, require_roles
from grassroots.common.db import SessionDep
from grassroots.evaluation.access import READ_ALL, county_of, require_may_read
from grassroots.evaluation.metrics import service
from grassroots.evaluation.metrics.definitions import METRICS
from grassroots.evaluation.metrics.schemas import MetricDefinitionRead, MetricsPage, Ranking

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])


@router.get("", response_model=MetricsPage, summary="An org's metrics for a year, per month")
async def list_metrics(
    session: SessionDep,
    principal: PrincipalDep,
    org: Annotated[str, Query(min_length=1, max_length=64)],
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> MetricsPage:
    require_may_read(principal, org)
    return await service.for_org(session, org=org, year=year)


@router.get(
    "/ranking",
    response_model=Ranking,
    summary="The county's orgs ranked on one metric (三率 monthly)",
)
async def ranking(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_roles(*READ_ALL))],
    metric: Annotated[str, Query(min_length=1, max_length=64)],
    year: Annotated[int, Query(ge=2000, le=2100)],
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
) -> Ranking:
    county = await county_of(session, principal)
    return await service.ranking(session, county=county, metric=metric, year=year, month=month)


@router.get(
    "/definitions",
    response_model=list[MetricDefinitionRead],
    summary="Every metric a scheme may use, with its definition",
)
async def definitions(principal: PrincipalDep) -> list[MetricDefinitionRead]:
    return [MetricDefinitionRead.model_validate(m, from_attributes=True) for m in METRICS.values()]
