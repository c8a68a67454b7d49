"""Grid event codes that fire: an assignment must name whom it goes to."""

from gridtest_fixtures import A
from gridtest_geo import point
from gridtest_setup import admin, import_and_merge
from sqlalchemy import select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.testkit.apps import auth

GRID = f"{A}-01"


async def _accepted_event(app, client) -> str:
    """An event reported in grid A-01 by its worker and accepted by the township."""
    await import_and_merge(app, client)
    worker = {"name": "李网格", "post": "专职网格员", "phone": "13800000000", "sub": "worker-li"}
    response = await client.post(f"/v1/grids/{GRID}/workers", json=worker, headers=admin(app))
    assert response.status_code == 201, response.text
    lon, lat = point(0.5, 0.5)
    body = {
        "category": "environment",
        "description": "河道垃圾堆积",
        "lon": lon,
        "lat": lat,
        "urgency": "ordinary",
        "reporter": "李网格",
    }
    headers = auth(app.state.settings, "grid_worker", org=A, sub="worker-li")
    created = await client.post("/v1/grid-events", json=body, headers=headers)
    assert created.status_code == 201, created.text
    eid = created.json()["id"]
    accepted = await client.post(f"/v1/grid-events/{eid}/accept", headers=admin(app))
    assert accepted.status_code == 200, accepted.text
    return eid


async def test_an_assignment_without_an_assignee_is_refused(grid):
    app, client = grid
    eid = await _accepted_event(app, client)
    url = f"/v1/grid-events/{eid}"
    for body in (
        {"assignee_kind": "township_office"},
        {"assignee_kind": "department", "assignee": ""},
        {"assignee_kind": "grid_worker", "assignee": None},
    ):
        response = await client.post(f"{url}/assign", json=body, headers=admin(app))
        assert response.status_code == 422, (body, response.text)
        assert response.json()["code"] == "E-ASSIGNEE-REQUIRED", body

    event = (await client.get(url, headers=admin(app))).json()
    assert event["status"] == "accepted" and event.get("assignee") is None
    async with app.state.database.transaction() as session:
        types = (await session.scalars(select(OutboxRow.ce_type))).all()
    assert "grid.event.assigned.v1" not in types
    history = (await client.get(f"{url}/history", headers=admin(app))).json()["steps"]
    assert [s["step"] for s in history] == ["reported", "accepted"]
