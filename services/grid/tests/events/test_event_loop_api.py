"""The six-step loop over HTTP: located report, every step, illegal steps, overdue once, policies."""

import asyncio
from datetime import timedelta

from gridtest_fixtures import A
from gridtest_geo import point
from gridtest_setup import COUNTY, TOWNSHIP, admin, import_and_merge
from sqlalchemy import select

from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import AuditRow, OutboxRow
from grassroots.grid.events.scans import scan_overdue
from grassroots.testkit.apps import auth

GRID = f"{A}-01"


async def _types(app):
    async with app.state.database.transaction() as session:
        return (await session.scalars(select(OutboxRow.ce_type).order_by(OutboxRow.id))).all()


async def _setup(app, client):
    await import_and_merge(app, client)
    worker = {"name": "李网格", "post": "专职网格员", "phone": "13800000000", "sub": "worker-li"}
    response = await client.post(f"/v1/grids/{GRID}/workers", json=worker, headers=admin(app))
    assert response.status_code == 201, response.text
    page = (await client.get(f"/v1/grids/{GRID}", headers=admin(app))).json()
    assert page["properties"]["workers"][0]["name"] == "李网格"
    return auth(app.state.settings, "grid_worker", org=A, sub="worker-li")


async def _report(client, headers, x=0.5, y=0.5, **extra):
    lon, lat = point(x, y)
    body = {
        "category": "environment",
        "description": "河道垃圾堆积",
        "lon": lon,
        "lat": lat,
        "urgency": "ordinary",
        "reporter": "李网格",
        **extra,
    }
    return await client.post("/v1/grid-events", json=body, headers=headers)


async def test_six_steps_with_history_and_events(grid):
    app, client = grid
    worker = await _setup(app, client)
    township = admin(app)
    created = await _report(client, worker)
    assert created.status_code == 201, created.text
    event = created.json()
    assert (
        event["grid_id"] == GRID and event["township"] == TOWNSHIP and event["status"] == "reported"
    )
    eid = event["id"]

    illegal = await client.post(f"/v1/grid-events/{eid}/close", json={}, headers=township)
    assert illegal.status_code == 409 and illegal.json()["code"] == "E-EVENT-TRANSITION"
    assert (await client.post(f"/v1/grid-events/{eid}/accept", headers=worker)).status_code == 403

    stale = await client.post(
        f"/v1/grid-events/{eid}/accept", headers={**township, "If-Match": '"7"'}
    )
    assert stale.status_code == 412
    accepted = await client.post(
        f"/v1/grid-events/{eid}/accept", headers={**township, "If-Match": '"1"'}
    )
    assert accepted.status_code == 200 and accepted.headers["etag"] == '"2"'
    bad = await client.post(
        f"/v1/grid-events/{eid}/assign",
        json={"assignee_kind": "grid_worker", "assignee": "nobody"},
        headers=township,
    )
    assert bad.json()["code"] == "E-ASSIGNEE-NOT-IN-GRID"
    steps = [
        ("assign", {"assignee_kind": "grid_worker", "assignee": "worker-li"}, township),
        ("handle", {"feedback": "已清理"}, worker),
        ("verify", {"passed": False, "note": "仍有残留"}, township),
        ("handle", {"feedback": "已彻底清理"}, worker),
        ("verify", {"passed": True}, township),
        ("close", {"resolved": True, "satisfaction": "satisfied"}, township),
    ]
    for action, body, headers in steps:
        response = await client.post(f"/v1/grid-events/{eid}/{action}", json=body, headers=headers)
        assert response.status_code == 200, (action, response.text)
    assert response.json()["status"] == "closed"
    history = (await client.get(f"/v1/grid-events/{eid}/history", headers=township)).json()
    assert [s["step"] for s in history["steps"]] == [
        "reported",
        "accepted",
        "assigned",
        "handled",
        "assigned",
        "handled",
        "verified",
        "closed",
    ]
    types = await _types(app)
    for step in ("reported", "accepted", "assigned", "handled", "verified", "closed"):
        assert f"grid.event.{step}.v1" in types
    async with app.state.database.transaction() as session:
        audited = (
            await session.execute(
                select(AuditRow.action, AuditRow.changes)
                .where(AuditRow.entity_id == eid)
                .order_by(AuditRow.id)
            )
        ).all()
    # the engine audits the action taken with the real from → to
    assert [(a, c.get("from"), c.get("to")) for a, c in audited] == [
        ("report", None, None),
        ("accept", "reported", "accepted"),
        ("assign", "accepted", "assigned"),
        ("handle", "assigned", "handled"),
        ("verify", "handled", "assigned"),
        ("handle", "assigned", "handled"),
        ("verify", "handled", "verified"),
        ("close", "verified", "closed"),
    ]
    assert [s["detail"].get("from") for s in history["steps"][1:]] == [
        "reported",
        "accepted",
        "assigned",
        "handled",
        "assigned",
        "handled",
        "verified",
    ]


