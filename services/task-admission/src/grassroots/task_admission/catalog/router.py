"""Catalog routes: publish (JSON or YAML), the active version, any version."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from grassroots.common.auth import Principal, PrincipalDep, require_roles
from grassroots.common.catalog import CatalogInvalid, parse_catalog_bytes
from grassroots.common.catalog.demo import demo_catalog
from grassroots.common.db import SessionDep
from grassroots.common.problems import unprocessable
from grassroots.task_admission.catalog import service
from grassroots.task_admission.catalog.schemas import CatalogVersionRead

router = APIRouter(prefix="/v1/catalog", tags=["catalog"])
CatalogAdmin = Annotated[Principal, Depends(require_roles("catalog_admin"))]
_EXAMPLE = demo_catalog()
_EXAMPLE_SMALL = {
    **_EXAMPLE,
    "org_units": _EXAMPLE["org_units"][:3],
    "duty_items": _EXAMPLE["duty_items"][:2],
    "enforcement_items": [],
    "approved_forms": [],
}
_BODY = {
    "requestBody": {
        "required": True,
        "description": "The import format of DESIGN §4, as JSON or YAML (application/yaml).",
        "content": {
            "application/json": {"schema": {"type": "object"}, "example": _EXAMPLE_SMALL},
            "application/yaml": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/versions",
    status_code=201,
    response_model=CatalogVersionRead,
    openapi_extra=_BODY,
    summary="Publish a catalog version (validated whole; every problem listed)",
)
async def publish_version(
    request: Request, response: Response, session: SessionDep, principal: CatalogAdmin
) -> CatalogVersionRead:
    try:
        raw = parse_catalog_bytes(await request.body(), request.headers.get("content-type", ""))
    except CatalogInvalid as exc:
        raise unprocessable(
            "E-CATALOG-INVALID",
            "清单无法解析",
            problems=[p.model_dump() for p in exc.problems],
        ) from exc
    published = await service.publish(session, principal=principal, raw=raw)
    response.headers["Location"] = f"/v1/catalog/versions/{published.version}"
    return published


@router.get("/active", response_model=CatalogVersionRead, summary="The version in force")
async def active_version(
    session: SessionDep,
    principal: PrincipalDep,
    county: Annotated[str | None, Query(pattern=r"^\d{12}$")] = None,
    on: date | None = None,
    document: bool = True,
) -> CatalogVersionRead:
    county_code = service.county_of_principal(principal, county)
    return await service.get_active(
        session, county=county_code, on=on or date.today(), with_document=document
    )


@router.get("/versions/{version}", response_model=CatalogVersionRead, summary="One version")
async def one_version(
    version: str,
    session: SessionDep,
    principal: PrincipalDep,
    county: Annotated[str | None, Query(pattern=r"^\d{12}$")] = None,
    document: bool = True,
) -> CatalogVersionRead:
    county_code = service.county_of_principal(principal, county)
    return await service.get_version(
        session, county=county_code, version=version, with_document=document
    )
