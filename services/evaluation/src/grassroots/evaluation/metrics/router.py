"""Metric routes: GET /v1/metrics?org=&year=."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, Target, county_in
from grassroots.common.catalog.regions import township_of
from grassroots.common.db import SessionDep
from grassroots.evaluation.metrics import service
from grassroots.evaluation.metrics.access import DEFINITIONS, RANK, SEE_METRICS
from grassroots.evaluation.metrics.definitions import METRICS
from grassroots.evaluation.metrics.schemas import MetricDefinitionRead, MetricsPage, Ranking

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])


@router.get(
    "",
    response_model=MetricsPage,
    summary="An org's metrics for a year, per month",
    **SEE_METRICS.route(),
)
async def list_metrics(
    session: SessionDep,
    org: Annotated[str, Query(min_length=1, max_length=64)],
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> MetricsPage:
    return await service.for_org(session, org=org, year=year)


@router.get(
    "/ranking",
    response_model=Ranking,
    summary="The county's orgs ranked on one metric (三率 monthly)",
    **RANK.route(),
)
async def ranking(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    metric: Annotated[str, Query(min_length=1, max_length=64)],
    year: Annotated[int, Query(ge=2000, le=2100)],
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    county: CountyParam = None,
) -> Ranking:
    where = county_in(request)
    ranked = await service.ranking(session, county=where, metric=metric, year=year, month=month)
    # each row is one org's metrics: shown only where its own read would be
    ranked.rows = [
        row
        for row in ranked.rows
        if SEE_METRICS.permits(
            principal, Target(county=where, township=township_of(row.org), unit=row.org)
        )
    ]
    return ranked


@router.get(
    "/definitions",
    response_model=list[MetricDefinitionRead],
    summary="Every metric a scheme may use, with its definition",
    **DEFINITIONS.route(),
)
async def definitions() -> list[MetricDefinitionRead]:
    return [MetricDefinitionRead.model_validate(m, from_attributes=True) for m in METRICS.values()]
