"""Catalog routes: publish (JSON or YAML), the active version, any version."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response

from grassroots.common import clock
from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import CountyParam, county_in
from grassroots.common.catalog import CatalogInvalid, parse_catalog_bytes
from grassroots.common.db import SessionDep
from grassroots.common.exports import FILE_RESPONSES, XLSX, Format, file_response, negotiate
from grassroots.common.problems import ProblemError
from grassroots.task_admission.catalog import service
from grassroots.task_admission.catalog.access import CONVERT, PUBLISH, READ_CATALOG, READ_OVERLAPS
from grassroots.task_admission.catalog.example import PUBLISH_EXAMPLE
from grassroots.task_admission.catalog.exports import overlaps_table
from grassroots.task_admission.catalog.schemas import CatalogDiff, CatalogVersionRead, FormOverlaps
from grassroots.task_admission.catalog.xlsx import workbook_to_document
from grassroots.task_admission.codes import CATALOG_INVALID

router = APIRouter(prefix="/v1/catalog", tags=["catalog"])
_BODY = {
    "requestBody": {
        "required": True,
        "description": "The import format of DESIGN §4, as JSON, YAML or the 编办 XLSX workbook.",
        "content": {
            "application/json": {"schema": {"type": "object"}, "example": PUBLISH_EXAMPLE},
            "application/yaml": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


_WORKBOOK = {
    "requestBody": {
        "required": True,
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
    }
}


async def _read_upload(request: Request) -> object:
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() == XLSX:
        return workbook_to_document(body)
    return parse_catalog_bytes(body, content_type)


@router.post(
    "/xlsx",
    summary="Convert a 编办 XLSX workbook into the import format (nothing is published)",
    **CONVERT.route(_WORKBOOK),
)
async def convert_workbook(request: Request) -> dict[str, Any]:
    try:
        return workbook_to_document(await request.body())
    except CatalogInvalid as exc:
        raise ProblemError(
            CATALOG_INVALID,
            "Excel 清单无法转换",
            problems=[p.model_dump() for p in exc.problems],
        ) from exc


@router.post(
    "/versions",
    status_code=201,
    response_model=CatalogVersionRead,
    summary="Publish a catalog version (validated whole; every problem listed)",
    **PUBLISH.route(_BODY),
)
async def publish_version(
    request: Request, response: Response, session: SessionDep, principal: PrincipalDep
) -> CatalogVersionRead:
    try:
        raw = await _read_upload(request)
    except CatalogInvalid as exc:
        raise ProblemError(
            CATALOG_INVALID,
            "清单无法解析",
            problems=[p.model_dump() for p in exc.problems],
        ) from exc
    published = await service.publish(session, principal=principal, raw=raw)
    response.headers["Location"] = f"/v1/catalog/versions/{published.version}"
    return published


@router.get(
    "/active",
    response_model=CatalogVersionRead,
    summary="The version in force",
    **READ_CATALOG.route(),
)
async def active_version(
    request: Request,
    session: SessionDep,
    county: CountyParam = None,
    on: date | None = None,
    document: bool = True,
) -> CatalogVersionRead:
    return await service.get_active(
        session, county=county_in(request), on=on or clock.today(), with_document=document
    )


@router.get(
    "/diff",
    response_model=CatalogDiff,
    summary="Items added, removed, moved between lists",
    **READ_CATALOG.route(),
)
async def diff_versions(
    request: Request,
    session: SessionDep,
    from_version: Annotated[str, Query(alias="from", min_length=1, max_length=64)],
    to_version: Annotated[str, Query(alias="to", min_length=1, max_length=64)],
    county: CountyParam = None,
) -> CatalogDiff:
    return await service.diff(
        session, county=county_in(request), from_version=from_version, to_version=to_version
    )


@router.get(
    "/forms/overlaps",
    response_model=FormOverlaps,
    responses=FILE_RESPONSES,
    summary="Facts several approved forms ask, and what merging them would save (标签化)",
    **READ_OVERLAPS.route(),
)
async def form_overlaps(
    request: Request,
    session: SessionDep,
    county: CountyParam = None,
    year: Annotated[
        int | None, Query(ge=2000, le=2100, description="the year (default: this year)")
    ] = None,
    format: Format | None = None,
    accept: Annotated[str | None, Header(max_length=500)] = None,
) -> FormOverlaps | Response:
    wanted = negotiate(accept, format)
    today = clock.today()
    report = await service.form_overlaps(
        session, county=county_in(request), year=year or today.year, today=today
    )
    if wanted == "json":
        return report
    name = f"form-overlaps-{report.county}-{report.year}"
    return file_response(overlaps_table(report), wanted, name)


@router.get(
    "/versions/{version}",
    response_model=CatalogVersionRead,
    summary="One version",
    **READ_CATALOG.route(),
)
async def one_version(
    request: Request,
    version: str,
    session: SessionDep,
    county: CountyParam = None,
    document: bool = True,
) -> CatalogVersionRead:
    return await service.get_version(
        session, county=county_in(request), version=version, with_document=document
    )
