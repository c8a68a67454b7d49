"""Form routes (一套表): fillings (read, list, answer, add a row, submit), a demand's
submissions (JSON, CSV, XLSX), a form's history import (CSV or XLSX)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import target_of
from grassroots.common.concurrency import IfMatch, set_etag
from grassroots.common.db import SessionDep, utcnow
from grassroots.common.exports import CSV, FILE_RESPONSES, XLSX, Format, file_response, negotiate
from grassroots.task_admission.forms import exports, history, service, submissions, views
from grassroots.task_admission.forms.access import (
    FILL,
    IMPORT_HISTORY,
    LIST_FILLINGS,
    SEE_FILLING,
    SEE_SUBMISSIONS,
)
from grassroots.task_admission.forms.schemas import (
    FillingPage,
    FillingRead,
    FillingStatus,
    HistoryImportRead,
    RowCreate,
    SubmissionsRead,
    ValuesUpdate,
)
from grassroots.task_admission.forms.uploads import read_table

router = APIRouter(prefix="/v1", tags=["forms"])

_UPLOAD = {
    "requestBody": {
        "required": True,
        "description": "One column per field label of the form, plus `subject` (a village or "
        "township code or a USCC for a form about the unit; a resident ID for one about "
        "households or persons) and `as_of` (the date the values hold for).",
        "content": {
            CSV: {
                "schema": {"type": "string"},
                "example": "subject,as_of,户数,户籍人口\n990101101201,2025-12-31,412,1350\n",
            },
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _etag(response: Response, read: FillingRead) -> FillingRead:
    set_etag(response, read.revision)
    return read


@router.get(
    "/fillings",
    response_model=FillingPage,
    summary="A unit's fillings (a township: its own and its villages'), newest first",
    **LIST_FILLINGS.route(),
)
async def list_fillings(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    org: Annotated[str | None, Query(pattern=r"^[0-9]{12}$")] = None,
    status: FillingStatus | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> FillingPage:
    return await views.list_(
        session,
        principal=principal,
        target=target_of(request),
        status=status,
        cursor=cursor,
        limit=limit,
    )


@router.get(
    "/fillings/{filling_id}",
    response_model=FillingRead,
    summary="One filling: its fields, rows and values (people's data masked unless in full)",
    **SEE_FILLING.route(),
)
async def get_filling(
    filling_id: str, response: Response, session: SessionDep, principal: PrincipalDep
) -> FillingRead:
    read = await views.get(session, principal=principal, filling_id=filling_id)
    return _etag(response, read)


@router.put(
    "/fillings/{filling_id}/values",
    response_model=FillingRead,
    summary="Confirm or correct values (If-Match: the filling's ETag)",
    **FILL.route(),
)
async def put_values(
    filling_id: str,
    body: ValuesUpdate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> FillingRead:
    read = await service.answer(
        session,
        principal=principal,
        filling_id=filling_id,
        body=body,
        now=utcnow(),
        if_match=if_match,
    )
    return _etag(response, read)


@router.post(
    "/fillings/{filling_id}/rows",
    status_code=201,
    response_model=FillingRead,
    summary="Add a household or person by resident ID (pre-filled with their latest facts)",
    **FILL.route(),
)
async def add_row(
    filling_id: str,
    body: RowCreate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> FillingRead:
    read = await service.add_row(
        session,
        principal=principal,
        filling_id=filling_id,
        body=body,
        now=utcnow(),
        if_match=if_match,
    )
    return _etag(response, read)


@router.post(
    "/fillings/{filling_id}/submit",
    response_model=FillingRead,
    summary="Submit: the answers become the latest facts; the unit's part of the demand is done",
    **FILL.route(),
)
async def submit_filling(
    filling_id: str,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> FillingRead:
    read = await service.submit(
        session, principal=principal, filling_id=filling_id, now=utcnow(), if_match=if_match
    )
    return _etag(response, read)


@router.get(
    "/demands/{demand_id}/submissions",
    response_model=SubmissionsRead,
    responses=FILE_RESPONSES,
    summary="A report_form demand's submissions (JSON, CSV, XLSX); reveal=true: in full",
    **SEE_SUBMISSIONS.route(),
)
async def demand_submissions(
    demand_id: str,
    session: SessionDep,
    principal: PrincipalDep,
    reveal: Annotated[
        bool, Query(description="people's data in full: the owner department's submitter only")
    ] = False,
    format: Format | None = None,
    accept: Annotated[str | None, Header(max_length=500)] = None,
) -> SubmissionsRead | Response:
    wanted = negotiate(accept, format)
    read = await submissions.submissions(
        session, principal=principal, demand_id=demand_id, reveal=reveal, fmt=wanted
    )
    if wanted == "json":
        return read
    return file_response(exports.submissions(read), wanted, f"submissions-{demand_id}")


@router.post(
    "/forms/{form_code}/history",
    status_code=201,
    response_model=HistoryImportRead,
    summary="Import a form's historical values (CSV or XLSX; all or nothing)",
    **IMPORT_HISTORY.route(_UPLOAD),
)
async def import_history(
    form_code: str, request: Request, session: SessionDep, principal: PrincipalDep
) -> HistoryImportRead:
    header, rows = read_table(await request.body(), request.headers.get("content-type"))
    return await history.import_history(
        session, principal=principal, form_code=form_code, header=header, rows=rows, now=utcnow()
    )
