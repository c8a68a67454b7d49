"""Ledger routes: JSON, CSV or XLSX by Accept (or ?format=)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.enforcement.ledgers import export, service
from grassroots.enforcement.ledgers.schemas import LedgerRead

router = APIRouter(prefix="/v1/ledgers", tags=["ledgers"])
_FILES = {
    "description": "The ledger as JSON, or as a CSV/XLSX file (Accept or ?format=)",
    "content": {"text/csv": {}, export.XLSX: {}},
}


@router.get(
    "",
    response_model=LedgerRead,
    responses={200: _FILES},
    summary="A township's monthly ledger (台账): cases, fines, overdue, transfers",
)
async def monthly_ledger(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    township: Annotated[str, Query(pattern=r"^\d{9}000$")],
    month: Annotated[str, Query(pattern=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", examples=["2026-11"])],
    format: Annotated[Literal["json", "csv", "xlsx"] | None, Query()] = None,
) -> Response | LedgerRead:
    ledger = await service.monthly(session, principal=principal, township=township, month=month)
    accept = request.headers.get("accept", "")
    wanted = format or (
        "xlsx" if export.XLSX in accept else "csv" if "text/csv" in accept else "json"
    )
    name = f"ledger-{township}-{ledger.month}"
    if wanted == "csv":
        return Response(
            export.to_csv(ledger),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if wanted == "xlsx":
        return Response(
            export.to_xlsx(ledger),
            media_type=export.XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return ledger
