"""Scheme routes: evaluators create and replace; everyone in the county reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, county_in
from grassroots.common.concurrency import IfMatch, set_etag
from grassroots.common.db import SessionDep
from grassroots.common.events.evaluation import Direction
from grassroots.evaluation.schemes import service
from grassroots.evaluation.schemes.access import CREATE, LIST, REPLACE, SEE
from grassroots.evaluation.schemes.schemas import SchemeCreate, SchemeRead, SchemeReplace
from grassroots.evaluation.settings import SettingsDep

router = APIRouter(prefix="/v1/schemes", tags=["schemes"])


@router.post(
    "", status_code=201, response_model=SchemeRead, summary="Create a scheme", **CREATE.route()
)
async def create_scheme(
    body: SchemeCreate,
    request: Request,
    settings: SettingsDep,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
) -> SchemeRead:
    created = await service.create(
        session,
        principal=principal,
        county=county_in(request),
        body=body,
        policy=settings.policy,
    )
    response.headers["Location"] = f"/v1/schemes/{created.id}"
    set_etag(response, created.version)
    return created


@router.put(
    "/{scheme_id}",
    response_model=SchemeRead,
    summary="Replace a scheme's indicators",
    **REPLACE.route(),
)
async def replace_scheme(
    scheme_id: str,
    body: SchemeReplace,
    settings: SettingsDep,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> SchemeRead:
    replaced = await service.replace(
        session,
        principal=principal,
        scheme_id=scheme_id,
        indicators=body.indicators,
        if_match=if_match,
        policy=settings.policy,
    )
    set_etag(response, replaced.version)
    return replaced


@router.get(
    "",
    response_model=list[SchemeRead],
    summary="Schemes of the caller's county (or of `?county=`)",
    **LIST.route(),
)
async def list_schemes(
    request: Request,
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    direction: Direction | None = None,
    county: CountyParam = None,
) -> list[SchemeRead]:
    # every row is of the county the declaration permitted: each one's own read permits it too
    return await service.list_schemes(
        session, county=county_in(request), year=year, direction=direction
    )


@router.get("/{scheme_id}", response_model=SchemeRead, summary="One scheme", **SEE.route())
async def one_scheme(scheme_id: str, response: Response, session: SessionDep) -> SchemeRead:
    row = await service.get_or_raise(session, scheme_id=scheme_id)
    set_etag(response, row.version)
    return service.read(row)
