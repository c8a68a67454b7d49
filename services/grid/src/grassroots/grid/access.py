"""Who may do what in grid (DESIGN §1): the role groups, the grid's target and the declarations of
the map routes (layers, grids, workers, duties). Events and whistles declare theirs beside their
routers (`events/access.py`, `whistles/access.py`), in the same terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import Query, Request
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
    target_of,
    unit_target,
)
from grassroots.common.catalog import regions
from grassroots.common.problems import ProblemError, not_found, unprocessable
from grassroots.grid.layers import repository as layers
from grassroots.grid.layers.models import GridRow
from grassroots.grid.layers.rules import township_named

GRID_CENTRE = ("township_admin",)  # the township's grid centre (乡镇网格化服务管理中心)
TOWNSHIP_STAFF = ("township_admin", "grid_worker", "enforcement_officer", "enforcement_supervisor")
# everyone placed in a county who works with its map: the township and its villages, the county's
# departments (they register duties on grids), the county's staff and other systems
MAP_READERS = (
    *TOWNSHIP_STAFF,
    "village_operator",
    "dept_submitter",
    "catalog_admin",
    "evaluator",
    "service",
)


def check_township_code(township: str) -> None:
    """422 unless `township` is a 12-digit township code (乡镇/街道)."""
    if not (
        isinstance(township, str)
        and len(township) == 12
        and township.isdigit()
        and township.endswith("000")
        and not township.endswith("000000")
    ):
        raise unprocessable("E-TOWNSHIP-CODE", "乡镇(街道)区划代码不正确", str(township)[:40])


TownshipParam = Annotated[
    str | None,
    Query(pattern=r"^\d{12}$", description="the township (default: the caller's own)"),
]


def township_in(request: Request) -> str:
    """The township a permitted read is about: `?township=`, else the caller's own (a village's
    is its township); 422 E-TOWNSHIP-REQUIRED for a caller standing in none (a department)."""
    township = request.query_params.get("township") or target_of(request).township
    if township is None:
        raise unprocessable("E-TOWNSHIP-REQUIRED", "请指定乡镇(township)", "?township=")
    return township


def no_township() -> Exception:
    return unprocessable("E-LAYER-TOWNSHIP", "请指定图层所属乡镇(township)")


def village_of(grid_id: str | None) -> str | None:
    """The village (村/社区) a comprehensive grid was built from: its id is `<village>-NN`."""
    code = (grid_id or "").rsplit("-", 1)[0]
    return code if regions.org_kind_of_region_code(code) == "village" else None


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
        try:
            body = await request.json()
        except ValueError:
            return None
        if not isinstance(body, Mapping):
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
