"""Who may do what in grid (DESIGN §1): the role groups and the township helpers every domain's
declarations use. Each domain declares its routes beside its router (`layers/access.py` for the
map: layers, grids, workers, duties; `events/access.py`, `whistles/access.py`,
`open311/access.py`); this module imports no domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from grassroots.common.auth.access import target_of
from grassroots.common.catalog import regions
from grassroots.common.problems import ProblemError
from grassroots.grid.codes import LAYER_TOWNSHIP, TOWNSHIP_CODE, TOWNSHIP_REQUIRED

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
        raise ProblemError(TOWNSHIP_CODE, None, str(township)[:40])


TownshipParam = Annotated[
    str | None,
    Query(pattern=r"^\d{12}$", description="the township (default: the caller's own)"),
]


def township_in(request: Request) -> str:
    """The township a permitted read is about: `?township=`, else the caller's own (a village's
    is its township); 422 E-TOWNSHIP-REQUIRED for a caller standing in none (a department)."""
    township = request.query_params.get("township") or target_of(request).township
    if township is None:
        raise ProblemError(TOWNSHIP_REQUIRED, None, "?township=")
    return township


def no_township() -> Exception:
    return ProblemError(LAYER_TOWNSHIP)


def village_of(grid_id: str | None) -> str | None:
    """The village (村/社区) a comprehensive grid was built from: its id is `<village>-NN`."""
    code = (grid_id or "").rsplit("-", 1)[0]
    return code if regions.org_kind_of_region_code(code) == "village" else None
