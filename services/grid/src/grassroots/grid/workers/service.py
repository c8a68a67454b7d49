"""Worker and duty use cases: assign workers to grids, register department duties on grids."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError, not_found, unprocessable
from grassroots.grid.access import county_of, require_township_admin
from grassroots.grid.layers import repository as grids
from grassroots.grid.workers import repository
from grassroots.grid.workers.models import GridDutyRow, GridWorkerRow
from grassroots.grid.workers.schemas import DutyCreate, DutyRead, WorkerCreate, WorkerRead


async def add_worker(
    session: AsyncSession, *, principal: Principal, grid_id: str, body: WorkerCreate
) -> WorkerRead:
    """Puts a named worker on a grid (township office only)."""
    grid = await grids.current_grid(session, grid_id)
    if grid is None:
        raise not_found("网格", grid_id)
    require_township_admin(principal, grid.township)
    row = GridWorkerRow(
        id=uuid.uuid4().hex, grid_id=grid_id, township=grid.township, **body.model_dump()
    )
    session.add(row)
    await session.flush()
    audit.record(
        session,
        principal,
        entity="grid_worker",
        entity_id=row.id,
        action="assign",
        changes={"grid_id": grid_id, "name": body.name, "post": body.post},
    )
    return WorkerRead.model_validate(row, from_attributes=True)


async def register_duty(
    session: AsyncSession, *, principal: Principal, body: DutyCreate
) -> list[DutyRead]:
    """A department registers one of its functions on grids of its county."""
    if not (principal.has_any("dept_submitter", "service") and principal.org == body.department):
        raise ProblemError(403, "AUTH-ORG", "只能登记本部门的网格职责", f"本单位为 {principal.org}")
    county = principal.county or await catalog_versions.county_of_org(
        session, body.department, clock.today()
    )
    rows = []
    for grid_id in dict.fromkeys(body.grid_ids):
        grid = await grids.current_grid(session, grid_id)
        if grid is None:
            raise unprocessable("E-GRID-UNKNOWN", "网格不存在", grid_id)
        if county != county_of(grid.township):
            raise ProblemError(403, "AUTH-ORG", "只能在本县网格登记职责", grid_id)
        row = GridDutyRow(
            id=uuid.uuid4().hex,
            grid_id=grid_id,
            department=body.department,
            function=body.function,
            duty_item_code=body.duty_item_code,
        )
        session.add(row)
        rows.append(row)
    await session.flush()
    audit.record(
        session,
        principal,
        entity="grid_duty",
        entity_id=rows[0].id,
        action="register",
        changes={"grids": list(dict.fromkeys(body.grid_ids)), "function": body.function},
    )
    return [DutyRead.model_validate(r, from_attributes=True) for r in rows]


async def workers_of(session: AsyncSession, *, grid_id: str) -> list[dict[str, Any]]:
    """The grid's workers."""
    rows = await repository.workers_of(session, grid_id)
    return [
        WorkerRead.model_validate(r, from_attributes=True).model_dump(mode="json") for r in rows
    ]


async def duties_of(session: AsyncSession, *, grid_id: str) -> list[dict[str, Any]]:
    """Every duty on the grid."""
    rows = await repository.duties_of(session, grid_id)
    return [DutyRead.model_validate(r, from_attributes=True).model_dump(mode="json") for r in rows]


async def works_in(session: AsyncSession, *, sub: str, grid_id: str) -> bool:
    """Whether an account is a worker of the grid."""
    return await repository.works_in(session, sub, grid_id)
