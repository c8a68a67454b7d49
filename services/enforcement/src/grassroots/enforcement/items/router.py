"""Enforcement item routes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from grassroots.common import clock
from grassroots.common.db import SessionDep
from grassroots.enforcement.access import READ_TOWNSHIP
from grassroots.enforcement.items import service
from grassroots.enforcement.items.schemas import EnforcementItemPage

router = APIRouter(prefix="/v1/enforcement-items", tags=["items"])


@router.get(
    "",
    response_model=EnforcementItemPage,
    summary="Items delegated to a township, with legal basis, origin department and fine range",
    **READ_TOWNSHIP.route(),
)
async def list_items(
    session: SessionDep,
    township: Annotated[str, Query(pattern=r"^\d{9}000$")],
    on: Annotated[date | None, Query()] = None,
    all_items: Annotated[bool, Query(description="also the items not delegated")] = False,
) -> EnforcementItemPage:
    return await service.list_items(
        session,
        township=township,
        on=on or clock.today(),
        everything=all_items,
    )
