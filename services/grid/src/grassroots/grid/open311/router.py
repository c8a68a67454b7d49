"""Open311 GeoReport v2 routes at /open311/v2/, each in XML (the spec's default) and JSON.

Every refusal on these routes — ours, the engine's, a bad parameter — is answered as the spec's
error array (`[{"code": 400, "description": "…"}]`, XML `<errors><error>…`) with the spec's HTTP
status (400 bad parameters, 403 a bad or missing api_key, 404 an unknown resource), never as
problem+json.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from grassroots.common.db import SessionDep
from grassroots.common.problems import ProblemError
from grassroots.common.refusals import Refusal, status_of
from grassroots.grid.open311 import access, service
from grassroots.grid.open311.formats import (
    DEFAULT_FORMAT,
    FORMATS,
    Open311Error,
    errors,
    format_of,
    render,
)
from grassroots.grid.settings import SettingsDep


def _spec_status(status: int) -> int:
    """The GeoReport v2 status of one of ours: 403 for keys and rights, 404, 400 for the rest."""
    if status in (401, 403):
        return 403
    if status in (404, 405, 406):
        return 404
    return 400 if status < 500 else status


class Open311Route(APIRoute):
    """Answers every refusal of the route in the spec's error format."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            suffix = request.path_params.get("fmt")
            fmt = suffix if suffix in FORMATS else DEFAULT_FORMAT
            try:
                return await handler(request)
            except Open311Error as exc:
                return errors(fmt, exc.status, exc.description)
            except ProblemError as exc:
                text = exc.title + (f":{exc.detail}" if exc.detail else "")
                return errors(fmt, _spec_status(exc.status), f"{text[:300]}({exc.code})")
            except Refusal as exc:
                return errors(fmt, _spec_status(status_of(exc.code)), f"{exc.message}({exc.code})")
            except RequestValidationError as exc:
                names = sorted(
                    {str(e.get("loc", ("", "?"))[-1]) for e in exc.errors() if e.get("loc")}
                )
                return errors(fmt, 400, f"参数不合规:{'、'.join(names)[:200]}")
            except HTTPException as exc:
                return errors(fmt, _spec_status(exc.status_code), str(exc.detail)[:300])

        return route


router = APIRouter(prefix="/open311/v2", tags=["open311"], route_class=Open311Route)
Fmt = Annotated[
    str,
    Path(
        description="`xml` (the spec's default) or `json`; any other suffix is a 404",
        json_schema_extra={"enum": list(FORMATS)},
    ),
]
Text = Annotated[str | None, Query(max_length=2000)]
_POST_FIELDS = (
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
    "attribute[urgency]",
)
_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {k: {"type": "string"} for k in _POST_FIELDS},
                    "required": ["service_code", "description"],
                    "description": "api_key here or in the query string; lat/long, "
                    "address_string or address_id",
                }
            }
        },
    }
}
_SERVICE_REQUESTS: dict[str, Any] = {
    "responses": {"200": {"content": {"text/xml": {}, "application/json": {}}}}
}


@router.get("/discovery.{fmt}", summary="Service discovery document", **access.DISCOVER.route())
async def discovery(fmt: Fmt, request: Request) -> Response:
    fmt = format_of(fmt)
    url = str(request.url_for("services", fmt="json")).rsplit("/", 1)[0]
    return render(fmt, "discovery", service.discovery(url))


@router.get(
    "/services.{fmt}",
    summary="Service list: the grid event categories",
    **access.DISCOVER.route(),
)
async def services(fmt: Fmt, settings: SettingsDep, jurisdiction_id: Text = None) -> Response:
    fmt = format_of(fmt)
    return render(fmt, "services", service.services(settings.event_categories))


@router.get(
    "/services/{service_code}.{fmt}",
    summary="Service definition: the category's attributes (urgency and its time limits)",
    **access.DISCOVER.route(),
)
async def definition(
    service_code: str,
    fmt: Fmt,
    settings: SettingsDep,
    session: SessionDep,
    jurisdiction_id: Text = None,
) -> Response:
    fmt = format_of(fmt)
    county = jurisdiction_id if jurisdiction_id and jurisdiction_id.isdigit() else None
    document = await service.definition(
        session,
        settings=settings,
        service_code=service_code,
        county=county,
    )
    return render(fmt, "service_definition", document)


@router.post(
    "/requests.{fmt}",
    status_code=201,
    summary="Create a service request (api_key in the form or the query string)",
    **access.CREATE.route(_FORM),
)
async def create(
    fmt: Fmt, request: Request, settings: SettingsDep, session: SessionDep
) -> Response:
    fmt = format_of(fmt)
    params = service.parse_params(
        request.scope.get("query_string", b""),
        await request.body(),
        request.headers.get("content-type", ""),
    )
    created = await service.create(session, settings=settings, params=params)
    return render(fmt, "service_requests", created, status=201)


@router.get(
    "/requests.{fmt}",
    summary="Service requests, public (the spec's filters; comma lists)",
    **access.READ.route(_SERVICE_REQUESTS),
)
async def list_requests(
    fmt: Fmt,
    settings: SettingsDep,
    session: SessionDep,
    service_request_id: Text = None,
    service_code: Text = None,
    start_date: Text = None,
    end_date: Text = None,
    status: Text = None,
    jurisdiction_id: Text = None,
) -> Response:
    """No key is needed; `service_request_id` (comma list) overrides every other filter;
    `service_code` and `status` (open, closed) take comma lists; at most 90 days (the most recent
    by default) and 1000 requests."""
    fmt = format_of(fmt)
    found = await service.list_requests(
        session,
        settings=settings,
        query={
            "service_request_id": service_request_id,
            "service_code": service_code,
            "start_date": start_date,
            "end_date": end_date,
            "status": status,
            "jurisdiction_id": jurisdiction_id,
        },
    )
    return render(fmt, "service_requests", found)


@router.get(
    "/requests/{service_request_id}.{fmt}",
    summary="One service request, public",
    **access.READ.route(_SERVICE_REQUESTS),
)
async def one_request(
    service_request_id: str,
    fmt: Fmt,
    settings: SettingsDep,
    session: SessionDep,
    jurisdiction_id: Text = None,
) -> Response:
    fmt = format_of(fmt)
    found = await service.one_request(
        session, settings=settings, request_id=service_request_id[:40]
    )
    return render(fmt, "service_requests", found)
