"""Open311 GeoReport v2 over grid events: services are the event categories, requests the events.

Reads are public, as the spec has them (no key). A public read shows only the fields the spec
defines, filled so that nobody's person is exposed:

- `address` is a readable place (township and village names from the catalog in force, and the
  grid's number when a village is split), `address_id` the grid id, `zipcode` empty;
- `agency_responsible` is the NAME of the office handling the step: the township (its grid
  centre) while it is reported/accepted or with a grid worker, the township's 综合行政执法队 with
  enforcement, the office or department's name from the catalog when assigned to one — never a
  person's account;
- `description` as reported, with mobile, landline and identity-card numbers masked (`***`);
- `media_url` only when it is an http(s) URL (internal object keys stay internal);
- `status` open/closed, `status_notes` the step's name, the three datetimes in China time.

The reporter, grid workers, feedback, verification notes, photos other than the media URL,
case ids and every other internal field are never shown.

Writing takes an `api_key` (form body or query string) mapped to a service principal by
GRID_OPEN311_API_KEYS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from shapely.geometry import shape
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.catalog.models import CatalogDocument
from grassroots.common.catalog.regions import county_part
from grassroots.common.clock import CHINA
from grassroots.grid.events import repository as events
from grassroots.grid.events import service as grid_events
from grassroots.grid.events.models import GridEventRow
from grassroots.grid.events.rules import DEFAULT_LIMITS, STEP_NAMES, limit_for
from grassroots.grid.events.schemas import EventReport
from grassroots.grid.layers import repository as layers
from grassroots.grid.layers.models import GridRow
from grassroots.grid.open311.formats import Open311Error
from grassroots.grid.settings import GridSettings

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_DAYS = 90
EARLIEST_YEAR = 1990  # dates before (or after next year) are typing errors
MAX_REQUESTS = 1000
OPEN = ("reported", "accepted", "assigned", "handled", "verified")
URGENCY_NAMES = {"on_the_spot": "当场处置", "ordinary": "一般", "difficult": "疑难复杂"}
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
_SPLIT = re.compile(r"第(\d+)网格$")
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")


def principal_for(settings: GridSettings, api_key: str | None) -> Principal:
    """The service principal of an api_key, or 403 (the spec's status for a bad key)."""
    client = settings.open311_api_keys.get(api_key or "")
    if client is None:
        raise Open311Error(403, "api_key 无效或缺失(提交服务请求需要 api_key)")
    return Principal(
        sub=client.sub, org=client.org, roles=frozenset({"service"}), county=client.county
    )


# --- discovery, services, service definitions ---------------------------------------------------


def discovery(endpoint_url: str) -> dict[str, Any]:
    """The service discovery document: one production endpoint, XML and JSON."""
    return {
        "changeset": "2026-12-03T00:00:00+08:00",
        "contact": "请联系县网格化服务管理中心",
        "key_service": "api_key 由县网格化服务管理中心发放(仅提交服务请求需要)",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url,
                "changeset": "2026-12-03T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def services(categories: Mapping[str, str]) -> list[dict[str, Any]]:
    """services: one service per grid event category; each has the urgency attribute."""
    return [
        {
            "service_code": code,
            "service_name": name,
            "description": f"网格事件:{name}",
            "metadata": True,
            "type": "realtime",
            "keywords": f"网格,{name}",
            "group": "网格事件",
        }
        for code, name in categories.items()
    ]


def _limit_text(limit: dict[str, int]) -> str:
    ((unit, value),) = limit.items()
    if unit == "working_days":
        return "当日办结" if value == 0 else f"{value} 个工作日内办结"
    if unit == "working_hours":
        return f"{value} 个工作小时内办结"
    return f"{value} 小时内办结"


async def definition(
    session: AsyncSession, *, settings: GridSettings, service_code: str, county: str | None
) -> dict[str, Any]:
    """services/{code}: the category's attributes — its urgency, each value named with the
    handling limit the county's policy gives that category (the legal default without one)."""
    if service_code not in settings.event_categories:
        raise Open311Error(404, f"service_code {service_code[:64]} 不存在")
    table = await events.policy_table(session, county) if county else {}
    values = [
        {
            "key": urgency,
            "name": f"{URGENCY_NAMES[urgency]}({_limit_text(limit_for('handled', urgency, service_code, table))})",
        }
        for urgency in DEFAULT_LIMITS
    ]
    return {
        "service_code": service_code,
        "attributes": [
            {
                "variable": True,
                "code": "urgency",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "不填为「一般」",
                "order": 1,
                "description": "紧急程度(决定办理时限)",
                "values": values,
            }
        ],
    }


# --- reading requests ---------------------------------------------------------------------------


@dataclass
class Places:
    """What a public read needs to name places and offices: the catalogs and the grids."""

    catalogs: dict[str, CatalogDocument | None]
    grids: dict[str, GridRow]

    def name(self, county: str, code: str | None) -> str | None:
        document = self.catalogs.get(county)
        unit = document.org_unit(code) if document is not None and code else None
        return unit.name if unit is not None else None


async def places_for(session: AsyncSession, rows: Sequence[GridEventRow]) -> Places:
    today = clock.today()
    catalogs = {
        county: await catalog_versions.active_document(session, county, today)
        for county in sorted({r.county for r in rows})
    }
    grids = await layers.current_grids_by_id(session, [r.grid_id for r in rows if r.grid_id])
    return Places(catalogs, {g.grid_id: g for g in grids})


def _address(row: GridEventRow, places: Places) -> str | None:
    township = places.name(row.county, row.township)
    grid = places.grids.get(row.grid_id or "")
    base_code = grid.base_code if grid else (row.grid_id or "").split("-")[0]
    village = places.name(row.county, base_code) or (grid.name if grid else None)
    split = _SPLIT.search(grid.name) if grid else None
    if village and split and not village.endswith(split.group(0)):
        village += split.group(0)
    text = "".join(p for p in (township, village) if p)
    return text or None


def _org_code(value: str) -> bool:
    """A region code or a unified social credit code: an organisation, never a person."""
    return (len(value) == 12 and value.isdigit()) or (len(value) == 18 and value.isalnum())


def _agency(row: GridEventRow, places: Places) -> str:
    township = places.name(row.county, row.township) or row.township
    if row.assignee_kind == "enforcement":
        return f"{township}综合行政执法队"
    if row.assignee_kind in ("township_office", "department") and row.assignee:
        named = places.name(row.county, row.assignee)
        if named:
            return named
        if _org_code(row.assignee):
            return row.assignee
    return township


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(CHINA).isoformat(timespec="seconds")


def masked(text: str) -> str:
    """A description with phone and identity-card numbers masked."""
    return _PHONE.sub("***", _ID_CARD.sub("***", text))


def as_request(row: GridEventRow, categories: Mapping[str, str], places: Places) -> dict[str, Any]:
    """One event as a public GeoReport v2 service request (see the module's docstring)."""
    media = next((p for p in row.photos if p.startswith(("http://", "https://"))), None)
    return {
        "service_request_id": row.id,
        "status": "closed" if row.status == "closed" else "open",
        "status_notes": f"{STEP_NAMES.get(row.status, row.status)}({row.status})",
        "service_name": categories.get(row.category, row.category),
        "service_code": row.category,
        "description": masked(row.description),
        "agency_responsible": _agency(row, places),
        "service_notice": None,
        "requested_datetime": _when(row.created_at),
        "updated_datetime": _when(row.updated_at),
        "expected_datetime": _when(row.due_at),
        "address": _address(row, places),
        "address_id": row.grid_id,
        "zipcode": None,
        "lat": row.lat,
        "long": row.lon,
        "media_url": media,
    }


def _listed(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def parse_datetime(name: str, value: str | None) -> datetime | None:
    """A W3C datetime (`2010-01-01T00:00:00Z`, an offset, or a date); without an offset, China
    time."""
    if value is None or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError as exc:
        raise Open311Error(
            400, f"{name} 不是 W3C 日期时间格式(例:2026-12-01T00:00:00+08:00)"
        ) from exc
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)
    latest = clock.today().year + 1
    if not EARLIEST_YEAR <= parsed.year <= latest:  # before any sum that could overflow
        raise Open311Error(400, f"{name} 须在 {EARLIEST_YEAR} 年至 {latest} 年之间")
    return parsed


def window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The spec's range: at most 90 days; the most recent 90 days when none is given."""
    span = timedelta(days=MAX_DAYS)
    if start is None and end is None:
        end = clock.now()
    if start is None:
        assert end is not None
        start = end - span
    if end is None:
        end = start + span
    if end < start:
        raise Open311Error(400, "end_date 早于 start_date")
    if end - start > span:
        raise Open311Error(400, f"start_date 与 end_date 的跨度不得超过 {MAX_DAYS} 天")
    return start, end


async def list_requests(
    session: AsyncSession,
    *,
    settings: GridSettings,
    query: Mapping[str, str | None],
) -> list[dict[str, Any]]:
    """GET requests: the spec's filters; `service_request_id` (a comma list) overrides the others;
    otherwise at most 90 days (the most recent by default) and 1000 requests."""
    jurisdiction = query.get("jurisdiction_id")
    if jurisdiction and not (len(jurisdiction) == 12 and jurisdiction.isdigit()):
        raise Open311Error(404, f"jurisdiction_id {jurisdiction[:40]} 不存在")
    ids = _listed(query.get("service_request_id"))
    if len(ids) > MAX_REQUESTS:
        raise Open311Error(400, f"service_request_id 至多 {MAX_REQUESTS} 个")
    codes = _listed(query.get("service_code"))
    statuses = _listed(query.get("status"))
    unknown = sorted(set(statuses) - {"open", "closed"})
    if unknown:
        raise Open311Error(400, f"status 只能是 open 或 closed(收到 {','.join(unknown)[:40]})")
    start, end = window(
        parse_datetime("start_date", query.get("start_date")),
        parse_datetime("end_date", query.get("end_date")),
    )
    wanted: list[str] = []
    if "open" in statuses:
        wanted += OPEN
    if "closed" in statuses:
        wanted.append("closed")
    rows = await events.list_events(
        session,
        county=jurisdiction or None,
        townships=None,
        statuses=None if ids else wanted or None,
        category=None,
        categories=None if ids else codes or None,
        since=None if ids else start.astimezone(UTC),
        until=None if ids else end.astimezone(UTC),
        ids=ids or None,
        limit=MAX_REQUESTS,
    )
    places = await places_for(session, rows)
    return [as_request(r, settings.event_categories, places) for r in rows]


async def one_request(
    session: AsyncSession, *, settings: GridSettings, request_id: str
) -> list[dict[str, Any]]:
    """GET requests/{id}: a list of one, as the spec has it."""
    row = await events.get(session, request_id)
    if row is None:
        raise Open311Error(404, f"service_request_id {request_id[:40]} 不存在")
    return [as_request(row, settings.event_categories, await places_for(session, [row]))]


# --- creating a request -------------------------------------------------------------------------


def parse_params(query: bytes, body: bytes, content_type: str) -> dict[str, list[str]]:
    """POST parameters, form-encoded per the spec: the query string's (where the `open311` client
    puts `api_key`) and the body's, the body winning."""
    if "multipart/" in content_type:
        raise Open311Error(400, "请以 application/x-www-form-urlencoded 提交")
    try:
        params = parse_qs(query.decode("utf-8"), keep_blank_values=False)
        params.update(parse_qs(body.decode("utf-8"), keep_blank_values=False))
    except UnicodeDecodeError as exc:
        raise Open311Error(400, "请求参数不是 UTF-8 编码") from exc
    return params


def _one(params: Mapping[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1].strip() if values and values[-1].strip() else None


def _attributes(params: Mapping[str, list[str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, values in params.items():
        match = _ATTRIBUTE.match(key)
        if match:
            found.setdefault(match.group(1), []).extend(values)
    return found


def _urgency(attributes: Mapping[str, list[str]]) -> str:
    unknown = sorted(set(attributes) - {"urgency"})
    if unknown:
        raise Open311Error(400, f"attribute[{unknown[0][:40]}] 不是该服务定义的属性")
    values = attributes.get("urgency") or ["ordinary"]
    if len(values) != 1 or values[0] not in URGENCY_NAMES:
        raise Open311Error(400, f"attribute[urgency] 须为其中之一:{'、'.join(URGENCY_NAMES)}")
    return values[0]


def _coordinate(name: str, value: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not (low <= number <= high):  # also refuses nan and inf
        raise Open311Error(400, f"{name} 须为 {low:g} 至 {high:g} 之间的十进制度数")
    return number


def _point_in(grid: GridRow) -> tuple[float, float]:
    point = shape(grid.geometry).representative_point()
    return point.x, point.y


async def _grid_named(session: AsyncSession, principal: Principal, address: str) -> GridRow | None:
    """The grid an address string names: the longest village (catalog or grid name) it contains,
    among the key's county; a split village is taken at its first grid."""
    county = principal.county or county_part(principal.org)
    document = await catalog_versions.active_document(session, county, clock.today())
    grids = [g for g in await layers.current_grids(session) if g.township[:6] == county[:6]]
    best: tuple[int, str, GridRow] | None = None
    for grid in grids:
        unit = document.org_unit(grid.base_code) if document is not None else None
        for name in {grid.name, _SPLIT.sub("", grid.name), unit.name if unit else ""}:
            if len(name) >= 2 and name in address:
                candidate = (-len(name), grid.grid_id, grid)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
    return best[2] if best else None


async def create(
    session: AsyncSession, *, settings: GridSettings, params: Mapping[str, list[str]]
) -> list[dict[str, Any]]:
    """POST requests: a grid event (channel open311), located by lat/long, address_id (a grid id)
    or address_string (a village name in it)."""
    principal = principal_for(settings, _one(params, "api_key"))
    code = _one(params, "service_code")
    if code is None:
        raise Open311Error(400, "缺少 service_code")
    if code not in settings.event_categories:
        raise Open311Error(400, f"service_code {code[:64]} 不存在")
    urgency = _urgency(_attributes(params))
    lat, lon = _one(params, "lat"), _one(params, "long")
    address_id, address = _one(params, "address_id"), _one(params, "address_string")
    grid: GridRow | None = None
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            raise Open311Error(400, "lat 与 long 须同时提供")
        point = (_coordinate("long", lon, -180, 180), _coordinate("lat", lat, -90, 90))
    elif address_id is not None:
        grid = await layers.current_grid(session, address_id[:40])
        if grid is None:
            raise Open311Error(400, f"address_id {address_id[:40]} 不是现有网格编号")
        point = _point_in(grid)
    elif address is not None:
        grid = await _grid_named(session, principal, address)
        if grid is None:
            raise Open311Error(400, "address_string 中找不到本县的村(社区)名称,请提供 lat/long")
        point = _point_in(grid)
    else:
        raise Open311Error(400, "须提供 lat/long、address_string 或 address_id 之一")
    description = _one(params, "description")
    if description is None:
        raise Open311Error(400, "缺少 description(问题描述)")
    if len(description) > 4000:
        raise Open311Error(400, "description 不得超过 4000 字")
    media = _one(params, "media_url")
    if media is not None and (len(media) > 1000 or not media.startswith(("http://", "https://"))):
        raise Open311Error(400, "media_url 须为不超过 1000 字符的 http(s) 地址")
    name = " ".join(p for p in (_one(params, "last_name"), _one(params, "first_name")) if p)
    reporter = (name or _one(params, "email") or principal.sub)[:200]
    body = EventReport(
        category=code,
        description=description,
        lon=point[0],
        lat=point[1],
        urgency=urgency,  # type: ignore[arg-type]
        reporter=reporter,
        photos=[media] if media else [],
    )
    said = {
        k: v[:400]
        for k in ("address_string", "address_id", "email", "phone", "device_id", "account_id")
        if (v := _one(params, k)) is not None
    }
    event = await grid_events.report(
        session,
        principal=principal,
        body=body,
        database_url=settings.database_url,
        categories=settings.event_categories,
        channel="open311",
        grid=(grid.grid_id, grid.township) if grid is not None else None,
        detail={"open311": said} if said else None,
    )
    return [
        {
            "service_request_id": event.id,
            "service_notice": "已受理上报,将按时限办理",
            "account_id": None,
        }
    ]
