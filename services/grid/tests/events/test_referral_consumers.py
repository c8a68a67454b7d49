"""Referral to enforcement: grid.event.referred out; case.closed / case.transferred back in."""

from gridtest_geo import point
from gridtest_setup import TOWNSHIP, admin, import_and_merge, store_demo_catalog
from sqlalchemy import select

from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.events.enforcement import CaseClosed, CaseTransferred
from grassroots.grid.events.consumers import on_case_closed, on_case_transferred
from grassroots.testkit.apps import auth


async def _referred(app, client):
    await import_and_merge(app, client)
    lon, lat = point(0.5, 0.5)
    body = {
        "category": "illegal_building",
        "description": "占用耕地建房",
        "lon": lon,
        "lat": lat,
        "reporter": "群众",
    }
    eid = (await client.post("/v1/grid-events", json=body, headers=admin(app))).json()["id"]
    await client.post(f"/v1/grid-events/{eid}/accept", headers=admin(app))
    response = await client.post(
        f"/v1/grid-events/{eid}/assign",
        json={"assignee_kind": "enforcement", "item_code": "ZF-012"},
        headers=admin(app),
    )
    assert response.status_code == 200 and response.json()["assignee"] == TOWNSHIP
    return eid


async def test_case_closed_hands_the_event_back(grid):
    app, client = grid
    eid = await _referred(app, client)
    closed = CaseClosed(
        case_id="C1",
        township=TOWNSHIP,
        item_code="ZF-012",
        grid_event_id=eid,
        closed_at=utcnow(),
        outcome="罚款并拆除",
    )
    for _ in range(2):  # duplicates change nothing the second time
        async with app.state.database.transaction() as session:
            await on_case_closed(session, closed, None)
    event = (await client.get(f"/v1/grid-events/{eid}", headers=admin(app))).json()
    assert event["status"] == "handled" and event["case_id"] == "C1"
    async with app.state.database.transaction() as session:
        types = (await session.scalars(select(OutboxRow.ce_type))).all()
    assert types.count("grid.event.referred.v1") == 1
    assert types.count("grid.event.handled.v1") == 1


async def test_case_transferred_reassigns_to_the_department(grid):
    app, client = grid
    await store_demo_catalog(app.state.database)  # the department is known to the grid
    eid = await _referred(app, client)
    transferred = CaseTransferred(
        case_id="C2",
        township=TOWNSHIP,
        item_code="ZF-099",
        grid_event_id=eid,
        origin_department="11990101MB00000006",
        reason_code="E-ITEM-NOT-DELEGATED",
    )
    async with app.state.database.transaction() as session:
        await on_case_transferred(session, transferred, None)
    event = (await client.get(f"/v1/grid-events/{eid}", headers=admin(app))).json()
    assert event["status"] == "assigned" and event["assignee_kind"] == "department"
    dept = auth(app.state.settings, "dept_submitter", org="11990101MB00000006")
    handled = await client.post(
        f"/v1/grid-events/{eid}/handle", json={"feedback": "已责令恢复耕地"}, headers=dept
    )
    assert handled.status_code == 200 and handled.json()["status"] == "handled"
