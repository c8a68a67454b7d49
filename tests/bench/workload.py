"""The mixed workload: county users' journeys across the four services, every response checked.

Each client runs one kind of journey in a closed loop (no think time) until the deadline; a journey
is what one user does in sequence (a department submits a demand, the township receives and passes
it on, the village completes it…). Every request is timed under its templated path
(`POST /v1/demands/{id}/receipts`); a response with another status than the expected one, or a body
that says something else than what was asked for, is recorded as an error with its body and ends
that journey (the client starts the next one).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.bench import wire
from tests.bench.county import COUNTY, County, demand_body, grid_of

Token = Callable[..., str]  # Suite.token(role, org, county=, sub=)
PERSON_ID = "11010519491231002X"  # a valid resident ID (GB 11643 check digit)


class Stop(Exception):
    """The deadline passed: the journey ends without sending."""


class Unexpected(Exception):
    """A response was not what the journey expected (already recorded)."""


@dataclass
class Recorder:
    """Latencies per templated endpoint, and every unexpected response."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[tuple[str, int | str, str]] = field(default_factory=Counter)
    samples: dict[tuple[str, int | str, str], str] = field(default_factory=dict)

    def error(self, endpoint: str, status: int | str, code: str, body: str) -> None:
        """Counts one unexpected response; keeps the first body with its wall-clock time (UTC)."""
        key = (endpoint, status, code)
        self.errors[key] += 1
        at = datetime.now(UTC).strftime("%H:%M:%S.%f")[:-3]
        self.samples.setdefault(key, f"[{at}] {body[:600]}")

    def error_count(self, endpoint: str) -> int:
        return sum(n for (e, _, _), n in self.errors.items() if e == endpoint)


class Api:
    """Shared HTTP clients (one per service) with the timing and the checks."""

    def __init__(
        self, urls: dict[str, str], token: Token, recorder: Recorder, concurrency: int
    ) -> None:
        self.clients = {name: wire.Client(url, concurrency) for name, url in urls.items()}
        self.token = token
        self.recorder = recorder
        self.deadline = 0.0
        self._headers: dict[tuple[str, str, str | None], dict[str, str]] = {}

    def auth(self, role: str, org: str, sub: str | None = None) -> dict[str, str]:
        key = (role, org, sub)
        if key not in self._headers:
            token = self.token(role, org, county=COUNTY, sub=sub)
            self._headers[key] = {"Authorization": f"Bearer {token}"}
        return self._headers[key]

    async def call(
        self,
        service: str,
        method: str,
        template: str,
        auth: dict[str, str],
        *,
        expect: int,
        check: Callable[[Any], bool] | None = None,
        json: Any = None,
        params: dict[str, Any] | None = None,
        **path: str,
    ) -> Any:
        """Sends one request; records its latency; raises Unexpected unless it answers `expect`."""
        if time.perf_counter() >= self.deadline:
            raise Stop
        endpoint = f"{method} {template}"
        url = template.format(**path)
        started = time.perf_counter()
        try:
            response = await asyncio.wait_for(
                self.clients[service].request(method, url, headers=auth, json=json, params=params),
                60,
            )
        except (*wire.Errors, TimeoutError) as exc:
            self.recorder.error(endpoint, type(exc).__name__, "", repr(exc))
            raise Unexpected from exc
        self.recorder.latencies[endpoint].append(time.perf_counter() - started)
        body = _json(response)
        if response.status_code != expect:
            code = body.get("code", "") if isinstance(body, dict) else ""
            self.recorder.error(endpoint, response.status_code, str(code), response.text)
            raise Unexpected
        if check is not None and not _holds(check, body):
            self.recorder.error(endpoint, "unexpected body", "", response.text)
            raise Unexpected
        return body

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()


def _holds(check: Callable[[Any], bool], body: Any) -> bool:
    try:
        return check(body)
    except (KeyError, TypeError, IndexError):  # not the shape asked for
        return False


