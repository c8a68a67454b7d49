"""The issue's "Done when" over HTTP and the real broker.

Three legacy layers and the base units imported; the merge report with known gaps and overlaps; an
event reported by coordinates lands in the right grid and walks all six steps; one step overdue
emits its event once; a whistle to two departments, one answers late; a referral reaches the topic
enforcement consumes and enforcement's case.closed comes back; an Open311 client creates and reads.
"""

import json
from datetime import date, timedelta

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from gridtest_fixtures import GAPS_M2, OVERLAP_AC, OVERLAP_BC, A
from gridtest_geo import point
from gridtest_setup import COUNTY, TOWNSHIP, admin, import_and_merge

from grassroots.common import catalog_versions
from grassroots.common.db.base import utcnow
from grassroots.common.events import GRID_TOPIC
from grassroots.common.events.enforcement import CaseClosed
from grassroots.common.events.envelope import Envelope
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.grid.events.scans import scan_overdue
from grassroots.grid.main import spec
from grassroots.grid.settings import GridSettings
from grassroots.grid.whistles.scans import scan_whistles_overdue
from grassroots.testkit.apps import auth, eventually, running_app, settings_for

KEY = "k-hotline"
NATURAL, ECOLOGY = "11990101MB00000006", "11990101MB00000193"


async def _grid_topic(bootstrap, want, within=30.0):
    consumer = AIOKafkaConsumer(
        GRID_TOPIC, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    seen: list[tuple[str, dict]] = []
    try:

        async def done():
            for records in (await consumer.getmany(timeout_ms=300)).values():
                seen.extend(
                    (dict(r.headers)["ce_type"].decode(), json.loads(r.value)) for r in records
                )
            return want(seen)

        await eventually(done, within=within)
    finally:
        await consumer.stop()
    return seen


async def test_done_when(database_url, kafka_broker):
    keys = {KEY: {"sub": "hotline-12345", "org": COUNTY, "county": COUNTY}}
    settings = settings_for(
        GridSettings,
        database_url,
        kafka_broker.bootstrap,
        open311_api_keys=keys,
        overdue_scan_seconds=3600,
    )
    async with running_app(spec(settings)) as (app, client):
        document = demo_catalog()
        async with app.state.database.transaction() as session:
            await catalog_versions.store(
                session,
                COUNTY,
                document["version"],
                date.fromisoformat(document["effective_from"]),
                document,
            )
        township = admin(app)

        report = await import_and_merge(app, client)
        assert len(report["legacy_layers"]) == 3
        assert report["gaps_m2"] == pytest.approx(sum(GAPS_M2), rel=5e-3)
        assert report["overlaps_m2"] == pytest.approx(OVERLAP_AC + OVERLAP_BC, rel=5e-3)

        worker = {
            "name": "李网格",
            "post": "专职网格员",
            "phone": "13800000000",
            "sub": "worker-li",
        }
        assert (
            await client.post(f"/v1/grids/{A}-01/workers", json=worker, headers=township)
        ).status_code == 201
        li = auth(app.state.settings, "grid_worker", org=A, sub="worker-li")
        lon, lat = point(1.0, 1.0)
        event = (
            await client.post(
                "/v1/grid-events",
                json={
                    "category": "environment",
                    "description": "垃圾堆放",
                    "lon": lon,
                    "lat": lat,
                    "reporter": "李网格",
                },
                headers=li,
            )
        ).json()
        assert event["grid_id"] == f"{A}-01"
        eid = event["id"]
        later = utcnow() + timedelta(days=30)
        assert await scan_overdue(app.state.database, later) == 1
        assert await scan_overdue(app.state.database, later) == 0
        for action, body, who in [
            ("accept", {}, township),
            ("assign", {"assignee_kind": "grid_worker", "assignee": "worker-li"}, township),
            ("handle", {"feedback": "已清理"}, li),
            ("verify", {"passed": True}, township),
            ("close", {"resolved": True, "satisfaction": "satisfied"}, township),
        ]:
            response = await client.post(f"/v1/grid-events/{eid}/{action}", json=body, headers=who)
            assert response.status_code == 200, response.text

        whistle = (
            await client.post(
                "/v1/whistles",
                json={
                    "departments": [NATURAL, ECOLOGY],
                    "issue": "河道采砂",
                    "grid_event_id": eid,
                    "respond_within_hours": 1,
                },
                headers=township,
            )
        ).json()
        await client.post(
            f"/v1/whistles/{whistle['id']}/answers",
            json={"action": "到场"},
            headers=auth(app.state.settings, "dept_submitter", org=NATURAL),
        )
        assert await scan_whistles_overdue(app.state.database, utcnow() + timedelta(hours=2)) == 1
        late = await client.post(
            f"/v1/whistles/{whistle['id']}/answers",
            json={"action": "迟到"},
            headers=auth(app.state.settings, "dept_submitter", org=ECOLOGY),
        )
        assert late.json()["status"] == "closed"

        lon, lat = point(3.0, 0.5)
        referred = (
            await client.post(
                "/v1/grid-events",
                json={
                    "category": "illegal_building",
                    "description": "违建",
                    "lon": lon,
                    "lat": lat,
                    "reporter": "群众",
                },
                headers=township,
            )
        ).json()
        await client.post(f"/v1/grid-events/{referred['id']}/accept", headers=township)
        await client.post(
            f"/v1/grid-events/{referred['id']}/assign",
            json={"assignee_kind": "enforcement", "item_code": "ZF-012"},
            headers=township,
        )

        form = {
            "api_key": KEY,
            "service_code": "road_facility",
            "lat": str(point(0.2, 0.2)[1]),
            "long": str(point(0.2, 0.2)[0]),
            "description": "路灯不亮",
        }
        rid = (await client.post("/open311/v2/requests.json", data=form)).json()[0][
            "service_request_id"
        ]
        assert (
            await client.get(f"/open311/v2/requests/{rid}.json", params={"api_key": KEY})
        ).json()[0]["status"] == "open"

        def complete(seen):
            types = [t for t, _ in seen]
            return (
                "grid.event.referred.v1" in types
                and "grid.event.closed.v1" in types
                and types.count("whistle.answered.v1") == 2
            )

        seen = await _grid_topic(kafka_broker.bootstrap, complete)
        types = [t for t, _ in seen]
        assert types.count("grid.layer.merged.v1") == 1
        assert types.count("grid.event.overdue.v1") == 1
        assert types.count("whistle.overdue.v1") == 1
        for step in ("reported", "accepted", "assigned", "handled", "verified", "closed"):
            assert f"grid.event.{step}.v1" in types
        referral = next(p for t, p in seen if t == "grid.event.referred.v1")
        assert referral["grid_event_id"] == referred["id"] and referral["item_code"] == "ZF-012"

        closed = Envelope.wrap(
            CaseClosed(
                case_id="C9",
                township=TOWNSHIP,
                item_code="ZF-012",
                grid_event_id=referred["id"],
                closed_at=utcnow(),
                outcome="已拆除",
            ),
            "enforcement",
        )
        producer = AIOKafkaProducer(bootstrap_servers=kafka_broker.bootstrap)
        await producer.start()
        try:
            await producer.send_and_wait(
                closed.topic, closed.value(), key=closed.subject.encode(), headers=closed.headers()
            )
        finally:
            await producer.stop()

        async def handled():
            got = await client.get(f"/v1/grid-events/{referred['id']}", headers=township)
            return got.json()["status"] == "handled"

        await eventually(handled, within=60)