async def test_overdue_emitted_once_per_step_even_with_two_scanners(grid):
    app, client = grid
    worker = await _setup(app, client)
    eid = (await _report(client, worker)).json()["id"]
    later = utcnow() + timedelta(days=30)
    counts = await asyncio.gather(
        scan_overdue(app.state.database, later), scan_overdue(app.state.database, later)
    )
    assert sorted(counts) == [0, 1]
    assert await scan_overdue(app.state.database, later) == 0
    await client.post(f"/v1/grid-events/{eid}/accept", headers=admin(app))
    assert (
        await scan_overdue(app.state.database, utcnow() + timedelta(days=60)) == 1
    )  # the next step
    types = await _types(app)
    assert types.count("grid.event.overdue.v1") == 2
    async with app.state.database.transaction() as session:
        payloads = (
            await session.scalars(
                select(OutboxRow.payload).where(OutboxRow.ce_type == "grid.event.overdue.v1")
            )
        ).all()
    assert '"escalated_to":"990101101000"' in payloads[0].replace(" ", "")


async def test_reports_outside_grids_or_in_foreign_grids_refused(grid):
    app, client = grid
    worker = await _setup(app, client)
    outside = await _report(client, worker, x=40, y=40)
    assert outside.status_code == 422 and outside.json()["code"] == "E-EVENT-OUTSIDE-GRIDS"
    foreign = await _report(client, worker, x=3.5, y=0.5)  # grid B: not this worker's grid
    assert foreign.status_code == 403
    category = await _report(client, worker, category="ufo")
    assert category.json()["code"] == "E-EVENT-CATEGORY"
    other_township = admin(app, "990101102000")
    eid = (await _report(client, worker)).json()["id"]
    response = await client.post(f"/v1/grid-events/{eid}/accept", headers=other_township)
    assert response.status_code == 404  # another township does not even see it


async def test_time_limit_policy_table(grid):
    app, client = grid
    worker = await _setup(app, client)
    county_admin = auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)
    table = {
        "entries": [
            {"category": "environment", "urgency": "ordinary", "limits": {"accepted": {"hours": 1}}}
        ]
    }
    assert (
        await client.put("/v1/policies/time-limits", json=table, headers=admin(app))
    ).status_code == 403
    too_long = {"entries": [{"urgency": "ordinary", "limits": {"handled": {"working_days": 20}}}]}
    response = await client.put("/v1/policies/time-limits", json=too_long, headers=county_admin)
    assert response.status_code == 422 and response.json()["code"] == "E-POLICY-LIMIT"
    response = await client.put("/v1/policies/time-limits", json=table, headers=county_admin)
    assert response.status_code == 200, response.text
    assert response.json()["entries"][0]["limits"] == {"accepted": {"hours": 1}}
    event = (await _report(client, worker)).json()
    from datetime import datetime

    due = datetime.fromisoformat(event["due_at"])
    created = datetime.fromisoformat(event["created_at"])
    assert due - created == timedelta(hours=1)


