"""Whistle routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.grid.settings import SettingsDep
from grassroots.grid.whistles import access, service
from grassroots.grid.whistles.schemas import WhistleAnswer, WhistleCreate, WhistlePage, WhistleRead

router = APIRouter(prefix="/v1/whistles", tags=["whistles"])


@router.post(
    "",
    status_code=201,
    response_model=WhistleRead,
    summary="乡镇吹哨: summon departments",
    **access.BLOW.route(),
)
async def blow(
    settings: SettingsDep,
    response: Response,
    body: WhistleCreate,
    session: SessionDep,
    principal: PrincipalDep,
) -> WhistleRead:
    hours = settings.whistle_default_hours
    whistle = await service.blow(session, principal=principal, body=body, default_hours=hours)
    response.headers["Location"] = f"/v1/whistles/{whistle.id}"
    return whistle


@router.get(
    "",
    response_model=WhistlePage,
    summary="Whistles blown by my township or addressed to my department",
    **access.LIST.route(),
)
async def list_whistles(
    session: SessionDep,
    principal: PrincipalDep,
    status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> WhistlePage:
    return WhistlePage(
        items=await service.list_for(session, principal=principal, status=status, limit=limit)
    )


@router.get(
    "/{whistle_id}",
    response_model=WhistleRead,
    summary="One whistle and its answers",
    **access.SEE.route(),
)
async def get(whistle_id: str, session: SessionDep) -> WhistleRead:
    return await service.get(session, whistle_id=whistle_id)


@router.post(
    "/{whistle_id}/answers",
    response_model=WhistleRead,
    summary="部门报到: a department answers",
    **access.ANSWER.route(),
)
async def answer(
    whistle_id: str, body: WhistleAnswer, session: SessionDep, principal: PrincipalDep
) -> WhistleRead:
    return await service.answer(session, principal=principal, whistle_id=whistle_id, body=body)
