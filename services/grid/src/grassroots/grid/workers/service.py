"""Worker and duty use cases: assign workers to grids, register department duties on grids."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError
from grassroots.grid.codes import GRID_UNKNOWN
from grassroots.grid.layers import repository as grids
from grassroots.grid.layers.access import SEE_GRID, grid_not_found, grid_row_target
from grassroots.grid.workers import repository
from grassroots.grid.workers.models import GridDutyRow, GridWorkerRow
from grassroots.grid.workers.schemas import DutyCreate, DutyRead, WorkerCreate, WorkerRead


async def add_worker(
    session: AsyncSession, *, principal: Principal, grid_id: str, body: WorkerCreate
) -> WorkerRead:
    """Puts a named worker on a grid (its township's grid centre: `access.ADD_WORKER`)."""
    grid = await grids.current_grid(session, grid_id)
    if grid is None:
        raise grid_not_found(grid_id)
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
    """A department registers one of its functions (`access.REGISTER_DUTY`) on grids it may
    read (`access.SEE_GRID`: its county's; another's is unknown)."""
    rows = []
    for grid_id in dict.fromkeys(body.grid_ids):
        grid = await grids.current_grid(session, grid_id)
        if grid is None or not SEE_GRID.permits(principal, grid_row_target(grid)):
            raise ProblemError(GRID_UNKNOWN, None, grid_id)  # or not the county's
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
