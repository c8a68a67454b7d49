"""Worker and duty routes."""

from __future__ import annotations

from fastapi import APIRouter

from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.grid.layers.access import ADD_WORKER, REGISTER_DUTY
from grassroots.grid.workers import service
from grassroots.grid.workers.schemas import DutyBatch, DutyCreate, WorkerCreate, WorkerRead

router = APIRouter(tags=["workers"])


@router.post(
    "/v1/grids/{grid_id}/workers",
    status_code=201,
    response_model=WorkerRead,
    summary="Assign a worker to a grid (定人定岗定责)",
    **ADD_WORKER.route(),
)
async def add_worker(
    grid_id: str, body: WorkerCreate, session: SessionDep, principal: PrincipalDep
) -> WorkerRead:
    return await service.add_worker(session, principal=principal, grid_id=grid_id, body=body)


@router.post(
    "/v1/grid-duties",
    status_code=201,
    response_model=DutyBatch,
    summary="A department registers a function on grids (一岗多责)",
    **REGISTER_DUTY.route(),
)
async def register_duty(
    body: DutyCreate, session: SessionDep, principal: PrincipalDep
) -> DutyBatch:
    return DutyBatch(items=await service.register_duty(session, principal=principal, body=body))
