"""Burden ledger route: GET /v1/burden (JSON, CSV or XLSX by Accept or `format`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from grassroots.common.db import SessionDep
from grassroots.common.exports import FILE_RESPONSES, Format, file_response, negotiate
from grassroots.task_admission.burden import service
from grassroots.task_admission.burden.access import SEE_BURDEN
from grassroots.task_admission.burden.schemas import LedgerRead

router = APIRouter(prefix="/v1", tags=["burden"])


@router.get(
    "/burden",
    response_model=LedgerRead,
    responses=FILE_RESPONSES,
    summary="Burden ledger (减负台账)",
    **SEE_BURDEN.route(),
)
async def burden(
    session: SessionDep,
    org: Annotated[str, Query(pattern=r"^\d{12}$")],
    period: Annotated[str, Query(pattern=r"^20\d{2}(-(0[1-9]|1[0-2]))?$")],
    format: Format | None = None,
    accept: Annotated[str | None, Header(max_length=500)] = None,
) -> LedgerRead | Response:
    wanted = negotiate(accept, format)
    read = await service.ledger(session, org=org, period=period)
    if wanted == "json":
        return read
    return file_response(service.table(read), wanted, f"burden-{org}-{period}")
