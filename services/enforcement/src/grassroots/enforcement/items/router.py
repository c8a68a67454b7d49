"""Enforcement item routes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from grassroots.common import clock
from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.enforcement.items import service
from grassroots.enforcement.items.schemas import EnforcementItemPage

router = APIRouter(prefix="/v1/enforcement-items", tags=["items"])


@router.get(
    "",
    response_model=EnforcementItemPage,
    summary="Items delegated to a township, with legal basis, origin department and fine range",
)
async def list_items(
    session: SessionDep,
    principal: PrincipalDep,
    township: Annotated[str, Query(pattern=r"^\d{9}000$")],
    on: Annotated[date | None, Query()] = None,
    all_items: Annotated[bool, Query(description="also the items not delegated")] = False,
) -> EnforcementItemPage:
    return await service.list_items(
        session,
        principal=principal,
        township=township,
        on=on or clock.today(),
        everything=all_items,
    )
