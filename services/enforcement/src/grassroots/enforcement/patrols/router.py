"""Patrol and inspection routes: an entry appended to the township's enforcement log."""

from __future__ import annotations

from fastapi import APIRouter, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.enforcement.access import RECORD_PATROL
from grassroots.enforcement.logs.schemas import LogEntryRead, PatrolCreate
from grassroots.enforcement.patrols import service as patrols
from grassroots.enforcement.settings import SettingsDep

router = APIRouter(prefix="/v1/logs", tags=["logs"])


@router.post(
    "",
    status_code=201,
    response_model=LogEntryRead,
    summary="Record a patrol/inspection",
    **RECORD_PATROL.route(),
)
async def record_patrol(
    data: PatrolCreate,
    settings: SettingsDep,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
) -> LogEntryRead:
    entry = await patrols.record(session, principal=principal, data=data, policy=settings.policy)
    response.headers["Location"] = f"/v1/logs?township={entry.township}&after_seq={entry.seq - 1}"
    return LogEntryRead.model_validate(entry)
