"""Officer routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from grassroots.common import clock
from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.enforcement.access import READ_TOWNSHIP, REGISTER_OFFICER
from grassroots.enforcement.officers import service
from grassroots.enforcement.officers.schemas import OfficerCreate, OfficerPage, OfficerRead

router = APIRouter(prefix="/v1/officers", tags=["officers"])


@router.post(
    "",
    status_code=201,
    response_model=OfficerRead,
    summary="Register an officer",
    **REGISTER_OFFICER.route(),
)
async def create_officer(
    data: OfficerCreate, response: Response, session: SessionDep, principal: PrincipalDep
) -> OfficerRead:
    officer = await service.create(session, principal=principal, data=data, today=clock.today())
    response.headers["Location"] = f"/v1/officers?township={officer.township}"
    return officer


@router.get(
    "",
    response_model=OfficerPage,
    summary="Officers; expiring certificates ahead",
    **READ_TOWNSHIP.route(),
)
async def list_officers(
    session: SessionDep,
    township: Annotated[str, Query(pattern=r"^\d{9}000$")],
    expiring_within_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
) -> OfficerPage:
    items = await service.list_officers(
        session,
        township=township,
        expiring_within_days=expiring_within_days,
        today=clock.today(),
    )
    return OfficerPage(items=list(items))
