"""Ledger routes: JSON, CSV or XLSX by Accept (or ?format=)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from grassroots.common.db import SessionDep
from grassroots.common.exports import FILE_RESPONSES, Format, file_response, negotiate
from grassroots.enforcement.access import READ_TOWNSHIP
from grassroots.enforcement.ledgers import exports, service
from grassroots.enforcement.ledgers.schemas import LedgerRead

router = APIRouter(prefix="/v1/ledgers", tags=["ledgers"])


@router.get(
    "",
    response_model=LedgerRead,
    responses=FILE_RESPONSES,
    summary="A township's monthly ledger (台账): cases, fines, overdue, transfers",
    **READ_TOWNSHIP.route(),
)
async def monthly_ledger(
    request: Request,
    session: SessionDep,
    township: Annotated[str, Query(pattern=r"^\d{9}000$")],
    month: Annotated[str, Query(pattern=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", examples=["2026-11"])],
    format: Annotated[Format | None, Query()] = None,
) -> Response | LedgerRead:
    wanted = negotiate(request.headers.get("accept"), format)
    ledger = await service.monthly(session, township=township, month=month)
    if wanted == "json":
        return ledger
    return file_response(exports.table(ledger), wanted, f"ledger-{township}-{ledger.month}")
