"""Grid use cases: the current comprehensive layer as GeoJSON, point → grid."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.auth.access import Target
from grassroots.common.catalog.regions import county_part
from grassroots.common.problems import not_found
from grassroots.grid.access import village_of
from grassroots.grid.grids.index import NOWHERE, GridShape, LocateIndex, cache_for
from grassroots.grid.layers import repository
from grassroots.grid.layers.access import SEE_GRID
from grassroots.grid.layers.models import GridRow

THREADED = 1_000  # a batch of this many points or more is located in a worker thread


def feature_of(row: GridRow, **extra: Any) -> dict[str, Any]:
    """A grid as a GeoJSON Feature."""
    return {
        "type": "Feature",
        "id": row.grid_id,
        "geometry": row.geometry,
        "properties": {
            "grid_id": row.grid_id,
            "name": row.name,
            "township": row.township,
            "base_code": row.base_code,
            "households": row.households,
            "area_m2": row.area_m2,
            "layer_version": row.layer_version,
            **extra,
        },
    }


async def list_grids(session: AsyncSession, *, township: str) -> dict[str, Any]:
    """The township's current comprehensive grids as a FeatureCollection."""
    rows = await repository.current_grids(session, township)
    return {"type": "FeatureCollection", "features": [feature_of(r) for r in rows]}


async def get_or_raise(session: AsyncSession, *, grid_id: str) -> GridRow:
    """A current grid, or 404."""
    row = await repository.current_grid(session, grid_id)
    if row is None:
        raise not_found("网格", grid_id)  # who may read it, the route's `SEE_GRID` decided
    return row


async def index_of(session: AsyncSession, database_url: str) -> LocateIndex:
    """The process's locate index for the current layers (built once per generation)."""
    generation = await repository.latest_merge_id(session)

    async def load() -> list[GridShape]:
        rows = await repository.current_grids(session)
        return [GridShape(r.grid_id, r.township, r.geometry) for r in rows]

    return await cache_for(database_url).get(generation, load)


async def locate(
    session: AsyncSession, *, database_url: str, lon: float, lat: float
) -> tuple[str | None, str | None]:
    """The grid and township holding a point (smallest grid id on a shared border)."""
    index = await index_of(session, database_url)
    found = index.locate(lon, lat)
    if found == NOWHERE:
        return None, None
    return index.grid_ids[found], index.townships[found]


async def locate_for(
    session: AsyncSession, *, principal: Principal, database_url: str, lon: float, lat: float
) -> tuple[str | None, str | None]:
    """The grid holding a point, if the principal may read it (`access.SEE_GRID`), else none."""
    grid_id, township = await locate(session, database_url=database_url, lon=lon, lat=lat)
    if grid_id is None or township is None or not _readable(principal, grid_id, township):
        return None, None
    return grid_id, township


async def locate_many(
    session: AsyncSession,
    *,
    principal: Principal,
    database_url: str,
    points: list[tuple[float, float]],
) -> list[str | None]:
    """One grid id (or None) per point; a grid the principal may not read is None."""
    index = await index_of(session, database_url)
    if not points:
        return []
    coords = np.asarray(points, dtype=float)
    if len(points) >= THREADED:  # off the event loop: other requests go on meanwhile
        found = await asyncio.to_thread(index.locate_many, coords[:, 0], coords[:, 1])
    else:
        found = index.locate_many(coords[:, 0], coords[:, 1])
    ids, townships = index.grid_ids, index.townships
    readable = {
        i: _readable(principal, ids[i], townships[i]) for i in set(found.tolist()) if i != NOWHERE
    }
    return [ids[i] if i != NOWHERE and readable[i] else None for i in found.tolist()]


def _readable(principal: Principal, grid_id: str, township: str) -> bool:
    target = Target(county=county_part(township), township=township, unit=village_of(grid_id))
    return SEE_GRID.permits(principal, target)
