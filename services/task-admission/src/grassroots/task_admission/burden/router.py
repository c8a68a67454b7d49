"""Burden ledger route: GET /v1/burden (JSON, CSV or XLSX by Accept or `format`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep, utcnow
from grassroots.task_admission.burden import service
from grassroots.task_admission.burden.schemas import LedgerRead

router = APIRouter(prefix="/v1", tags=["burden"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}


@router.get(
    "/burden", response_model=LedgerRead, responses=_RESPONSES, summary="Burden ledger (减负台账)"
)
async def burden(
    session: SessionDep,
    principal: PrincipalDep,
    org: Annotated[str, Query(pattern=r"^\d{12}$")],
    period: Annotated[str, Query(pattern=r"^20\d{2}(-(0[1-9]|1[0-2]))?$")],
    format: Literal["json", "csv", "xlsx"] | None = None,
    accept: Annotated[str | None, Header(max_length=500)] = None,
) -> LedgerRead | Response:
    read = await service.ledger(session, principal=principal, org=org, period=period, now=utcnow())
    wanted = format or (
        "xlsx" if XLSX in (accept or "") else "csv" if "text/csv" in (accept or "") else "json"
    )
    name = f"burden-{org}-{period}"
    if wanted == "csv":
        return Response(
            service.to_csv(read),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if wanted == "xlsx":
        return Response(
            service.to_xlsx(read),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return read
