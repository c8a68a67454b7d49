"""Open311 GeoReport v2 over grid events: services are the event categories, requests the events.

An `api_key` stands for a service principal configured in settings (GRID_OPEN311_API_KEYS).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError, not_found, unprocessable
from grassroots.grid.events import repository as events
from grassroots.grid.events import service as grid_events
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.events.rules import STEP_NAMES
from grassroots.grid.events.schemas import EventReport
from grassroots.grid.settings import GridSettings


def principal_for(settings: GridSettings, api_key: str | None) -> Principal:
    """The service principal of an api_key, or 401."""
    client = settings.open311_api_keys.get(api_key or "")
    if client is None:
        raise ProblemError(401, "E-OPEN311-API-KEY", "api_key 无效或缺失")
    return Principal(
        sub=client.sub, org=client.org, roles=frozenset({"service"}), county=client.county
    )


def services(categories: dict[str, str]) -> list[dict[str, Any]]:
    """services.json: one service per grid event category."""
    return [
        {
            "service_code": code,
            "service_name": name,
            "description": f"网格事件:{name}",
            "metadata": False,
            "type": "realtime",
            "keywords": "grid",
            "group": "网格事件",
        }
        for code, name in categories.items()
    ]


def as_request(row: GridEventRow, categories: dict[str, str]) -> dict[str, Any]:
    """One event as a GeoReport v2 service request."""
    note = STEP_NAMES.get(row.status, row.status)
    return {
        "service_request_id": row.id,
        "status": "closed" if row.status == "closed" else "open",
        "status_notes": f"{note}({row.status})",
        "service_name": categories.get(row.category, row.category),
        "service_code": row.category,
        "description": row.description,
        "agency_responsible": row.assignee or row.township,
        "service_notice": None,
        "requested_datetime": row.created_at.isoformat(),
        "updated_datetime": row.updated_at.isoformat(),
        "expected_datetime": row.due_at.isoformat() if row.due_at else None,
        "address": row.grid_id,
        "address_id": row.grid_id,
        "zipcode": None,
        "lat": row.lat,
        "long": row.lon,
        "media_url": row.photos[0] if row.photos else None,
    }


def parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """POST parameters: form-encoded per the spec, JSON accepted too."""
    try:
        if "json" in content_type:
            data = json.loads(body or b"{}")
            if not isinstance(data, dict):
                raise ValueError("not an object")
            return {str(k): str(v) for k, v in data.items() if v is not None}
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=False, strict_parsing=False)
        return {k: v[0] for k, v in parsed.items()}
    except (ValueError, UnicodeDecodeError) as exc:
        raise unprocessable("E-OPEN311-BODY", "请求参数无法解析", str(exc)[:200]) from exc


async def create(
    session: AsyncSession, *, settings: GridSettings, params: dict[str, str]
) -> list[dict[str, Any]]:
    """POST requests.json: creates a grid event (channel open311)."""
    principal = principal_for(settings, params.get("api_key"))
    reporter = " ".join(p for p in (params.get("last_name"), params.get("first_name")) if p)
    try:
        body = EventReport(
            category=params.get("service_code", ""),
            description=params.get("description", ""),
            lon=float(params.get("long", "nan")),
            lat=float(params.get("lat", "nan")),
            reporter=reporter or params.get("email") or principal.sub,
            photos=[params["media_url"]] if params.get("media_url") else [],
        )
    except (ValidationError, ValueError) as exc:
        raise unprocessable(
            "E-OPEN311-PARAMS",
            "缺少或错误的参数(service_code、lat、long、description)",
            str(exc)[:400],
        ) from exc
    event = await grid_events.report(
        session,
        principal=principal,
        body=body,
        database_url=settings.database_url,
        categories=settings.event_categories,
        channel="open311",
    )
    return [
        {
            "service_request_id": event.id,
            "service_notice": "已受理上报,将按时限办理",
            "account_id": None,
        }
    ]


async def list_requests(
    session: AsyncSession,
    *,
    settings: GridSettings,
    api_key: str | None,
    ids: list[str] | None,
    service_code: str | None,
    status: str | None,
    start: datetime | None,
    end: datetime | None,
) -> list[dict[str, Any]]:
    """GET requests.json with the spec's filters (90 days / 1000 requests at most)."""
    principal = principal_for(settings, api_key)
    statuses = None
    if status == "closed":
        statuses = ["closed"]
    elif status == "open":
        statuses = ["reported", "accepted", "assigned", "handled", "verified"]
    rows = await events.list_events(
        session,
        county=principal.county,
        townships=None,
        statuses=statuses,
        category=service_code,
        since=start,
        until=end,
        ids=ids,
        limit=1000,
    )
    return [as_request(r, settings.event_categories) for r in rows]


async def one_request(
    session: AsyncSession, *, settings: GridSettings, api_key: str | None, request_id: str
) -> list[dict[str, Any]]:
    """GET requests/{id}.json."""
    principal = principal_for(settings, api_key)
    row = await events.get(session, request_id)
    if row is None or row.county != principal.county:
        raise not_found("服务请求", request_id)
    return [as_request(row, settings.event_categories)]
