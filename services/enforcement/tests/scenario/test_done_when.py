"""The issue's "Done when" over HTTP and the real broker: referral to closure, refusals, transfer,
overdue once, closure announced for the grid."""

from datetime import date, timedelta

from enforcementtest_broker import publish, read_topic
from enforcementtest_factories import COUNTY, PERSON_ID, Actors, add_officer, ago

from grassroots.common import catalog_versions
from grassroots.common.db.base import utcnow
from grassroots.common.events import ENFORCEMENT_TOPIC
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.events.grid import GridEventReferred
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.enforcement.cases.scans import scan_overdue
from grassroots.enforcement.main import spec
from grassroots.enforcement.settings import EnforcementSettings
from grassroots.testkit.apps import eventually, running_app, settings_for


async def test_done_when(database_url, kafka_broker):
    settings = settings_for(
        EnforcementSettings, database_url, kafka_broker.bootstrap, overdue_scan_seconds=3600
    )
    async with running_app(spec(settings)) as (app, client):
        actors = Actors(app)
        bootstrap = kafka_broker.bootstrap

        async def ready() -> bool:
            return (await client.get("/readyz")).json()["status"] == "ready"

        await eventually(ready)

        # the active catalog arrives as catalog.published
        document = demo_catalog()
        await publish(
            bootstrap,
            CatalogPublished(
                county=COUNTY,
                version=document["version"],
                effective_from=date.fromisoformat(document["effective_from"]),
                document=document,
            ),
            "task-admission",
        )

        async def catalog_stored() -> bool:
            async with app.state.database.transaction() as session:
                return await catalog_versions.active(session, COUNTY, date.today()) is not None

        await eventually(catalog_stored)

        # a grid referral opens a discovered case
        await publish(
            bootstrap,
            GridEventReferred(
                grid_event_id="ge-42",
                township=actors.township,
                grid_id="grid-1",
                category="环境保护",
                urgency="normal",
                at=ago(2),
                actor="grid-worker-7",
                description="石桥村村民在禁烧区焚烧秸秆",
                lon=110.5,
                lat=30.1,
                item_code="ZF-001",
            ),
            "grid",
        )
        found: list[dict] = []

        async def referral_opened() -> bool:
            page = await client.get(
                "/v1/cases", params={"township": actors.township}, headers=actors.supervisor
            )
            found[:] = [c for c in page.json()["items"] if c["grid_event_id"] == "ge-42"]
            return bool(found)

        await eventually(referral_opened)
        case = found[0]
        assert (case["state"], case["source"], case["item_code"]) == (
            "discovered",
            "grid_referral",
            "ZF-001",
        )
        cid = case["id"]
        zhang = await add_officer(client, actors, "zhang", "9901010001")
        wang = await add_officer(client, actors, "wang", "9901010002")
        party = {"name": "李四", "id_type": "resident", "id_no": PERSON_ID}

        async def act(action: str, headers, **body):
            return await client.post(f"/v1/cases/{cid}/{action}", json=body, headers=headers)

        # filing with one officer is refused; with two valid officers accepted
        one = await act("file", actors.supervisor, officers=[zhang], party=party)
        assert one.status_code == 422 and one.json()["code"] == "E-TWO-OFFICERS"
        filed = await act("file", actors.supervisor, officers=[zhang, wang], party=party)
        assert filed.status_code == 200 and filed.json()["state"] == "filed", filed.text
        assert (await act("investigate", actors.officer("zhang"))).status_code == 200
        notified = await act("notify", actors.officer("wang"), proposed_fine=1000, grounds="大气法")
        assert notified.status_code == 200
        # a fine above the item's range (500–2000) is refused
        above = await act("decide", actors.supervisor, fine_yuan=2001)
        assert above.status_code == 422 and above.json()["code"] == "E-FINE-RANGE"
        decided = await act("decide", actors.supervisor, fine_yuan=1000, party_present=True)
        assert decided.status_code == 200, decided.text
        for action, body in (("serve", {}), ("execute", {"paid_yuan": 1000}), ("close", {})):
            step = await act(action, actors.officer("zhang"), **body)
            assert step.status_code == 200, step.text
        assert step.json()["state"] == "closed"

        # the simplified procedure above 200 yuan for a person is refused
        quick = await client.post(
            "/v1/cases",
            json={
                "township": actors.township,
                "item_code": "ZF-011",
                "source": "patrol",
                "party": party,
                "facts": "违规燃放烟花爆竹",
                "discovered_at": ago(0).isoformat(),
                "officers": [zhang, wang],
                "procedure": "simplified",
            },
            headers=actors.supervisor,
        )
        refused = await client.post(
            f"/v1/cases/{quick.json()['id']}/decide",
            json={"fine_yuan": 300, "party_present": True},
            headers=actors.supervisor,
        )
        assert refused.status_code == 422 and refused.json()["code"] == "E-SIMPLIFIED-LIMIT"

        # an undelegated item is transferred
        river = await client.post(
            "/v1/cases",
            json={
                "township": actors.township,
                "item_code": "ZF-006",
                "source": "complaint",
                "facts": "河道内堆放阻碍行洪物体",
                "discovered_at": ago(1).isoformat(),
            },
            headers=actors.officer("zhang"),
        )
        assert river.json()["state"] == "transferred"

        # a case past 90 days emits case.overdue once (two scanners, then a later pass)
        late = await client.post(
            "/v1/cases",
            json={
                "township": actors.township,
                "item_code": "ZF-012",
                "source": "inspection",
                "party": party,
                "facts": "占用耕地建房",
                "discovered_at": ago(3).isoformat(),
                "officers": [zhang, wang],
            },
            headers=actors.supervisor,
        )
        late_id = late.json()["id"]
        filed_late = await client.post(
            f"/v1/cases/{late_id}/file", json={"at": ago(2).isoformat()}, headers=actors.supervisor
        )
        assert filed_late.status_code == 200
        later = utcnow() + timedelta(days=91)
        emitted = await scan_overdue(app.state.database, later, settings.policy)
        emitted += await scan_overdue(app.state.database, later, settings.policy)
        emitted += await scan_overdue(
            app.state.database, later + timedelta(days=5), settings.policy
        )
        assert (late_id, "decision") in emitted
        assert emitted.count((late_id, "decision")) == 1
        app.state.runtime.wake_relay()

        seen: dict[str, list] = {}

        async def published() -> bool:
            events = await read_topic(bootstrap, ENFORCEMENT_TOPIC)
            seen.clear()
            for event in events:
                seen.setdefault(event.type, []).append(event.data)
            wanted = (
                "case.filed.v1",
                "case.decided.v1",
                "case.closed.v1",
                "case.transferred.v1",
                "case.overdue.v1",
                "log.appended.v1",
            )
            return all(t in seen for t in wanted)

        await eventually(published)
        closed = [e for e in seen["case.closed.v1"] if e["case_id"] == cid]
        assert closed and closed[0]["grid_event_id"] == "ge-42"  # the grid closes its event
        assert [e["township"] for e in seen["case.transferred.v1"]] == [actors.township]
        assert seen["case.transferred.v1"][0]["reason_code"] == "E-ITEM-NOT-DELEGATED"
        overdue = [e for e in seen["case.overdue.v1"] if e["case_id"] == late_id]
        assert len(overdue) == 1 and overdue[0]["limit"] == "decision"

        verify = await client.get(
            "/v1/logs/verify", params={"township": actors.township}, headers=actors.auditor
        )
        assert verify.json()["ok"] is True and verify.json()["entries"] >= 10
