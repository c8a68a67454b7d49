"""Grid referrals open cases once; overdue limits are announced once, even by two scanners."""

import asyncio
import json
from datetime import timedelta

from enforcementtest_factories import Actors, ago, open_case, referral, store_demo_catalog
from sqlalchemy import select

from grassroots.common.clock import china_date
from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.events.envelope import Envelope
from grassroots.common.events.grid import GridEventReferred
from grassroots.enforcement.cases.consumers import on_grid_event_referred
from grassroots.enforcement.cases.scans import scan_overdue
from grassroots.enforcement.main import spec
from grassroots.enforcement.policy import DEFAULT_POLICY
from grassroots.enforcement.settings import EnforcementSettings
from grassroots.testkit.apps import eventually, running_app, settings_for


async def deliver(app, event: GridEventReferred) -> None:
    handler = on_grid_event_referred(DEFAULT_POLICY)
    async with app.state.database.transaction() as session:
        await handler(session, event, Envelope.wrap(event, "grid"))


async def events_of(app, ce_type: str) -> list[dict]:
    async with app.state.database.transaction() as session:
        rows = await session.scalars(select(OutboxRow).where(OutboxRow.ce_type == ce_type))
        return [json.loads(row.payload) for row in rows]


async def test_referral_opens_a_discovered_case_once(enforcement):
    app, client = enforcement
    actors = Actors(app)
    await deliver(app, referral("ge-1", "ZF-001"))
    await deliver(app, referral("ge-1", "ZF-001"))  # a duplicate delivery
    await deliver(app, referral("ge-2", None))
    await deliver(app, referral("ge-3", "ZF-006"))  # not delegated to 青山镇
    page = await client.get(
        "/v1/cases", params={"township": actors.township}, headers=actors.auditor
    )
    cases = {c["grid_event_id"]: c for c in page.json()["items"]}
    assert len(cases) == 3
    assert cases["ge-1"]["state"] == "discovered" and cases["ge-1"]["source"] == "grid_referral"
    assert cases["ge-2"]["item_code"] is None
    assert cases["ge-3"]["state"] == "transferred"
    transferred = await events_of(app, "case.transferred.v1")
    assert transferred[0]["grid_event_id"] == "ge-3"
    assert transferred[0]["reason_code"] == "E-ITEM-NOT-DELEGATED"


async def test_overdue_is_emitted_once_per_limit(staffed):
    app, client, actors, officers = staffed
    case = await open_case(client, actors, discovered_at=ago(10).isoformat(), act_date=None)
    cid = case["id"]
    filed = await client.post(
        f"/v1/cases/{cid}/file",
        json={"officers": officers, "at": ago(9).isoformat()},
        headers=actors.supervisor,
    )
    assert filed.status_code == 200
    database = app.state.database
    assert await scan_overdue(database, utcnow(), DEFAULT_POLICY) == []
    later = utcnow() + timedelta(days=85)
    # two replicas scanning at once: one wins each limit
    first, second = await asyncio.gather(
        scan_overdue(database, later, DEFAULT_POLICY), scan_overdue(database, later, DEFAULT_POLICY)
    )
    assert sorted(first + second) == [(cid, "decision")]
    assert await scan_overdue(database, later + timedelta(days=1), DEFAULT_POLICY) == []
    overdue = await events_of(app, "case.overdue.v1")
    assert len(overdue) == 1 and overdue[0]["limit"] == "decision"
    assert overdue[0]["due"] == str(china_date(ago(9) + timedelta(days=90)))


async def test_filing_service_and_payment_limits(staffed):
    app, client, actors, officers = staffed
    database = app.state.database
    stale = await open_case(client, actors, discovered_at=ago(40).isoformat(), act_date=None)
    quick = await open_case(
        client,
        actors,
        procedure="simplified",
        officers=officers,
        item_code="ZF-011",
        discovered_at=ago(40).isoformat(),
        act_date=None,
    )
    decided = await client.post(
        f"/v1/cases/{quick['id']}/decide",
        json={"fine_yuan": 100, "party_present": False, "at": ago(39).isoformat()},
        headers=actors.supervisor,
    )
    assert decided.status_code == 200, decided.text
    on_the_spot = await open_case(
        client,
        actors,
        procedure="simplified",
        item_code="ZF-011",
        discovered_at=ago(40).isoformat(),
        act_date=None,
    )
    assert on_the_spot["deadlines"]["filing_due"] is None  # 当场处罚 needs no filing
    emitted = await scan_overdue(database, utcnow(), DEFAULT_POLICY)
    assert sorted(emitted) == sorted([(stale["id"], "filing"), (quick["id"], "service")])
    served = await client.post(
        f"/v1/cases/{quick['id']}/serve",
        json={"at": ago(30).isoformat(), "late_reason": "当事人外出"},
        headers=actors.officer(),
    )
    assert served.status_code == 200, served.text
    assert await scan_overdue(database, utcnow(), DEFAULT_POLICY) == [(quick["id"], "payment")]
    paid = await client.post(
        f"/v1/cases/{quick['id']}/execute",
        json={"paid_yuan": 145, "paid_on": str(china_date(ago(0))), "at": ago(0.01).isoformat()},
        headers=actors.officer(),
    )
    # 30 days after service: 15 days late, 3 % a day on 100 yuan = 45 yuan surcharge
    assert paid.status_code == 200 and paid.json()["surcharge_yuan"] == 45


async def test_background_loop_announces_once(sqlite_url):
    settings = settings_for(EnforcementSettings, sqlite_url, None, overdue_scan_seconds=0.05)
    async with running_app(spec(settings)) as (app, client):
        await store_demo_catalog(app)
        actors = Actors(app)
        case = await open_case(client, actors, discovered_at=ago(40).isoformat(), act_date=None)

        async def announced() -> bool:
            return len(await events_of(app, "case.overdue.v1")) == 1

        await eventually(announced, within=10)
        await asyncio.sleep(0.3)  # several more passes
        overdue = await events_of(app, "case.overdue.v1")
        assert [(e["case_id"], e["limit"]) for e in overdue] == [(case["id"], "filing")]
