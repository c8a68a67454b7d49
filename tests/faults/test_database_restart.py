"""PostgreSQL restarted under load, with the four services as processes.

While the database is away every request fails cleanly (503 problem+json `E-UNAVAILABLE`, never
500); the services recover by themselves; a client that retries each failed write with its
Idempotency-Key ends with every write stored exactly once and its event published once per write.
The "restart" is a proxy in front of the server dropping every connection and refusing new ones.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from grassroots.common.calendar import add_working_days
from grassroots.common.problems import PROBLEM_JSON
from grassroots.common.services import SERVICE_NAMES
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.dev.harness import Suite
from grassroots.testkit.databases import suite_databases
from grassroots.testkit.proxy import ProxyThread, via
from grassroots.testkit.recorder import EventRecorder

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_POSTGRES_URL"), reason="needs TEST_POSTGRES_URL"
)
COUNTY = "990101000000"
FORESTRY = "11990101MB0000107H"  # 县林业局
QINGSHAN = "990101101000"  # 青山镇
OUTAGE_SECONDS = 6.0
ANSWER_LOST = "E-IDEMPOTENCY-ANSWER-LOST"


@pytest.fixture
def suite_and_proxy(tmp_path: Path) -> Iterator[tuple[Suite, ProxyThread]]:
    with suite_databases("postgresql", SERVICE_NAMES) as urls:
        server = urlsplit(next(iter(urls.values())))
        proxy = ProxyThread(server.hostname or "127.0.0.1", server.port or 5432).start()
        proxied = {name: via(url, proxy.port) for name, url in urls.items()}
        suite = Suite(workdir=tmp_path, database_urls=proxied)
        try:
            suite.start()
            yield suite, proxy
        finally:
            suite.stop()
            proxy.stop()


@dataclass
class Write:
    service: str
    path: str
    body: dict[str, Any]
    key: str
    answers: list[tuple[int, str]] = field(default_factory=list)  # status, problem code

    @property
    def settled(self) -> bool:
        """Stored: answered 201, or told its effect committed though the answer was lost."""
        return bool(self.answers) and self.answers[-1] in {(201, ""), (409, ANSWER_LOST)}


def _demand(n: int) -> dict[str, Any]:
    return {
        "kind": "task",
        "title": f"森林防火巡查第{n}批",
        "description": "请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
        "target_level": "township",
        "targets": [QINGSHAN],
        "deadline": add_working_days(date.today(), 10).isoformat(),
        "duty_item_code": "T-B-001",
        "clarities": {
            "department_does": "县林业局制定方案并提供宣传资料和技术指导",
            "grassroots_does": "乡镇组织护林员每日巡山并填写巡查记录",
            "department_support": "每个乡镇拨付巡查经费五千元并培训护林员",
        },
        "support": {"funding_yuan": 5000},
    }


def _whistle(n: int) -> dict[str, Any]:
    return {"departments": [FORESTRY], "issue": f"青山村山林火情隐患第{n}处,请林业局到场"}


def _patrol(n: int) -> dict[str, Any]:
    at = f"{(date.today() - timedelta(days=1)).isoformat()}T09:00:00+08:00"
    return {
        "township": QINGSHAN,
        "kind": "patrol",
        "at": at,
        "place": f"石桥村第{n}段",
        "officers": [],
        "observed": f"巡查第{n}次,未见异常",
    }


WRITES = {  # service, path, role, body
    "demand": ("task-admission", "/v1/demands", "dept_submitter", FORESTRY, _demand),
    "whistle": ("grid", "/v1/whistles", "township_admin", QINGSHAN, _whistle),
    "patrol": ("enforcement", "/v1/logs", "enforcement_officer", QINGSHAN, _patrol),
}
READS = {
    "task-admission": ("/v1/catalog/active", {"document": "false"}, "catalog_admin", COUNTY),
    "grid": ("/v1/whistles", {}, "township_admin", QINGSHAN),
    "enforcement": ("/v1/logs", {"township": QINGSHAN}, "auditor", COUNTY),
    "evaluation": (
        "/v1/metrics",
        {"org": QINGSHAN, "year": date.today().year},
        "evaluator",
        COUNTY,
    ),
}


class Load:
    """Writers and readers against every service until told to stop; every answer kept."""

    def __init__(self, suite: Suite) -> None:
        self.suite = suite
        self.writes: list[Write] = []
        self.reads: list[tuple[str, int, str]] = []  # service, status, problem code
        self.bad: list[str] = []
        self.stop = asyncio.Event()

    def headers(self, role: str, org: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.suite.token(role, org, county=COUNTY)}"}

    async def send(self, client: httpx.AsyncClient, write: Write, role: str, org: str) -> None:
        headers = {**self.headers(role, org), "Idempotency-Key": write.key}
        url = f"{self.suite.urls[write.service]}{write.path}"
        response = await client.post(url, json=write.body, headers=headers)
        code = self._check(response, expected=201, what=f"POST {write.path}")
        write.answers.append((response.status_code, code))

    def _check(self, response: httpx.Response, *, expected: int, what: str) -> str:
        if response.status_code == expected:
            return ""
        problem = response.headers.get("content-type") == PROBLEM_JSON
        code = response.json().get("code", "") if problem else ""
        if (response.status_code, code) not in {(503, "E-UNAVAILABLE"), (409, ANSWER_LOST)}:
            self.bad.append(f"{what}: {response.status_code} {response.text[:300]}")
        return code

    async def writer(self, client: httpx.AsyncClient, kind: str, worker: int) -> None:
        service, path, role, org, body = WRITES[kind]
        n = 0
        while not self.stop.is_set():
            n += 1
            write = Write(service, path, body(100_000 * worker + n), key=f"{kind}-{worker}-{n}")
            self.writes.append(write)
            await self.send(client, write, role, org)
            await asyncio.sleep(0.1)

    async def reader(self, client: httpx.AsyncClient, service: str) -> None:
        path, params, role, org = READS[service]
        while not self.stop.is_set():
            response = await client.get(
                f"{self.suite.urls[service]}{path}", params=params, headers=self.headers(role, org)
            )
            code = self._check(response, expected=200, what=f"GET {service}{path}")
            self.reads.append((service, response.status_code, code))
            await asyncio.sleep(0.05)


async def _run_load(load: Load, proxy: ProxyThread) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        workers = [
            asyncio.create_task(load.writer(client, kind, worker))
            for kind in WRITES
            for worker in (1, 2)
        ]
        workers += [asyncio.create_task(load.reader(client, name)) for name in SERVICE_NAMES]
        await asyncio.sleep(3)
        await asyncio.to_thread(proxy.cut)
        await asyncio.sleep(OUTAGE_SECONDS)
        await asyncio.to_thread(proxy.restore)
        await asyncio.to_thread(load.suite.wait_ready, None, 60.0)
        await asyncio.sleep(3)
        load.stop.set()
        await asyncio.gather(*workers)


async def _retry_failed(load: Load) -> None:
    """A careful client: every write not stored is sent again with the same key."""
    async with httpx.AsyncClient(timeout=30) as client:
        for write in load.writes:
            _, _, role, org, _ = WRITES[write.key.split("-")[0]]
            deadline = time.monotonic() + 60
            while not write.settled:
                assert time.monotonic() < deadline, f"{write.key}: {write.answers}"
                await load.send(client, write, role, org)


def _all_pages(client: httpx.Client, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        cursor = body.get("next_cursor")
        if not cursor:
            return items


def test_a_database_restart_under_load_fails_cleanly_and_loses_nothing(suite_and_proxy):
    suite, proxy = suite_and_proxy
    recorder = EventRecorder(suite.bootstrap or "").start()
    try:
        with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
            assert admin.post("/v1/catalog/versions", json=demo_catalog()).status_code == 201
        recorder.wait_for(lambda r: r.of_type("catalog.published.v1"))
        _wait_for_catalog_in(suite, ("grid", "enforcement", "evaluation"))

        load = Load(suite)
        asyncio.run(_run_load(load, proxy))
        assert load.bad == [], load.bad[:5]  # nothing but 2xx and 503 E-UNAVAILABLE
        for service in SERVICE_NAMES:
            statuses = [status for name, status, _ in load.reads if name == service]
            assert 503 in statuses and statuses[-1] == 200, service  # saw the outage, recovered
        assert any((503, "E-UNAVAILABLE") in w.answers for w in load.writes)

        # A minute later the client retries what failed: claims left by requests the outage cut
        # off have expired by then (their lease is a minute; the suite's clock moves, not the test).
        suite.clock.advance(timedelta(minutes=2))
        asyncio.run(_retry_failed(load))
        assert load.bad == [], load.bad[:5]
        _check_each_write_stored_once(suite, load, recorder)
    finally:
        recorder.stop()


def _wait_for_catalog_in(suite: Suite, names: tuple[str, ...]) -> None:
    deadline = time.monotonic() + 60
    query = "SELECT count(*) FROM inbox WHERE ce_type = 'catalog.published.v1'"
    while not all(suite.query(name, query)[0][0] for name in names):
        assert time.monotonic() < deadline, "the catalog did not reach every service"
        time.sleep(0.3)


def _check_each_write_stored_once(suite: Suite, load: Load, recorder: EventRecorder) -> None:
    wanted = {kind: sum(w.key.startswith(f"{kind}-") for w in load.writes) for kind in WRITES}
    with suite.client("task-admission", "dept_submitter", FORESTRY, county=COUNTY) as dept:
        demands = _all_pages(dept, "/v1/demands", {"submitter": FORESTRY, "limit": 200})
    with suite.client("grid", "township_admin", QINGSHAN) as township:
        whistles = township.get("/v1/whistles", params={"limit": 500}).json()["items"]
    with suite.client("enforcement", "auditor", COUNTY) as auditor:
        logs = auditor.get("/v1/logs", params={"township": QINGSHAN, "limit": 1000}).json()
        verified = auditor.get("/v1/logs/verify", params={"township": QINGSHAN}).json()
    assert len(demands) == len({d["id"] for d in demands}) == wanted["demand"]
    assert len(whistles) == len({w["id"] for w in whistles}) == wanted["whistle"]
    assert len(logs["items"]) == wanted["patrol"] and logs["next_after_seq"] is None
    assert verified["ok"] is True, verified  # the hash chain survived the restart
    recorder.wait_for(
        lambda r: (
            {e.data["whistle_id"] for e in r.of_type("whistle.blown.v1")}
            == {w["id"] for w in whistles}
        ),
        within=60,
    )
    recorder.wait_for(
        lambda r: (
            {e.data["demand_id"] for e in r.of_type("demand.submitted.v1")}
            == {d["id"] for d in demands}
        ),
        within=60,
    )
