"""Grid routes: the comprehensive layer (GeoJSON), one grid with its workers and duties, locate."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.grid.access import TownshipParam, township_in
from grassroots.grid.grids import service
from grassroots.grid.grids.schemas import LocateBatch, Located, LocatedBatch
from grassroots.grid.layers.access import LOCATE, READ_MAP, SEE_GRID
from grassroots.grid.settings import SettingsDep
from grassroots.grid.workers import service as workers

router = APIRouter(prefix="/v1/grids", tags=["grids"])


@router.get(
    "",
    summary="A township's comprehensive grids (GeoJSON FeatureCollection)",
    **READ_MAP.route(),
)
async def list_grids(
    request: Request, session: SessionDep, township: TownshipParam = None
) -> dict[str, Any]:
    return await service.list_grids(session, township=township_in(request))


@router.get("/locate", response_model=Located, summary="The grid holding a point", **LOCATE.route())
async def locate(
    settings: SettingsDep,
    session: SessionDep,
    principal: PrincipalDep,
    lon: Annotated[float, Query(ge=-180, le=180, allow_inf_nan=False)],
    lat: Annotated[float, Query(ge=-90, le=90, allow_inf_nan=False)],
) -> Located:
    url = settings.database_url
    grid_id, township = await service.locate_for(
        session, principal=principal, database_url=url, lon=lon, lat=lat
    )
    return Located(lon=lon, lat=lat, grid_id=grid_id, township=township)


@router.post(
    "/locate",
    response_model=LocatedBatch,
    summary="Grids of up to 100,000 points, in order",
    **LOCATE.route(),
)
async def locate_batch(
    settings: SettingsDep, body: LocateBatch, session: SessionDep, principal: PrincipalDep
) -> LocatedBatch:
    url = settings.database_url
    grids = await service.locate_many(
        session, principal=principal, database_url=url, points=list(body.points)
    )
    return LocatedBatch(grids=grids, located=sum(1 for g in grids if g is not None))


@router.get(
    "/{grid_id}",
    summary="One grid (GeoJSON Feature) with its workers and duties",
    **SEE_GRID.route(),
)
async def get_grid(grid_id: str, session: SessionDep) -> dict[str, Any]:
    row = await service.get_or_raise(session, grid_id=grid_id)
    return service.feature_of(
        row,
        workers=await workers.workers_of(session, grid_id=grid_id),
        duties=await workers.duties_of(session, grid_id=grid_id),
    )