async def test_extension_approved_up_to_fifteen_working_days(grid):
    app, client = grid
    worker = await _setup(app, client)
    eid = (await _report(client, worker)).json()["id"]
    early = await client.post(
        f"/v1/grid-events/{eid}/extend",
        json={"working_days": 5, "reason": "需协调"},
        headers=admin(app),
    )
    assert early.status_code == 409 and early.json()["code"] == "E-EXTENSION-STEP"
    await client.post(f"/v1/grid-events/{eid}/accept", headers=admin(app))
    await client.post(
        f"/v1/grid-events/{eid}/assign",
        json={"assignee_kind": "grid_worker", "assignee": "worker-li"},
        headers=admin(app),
    )
    too_long = await client.post(
        f"/v1/grid-events/{eid}/extend",
        json={"working_days": 16, "reason": "x"},
        headers=admin(app),
    )
    assert too_long.status_code == 422 and too_long.json()["code"] == "E-EXTENSION-OVER-MAX"
    shorter = await client.post(
        f"/v1/grid-events/{eid}/extend", json={"working_days": 1, "reason": "x"}, headers=admin(app)
    )
    assert shorter.json()["code"] == "E-EXTENSION-NOT-LATER"
    by_worker = await client.post(
        f"/v1/grid-events/{eid}/extend", json={"working_days": 10, "reason": "x"}, headers=worker
    )
    assert by_worker.status_code == 403
    extended = await client.post(
        f"/v1/grid-events/{eid}/extend",
        json={"working_days": 15, "reason": "涉及多部门"},
        headers=admin(app),
    )
    assert extended.status_code == 200, extended.text
    history = (await client.get(f"/v1/grid-events/{eid}/history", headers=admin(app))).json()
    assert history["steps"][-1]["step"] == "extended"
    listed = (
        await client.get(
            "/v1/grid-events",
            params={"township": TOWNSHIP, "status": "assigned"},
            headers=admin(app),
        )
    ).json()
    assert [e["id"] for e in listed["items"]] == [eid]


async def test_a_repeated_step_is_a_conflict_and_applies_once(grid):
    """The known bug: ten accepts answered 10 × 200 with ten steps and ten events."""
    app, client = grid
    worker = await _setup(app, client)
    eid = (await _report(client, worker)).json()["id"]
    url = f"/v1/grid-events/{eid}"
    answers = await asyncio.gather(
        *(client.post(f"{url}/accept", headers=admin(app)) for _ in range(10))
    )
    assert sorted(r.status_code for r in answers) == [200] + [409] * 9
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"E-EVENT-TRANSITION"}
    assert (await _types(app)).count("grid.event.accepted.v1") == 1
    to_li = {"assignee_kind": "grid_worker", "assignee": "worker-li"}
    assert (await client.post(f"{url}/assign", json=to_li, headers=admin(app))).status_code == 200
    again = await client.post(f"{url}/assign", json=to_li, headers=admin(app))
    assert again.status_code == 409 and again.json()["code"] == "E-ASSIGNEE-SAME"
    longer = {"working_days": 10, "reason": "需协调"}
    assert (await client.post(f"{url}/extend", json=longer, headers=admin(app))).status_code == 200
    twice = await client.post(f"{url}/extend", json=longer, headers=admin(app))
    assert twice.status_code == 409 and twice.json()["code"] == "E-EXTENSION-UNCHANGED"
    history = (await client.get(f"{url}/history", headers=admin(app))).json()["steps"]
    assert [s["step"] for s in history] == ["reported", "accepted", "assigned", "extended"]


async def test_county_staff_never_act_in_a_townships_loop(grid):
    """Regression: the evaluator got 200 on accept/assign/extend of our township's events, the
    catalog admin on verify and close — the evaluator closing the events it scores."""
    app, client = grid
    worker = await _setup(app, client)
    eid = (await _report(client, worker)).json()["id"]
    url = f"/v1/grid-events/{eid}"
    for role in ("evaluator", "catalog_admin"):
        county = auth(app.state.settings, role, org=COUNTY, county=COUNTY)
        refused = await client.post(f"{url}/accept", headers=county)
        assert refused.status_code == 403, (role, refused.text)
    assert (await client.post(f"{url}/accept", headers=admin(app))).status_code == 200
    to_li = {"assignee_kind": "grid_worker", "assignee": "worker-li"}
    evaluator = auth(app.state.settings, "evaluator", org=COUNTY, county=COUNTY)
    assert (await client.post(f"{url}/assign", json=to_li, headers=evaluator)).status_code == 403
    assert (await client.post(f"{url}/assign", json=to_li, headers=admin(app))).status_code == 200
    longer = {"working_days": 10, "reason": "需协调"}
    assert (await client.post(f"{url}/extend", json=longer, headers=evaluator)).status_code == 403
    assert (await _types(app)).count("grid.event.assigned.v1") == 1
