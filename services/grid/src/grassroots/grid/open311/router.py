"""Open311 GeoReport v2 routes at /open311/v2/ (JSON format)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from grassroots.common.db import SessionDep
from grassroots.grid.open311 import service

router = APIRouter(prefix="/open311/v2", tags=["open311"])
_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        k: {"type": "string"}
                        for k in (
                            "api_key",
                            "service_code",
                            "lat",
                            "long",
                            "description",
                            "first_name",
                            "last_name",
                            "email",
                            "media_url",
                        )
                    },
                    "required": ["api_key", "service_code", "lat", "long", "description"],
                }
            }
        },
    }
}


def _aware(value: datetime | None) -> datetime | None:
    """Open311 dates without an offset are taken as UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


@router.get("/services.json", summary="Service list: the grid event categories")
async def services(request: Request) -> list[dict[str, Any]]:
    return service.services(request.app.state.settings.event_categories)


@router.post(
    "/requests.json", status_code=201, openapi_extra=_FORM, summary="Create a service request"
)
async def create(request: Request, session: SessionDep) -> list[dict[str, Any]]:
    params = service.parse_form(await request.body(), request.headers.get("content-type", ""))
    return await service.create(session, settings=request.app.state.settings, params=params)


@router.get("/requests.json", summary="Service requests (filters of GeoReport v2)")
async def list_requests(
    request: Request,
    session: SessionDep,
    api_key: Annotated[str | None, Query(max_length=200)] = None,
    service_request_id: Annotated[str | None, Query(max_length=2000)] = None,
    service_code: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
    start_date: datetime | None = None,
    end_date: datetime | None = None,
    jurisdiction_id: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    """`jurisdiction_id` is accepted for clients that always send it; the api_key decides."""
    start_date, end_date = _aware(start_date), _aware(end_date)
    ids = (
        [i.strip() for i in service_request_id.split(",") if i.strip()]
        if service_request_id
        else None
    )
    return await service.list_requests(
        session,
        settings=request.app.state.settings,
        api_key=api_key,
        ids=ids,
        service_code=service_code,
        status=status,
        start=start_date,
        end=end_date,
    )


@router.get("/requests/{request_id}.json", summary="One service request")
async def one_request(
    request_id: str,
    request: Request,
    response: Response,
    session: SessionDep,
    api_key: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    return await service.one_request(
        session, settings=request.app.state.settings, api_key=api_key, request_id=request_id
    )