def _json(response: wire.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


Journey = Callable[[Api, County, random.Random], Awaitable[None]]


async def demand(api: Api, county: County, rng: random.Random) -> None:
    """A department submits (admitted); the township receives and dispatches; both report done."""
    township = rng.choice(county.load_townships)
    village = rng.choice(county.townships[township])
    dept = api.auth("dept_submitter", rng.choice(county.departments))
    town = api.auth("township_admin", township)
    vill = api.auth("village_operator", village)
    body = demand_body(rng.choice(county.templates), [township])
    created = await api.call(
        "task-admission",
        "POST",
        "/v1/demands",
        dept,
        expect=201,
        json=body,
        check=lambda b: b["status"] == "admitted",
    )
    path = "/v1/demands/{id}"
    ident = created["id"]
    await api.call("task-admission", "GET", path, dept, expect=200, id=ident)
    await api.call(
        "task-admission",
        "GET",
        "/v1/demands",
        town,
        expect=200,
        params={"target": township, "status": "admitted", "limit": 20},
    )
    await api.call("task-admission", "POST", path + "/receipts", town, expect=200, id=ident)
    await api.call(
        "task-admission",
        "POST",
        path + "/dispatch",
        town,
        expect=200,
        json={"villages": [village]},
        check=lambda b: b["status"] == "dispatched",
        id=ident,
    )
    await api.call("task-admission", "POST", path + "/receipts", vill, expect=200, id=ident)
    for org, headers in ((village, vill), (township, town)):
        await api.call(
            "task-admission",
            "POST",
            path + "/completion",
            headers,
            expect=200,
            json={"org": org, "summary": "已按要求完成并报送台账"},
            id=ident,
        )


async def grid_event(api: Api, county: County, rng: random.Random) -> None:
    """A grid worker locates and reports; the grid centre walks the six steps with the worker."""
    township = rng.choice(county.load_townships)
    village = rng.choice(county.townships[township])
    grid = grid_of(village)
    worker_sub = f"gw-{village}"
    worker = api.auth("grid_worker", village, worker_sub)
    centre = api.auth("township_admin", township)
    lon, lat = county.point_in(village, rng)
    params = {"lon": lon, "lat": lat}
    await api.call(
        "grid",
        "GET",
        "/v1/grids/locate",
        worker,
        expect=200,
        params=params,
        check=lambda b: b["grid_id"] == grid,
    )
    report = {
        "category": rng.choice(["environment", "road_facility", "public_safety", "dispute"]),
        "description": "巡查发现道路旁垃圾堆积,影响通行",
        "urgency": "ordinary",
        "reporter": f"网格员{village[-3:]}",
        **params,
    }
    created = await api.call(
        "grid",
        "POST",
        "/v1/grid-events",
        worker,
        expect=201,
        json=report,
        check=lambda b: b["grid_id"] == grid,
    )
    path = "/v1/grid-events/{id}"
    steps: list[tuple[str, dict[str, str], dict[str, Any]]] = [
        ("accept", centre, {}),
        ("assign", centre, {"assignee_kind": "grid_worker", "assignee": worker_sub}),
        ("handle", worker, {"feedback": "已现场处置完毕"}),
        ("verify", centre, {"passed": True}),
        ("close", centre, {"resolved": True, "satisfaction": "satisfied"}),
    ]
    for step, headers, body in steps:
        await api.call(
            "grid", "POST", f"{path}/{step}", headers, expect=200, json=body, id=created["id"]
        )


async def locate(api: Api, county: County, rng: random.Random) -> None:
    """The hot path: mostly single points, now and then a batch of 100 (an import)."""
    township = rng.choice(county.load_townships)
    headers = api.auth("township_admin", township)
    if rng.random() < 0.1:
        villages = [rng.choice(county.townships[township]) for _ in range(100)]
        points = [county.point_in(v, rng) for v in villages]
        await api.call(
            "grid",
            "POST",
            "/v1/grids/locate",
            headers,
            expect=200,
            json={"points": points},
            check=lambda b: b["grids"] == [grid_of(v) for v in villages],
        )
        return
    village = rng.choice(county.townships[township])
    lon, lat = county.point_in(village, rng)
    await api.call(
        "grid",
        "GET",
        "/v1/grids/locate",
        headers,
        expect=200,
        params={"lon": lon, "lat": lat},
        check=lambda b: b["grid_id"] == grid_of(village),
    )


async def whistle(api: Api, county: County, rng: random.Random) -> None:
    """乡镇吹哨、部门报到: a township summons two departments; each answers; the township reads."""
    township = rng.choice(county.load_townships)
    departments = rng.sample(county.departments, 2)
    town = api.auth("township_admin", township)
    body = {"departments": departments, "issue": "河道非法采砂需多部门联合处置"}
    created = await api.call("grid", "POST", "/v1/whistles", town, expect=201, json=body)
    path = "/v1/whistles/{id}"
    for dept in departments:
        await api.call(
            "grid",
            "POST",
            path + "/answers",
            api.auth("dept_submitter", dept),
            expect=200,
            json={"arrived": True, "action": "已派员到场联合执法"},
            id=created["id"],
        )
    await api.call(
        "grid",
        "GET",
        path,
        town,
        expect=200,
        check=lambda b: b["status"] == "closed",
        id=created["id"],
    )


async def enforcement(api: Api, county: County, rng: random.Random) -> None:
    """A case discovered, filed with two officers, investigated; a patrol entry in the log."""
    township = rng.choice(county.load_townships)
    officers = county.officers[township]
    chief = api.auth("enforcement_supervisor", township, "chief")
    officer = api.auth("enforcement_officer", township, f"officer-{township}-1")
    now = datetime.now(UTC)
    case = {
        "township": township,
        "item_code": "ZF-001",
        "source": "patrol",
        "party": {"name": "李四", "id_type": "resident", "id_no": PERSON_ID},
        "facts": "在禁烧区露天焚烧秸秆",
        "discovered_at": (now - timedelta(hours=2)).isoformat(),
        "act_date": str(date.today()),
        "officers": officers,
        "procedure": "general",
    }
    created = await api.call("enforcement", "POST", "/v1/cases", chief, expect=201, json=case)
    path = "/v1/cases/{id}"
    await api.call(
        "enforcement",
        "POST",
        path + "/file",
        chief,
        expect=200,
        json={"officers": officers, "note": "经法制审核,同意立案"},
        check=lambda b: b["state"] == "filed",
        id=created["id"],
    )
    await api.call(
        "enforcement", "POST", path + "/investigate", officer, expect=200, json={}, id=created["id"]
    )
    patrol = {
        "township": township,
        "kind": "patrol",
        "at": now.isoformat(),
        "place": "村道沿线",
        "officers": officers,
        "observed": "巡查禁烧区,发现一处焚烧点已立案",
        "case_id": created["id"],
    }
    await api.call("enforcement", "POST", "/v1/logs", officer, expect=201, json=patrol)


async def evaluation(api: Api, county: County, rng: random.Random) -> None:
    """Dashboards: an org's metrics for the year, and the county's 三率 ranking of the month."""
    evaluator = api.auth("evaluator", COUNTY)
    today = date.today()
    org = rng.choice([*county.load_townships, *county.departments])
    await api.call(
        "evaluation",
        "GET",
        "/v1/metrics",
        evaluator,
        expect=200,
        params={"org": org, "year": today.year},
        check=lambda b: b["org"] == org,
    )
    metric = rng.choice(["twp.response_rate", "twp.resolution_rate", "twp.satisfaction_rate"])
    await api.call(
        "evaluation",
        "GET",
        "/v1/metrics/ranking",
        evaluator,
        expect=200,
        params={"metric": metric, "year": today.year, "month": today.month},
    )


MIX: dict[str, tuple[Journey, int]] = {  # journey → clients (32 in all)
    "demand lifecycle": (demand, 10),
    "grid event, six steps": (grid_event, 8),
    "locate": (locate, 4),
    "whistle": (whistle, 2),
    "enforcement case": (enforcement, 3),
    "evaluation reads": (evaluation, 5),
}
CLIENTS = sum(n for _, n in MIX.values())


async def run(
    api: Api, county: County, seconds: float, seed: int = 7
) -> tuple[float, Counter[str]]:
    """Runs the mix for `seconds`; returns the elapsed time and the journeys completed per kind."""
    completed: Counter[str] = Counter()

    async def client(name: str, journey: Journey, rng: random.Random) -> None:
        while True:
            try:
                await journey(api, county, rng)
                completed[name] += 1
            except Stop:
                return
            except Unexpected:
                continue

    rngs = random.Random(seed)
    tasks = [
        client(name, journey, random.Random(rngs.random()))
        for name, (journey, clients) in MIX.items()
        for _ in range(clients)
    ]
    started = time.perf_counter()
    api.deadline = started + seconds
    await asyncio.gather(*tasks)
    return time.perf_counter() - started, completed
