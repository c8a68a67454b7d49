"""Period and result routes: close (evaluators), results and explanations, exports."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response

from grassroots.common import catalog_versions
from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, county_in
from grassroots.common.db import SessionDep
from grassroots.common.events.evaluation import Direction
from grassroots.common.exports import FILE_RESPONSES, Format, file_response, negotiate
from grassroots.evaluation.periods import exports, service
from grassroots.evaluation.periods.access import CLOSE, LIST_RESULTS, SEE_RESULT
from grassroots.evaluation.periods.schemas import Explanation, PeriodClose, PeriodRead, ResultRead
from grassroots.evaluation.settings import SettingsDep

router = APIRouter(tags=["periods"])
Year = Annotated[int, Path(ge=2000, le=2100)]
YearQ = Annotated[int, Query(ge=2000, le=2100)]


@router.post(
    "/v1/periods/{year}/close",
    response_model=PeriodRead,
    summary="Close a period",
    **CLOSE.route(),
)
async def close_period(
    year: Year,
    body: PeriodClose,
    request: Request,
    settings: SettingsDep,
    session: SessionDep,
    principal: PrincipalDep,
) -> PeriodRead:
    return await service.close(
        session,
        principal=principal,
        county=county_in(request),
        year=year,
        direction=body.direction,
        policy=settings.policy,
    )


@router.get(
    "/v1/results",
    response_model=list[ResultRead],
    summary="A closed period's results (Accept: text/csv or XLSX, or ?format=)",
    responses=FILE_RESPONSES,
    **LIST_RESULTS.route(),
)
async def list_results(
    request: Request,
    settings: SettingsDep,
    session: SessionDep,
    principal: PrincipalDep,
    year: YearQ,
    direction: Direction,
    format: Format | None = None,
    accept: Annotated[str | None, Header()] = None,
    county: CountyParam = None,
) -> list[ResultRead] | Response:
    wanted = negotiate(accept, format)  # 406 before any work for a format we cannot produce
    county = county_in(request)
    found = await service.results(
        session, principal=principal, county=county, year=year, direction=direction
    )
    if wanted == "json":
        return found
    document = await catalog_versions.active_document(session, county, date(year, 12, 31))
    names = {u.code: u.name for u in document.org_units} if document else {}
    share = settings.policy.pay_linked_share
    table = exports.table(found, names, share, year=year, direction=direction)
    return file_response(table, wanted, f"results-{year}-{direction}")


@router.get(
    "/v1/results/{org}/explain",
    response_model=Explanation,
    summary="Every point explained",
    **SEE_RESULT.route(),
)
async def explain(
    org: Annotated[str, Path(min_length=1, max_length=64)],
    request: Request,
    settings: SettingsDep,
    session: SessionDep,
    year: YearQ,
    direction: Direction | None = None,
) -> Explanation:
    return await service.explain(
        session,
        county=county_in(request),
        org=org,
        year=year,
        direction=direction,
        policy=settings.policy,
    )
