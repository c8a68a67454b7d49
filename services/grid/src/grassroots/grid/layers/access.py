"""Who may read and change the map (layers, merges, grids, workers, duties): one declaration per
route (DESIGN §1), and where a grid stands."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.auth.access import (
    AUDIT,
    CALLER,
    Access,
    FromBody,
    FromPath,
    FromQuery,
    Grant,
    Locator,
    Target,
    json_body,
    unit_target,
)
from grassroots.common.catalog import regions
from grassroots.common.problems import ProblemError, not_found
from grassroots.grid.access import GRID_CENTRE, MAP_READERS, no_township, village_of
from grassroots.grid.layers import repository as layers
from grassroots.grid.layers.models import GridRow
from grassroots.grid.layers.rules import township_named


def grid_row_target(row: GridRow) -> Target:
    """A grid stands in its township, owned by the village it was built from."""
    return Target(
        county=regions.county_part(row.township),
        township=row.township,
        unit=row.base_code if village_of(row.grid_id) else row.township,
    )


async def grid_target(session: AsyncSession, grid_id: str) -> Target | None:
    row = await layers.current_grid(session, grid_id[:40])
    return grid_row_target(row) if row is not None else None


def grid_not_found(grid_id: str) -> ProblemError:
    return not_found("网格", grid_id)


class LayerTownship(Locator):
    """A layer's township (`layers.rules.township_named`): a body naming none is refused
    422 E-LAYER-TOWNSHIP, as the service would."""

    async def target(self, request: Request, session: AsyncSession, p: Principal) -> Target | None:
        body = await json_body(request)
        if body is None:
            return None
        code = township_named(body)
        if code is None:
            raise no_township()
        return await unit_target(session, code)


# the township's map: layers, merges, grids. Grid workers' names and phones are posted on the
# grids' public boards (网格员公示), so the county reads them; other counties do not
READ_MAP = Access(Grant(MAP_READERS, "county"), *AUDIT, target=FromQuery("township"))
SEE_GRID = Access(
    Grant(MAP_READERS, "county"),
    *AUDIT,
    target=FromPath("grid_id", grid_target, missing=grid_not_found),
)
LOCATE = Access(
    Grant(MAP_READERS, "county"),
    target=CALLER,
    rows="GET /v1/grids/{grid_id}",
    note="a point in a grid the caller may not read is answered as in no grid",
)
IMPORT_LAYER = Access(
    Grant(GRID_CENTRE, "township"),
    target=LayerTownship("body", "township"),
    note="township: the body's, or the one a base layer's or boundary's features name",
)
MERGE = Access(Grant(GRID_CENTRE, "township"), target=FromBody("township"))
ADD_WORKER = Access(  # the county reads every grid: another township's is 403, not 404
    Grant(GRID_CENTRE, "township"),
    target=FromPath("grid_id", grid_target, missing=grid_not_found, hide=False),
)
REGISTER_DUTY = Access(
    Grant(("dept_submitter", "service"), "unit"),
    target=FromBody("department"),
    note="each grid named must be one the department may read (its county's)",
)
