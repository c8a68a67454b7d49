"""Regressions of issue 14 (calls DESIGN §1 forbids that the grid once allowed), one test each."""

from gridtest_fixtures import A
from gridtest_geo import point
from gridtest_setup import COUNTY, TOWNSHIP, admin, import_and_merge, store_demo_catalog

from grassroots.testkit.apps import auth

NATURAL = "11990101MB00000006"  # 县自然资源局
THEIRS = "990102000000"  # the neighbour county


async def _assigned(app, client, kind="grid_worker", assignee="worker-a") -> str:
    """An event reported in village A, accepted and assigned by the township's grid centre."""
    lon, lat = point(0.5, 0.5)
    body = {"category": "dispute", "description": "邻里纠纷", "lon": lon, "lat": lat}
    created = await client.post(
        "/v1/grid-events", json={**body, "reporter": "群众"}, headers=admin(app)
    )
    eid = created.json()["id"]
    assert (await client.post(f"/v1/grid-events/{eid}/accept", headers=admin(app))).is_success
    to = {"assignee_kind": kind, "assignee": assignee}
    assert (
        await client.post(f"/v1/grid-events/{eid}/assign", json=to, headers=admin(app))
    ).is_success
    return eid


async def _with_worker(app, client) -> None:
    await store_demo_catalog(app.state.database)
    await import_and_merge(app, client)
    worker = {"name": "王芳", "post": "网格员", "phone": "13900000000", "sub": "worker-a"}
    added = await client.post(f"/v1/grids/{A}-01/workers", json=worker, headers=admin(app))
    assert added.status_code == 201


async def test_a_township_admin_token_at_a_department_cannot_blow_a_whistle(grid):
    app, client = grid
    await store_demo_catalog(app.state.database)
    forged = auth(app.state.settings, "township_admin", org=NATURAL)
    body = {"departments": [NATURAL], "issue": "x"}
    refused = await client.post("/v1/whistles", json=body, headers=forged)
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-ROLE-KIND"
    dept = auth(app.state.settings, "dept_submitter", org=NATURAL)
    assert (await client.get("/v1/whistles", headers=dept)).json()["items"] == []


async def test_a_grid_worker_of_another_county_cannot_report_into_our_grid(grid):
    app, client = grid
    await _with_worker(app, client)
    lon, lat = point(0.5, 0.5)
    body = {"category": "dispute", "description": "x", "lon": lon, "lat": lat, "reporter": "w"}
    for org in ("990102101201", "990101102201"):  # the neighbour's village, our other township's
        stranger = auth(app.state.settings, "grid_worker", org=org, sub="worker-a")
        refused = await client.post("/v1/grid-events", json=body, headers=stranger)
        assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE", org
    ours = auth(app.state.settings, "grid_worker", org=f"{A}", sub="worker-a")
    assert (await client.post("/v1/grid-events", json=body, headers=ours)).status_code == 201


async def test_the_catalog_admin_never_verifies_or_closes(grid):
    app, client = grid
    await _with_worker(app, client)
    eid = await _assigned(app, client)
    worker = auth(app.state.settings, "grid_worker", org=A, sub="worker-a")
    handled = await client.post(
        f"/v1/grid-events/{eid}/handle", json={"feedback": "已调解"}, headers=worker
    )
    assert handled.status_code == 200
    for role in ("catalog_admin", "evaluator"):
        county = auth(app.state.settings, role, org=COUNTY)
        for step, body in (("verify", {"passed": True}), ("close", {"resolved": True})):
            refused = await client.post(f"/v1/grid-events/{eid}/{step}", json=body, headers=county)
            assert refused.status_code == 403 and refused.json()["code"] == "AUTH-ROLE", (
                role,
                step,
            )
    assert (
        await client.post(
            f"/v1/grid-events/{eid}/verify", json={"passed": True}, headers=admin(app)
        )
    ).is_success


async def test_a_department_lists_only_the_events_it_may_open(grid):
    app, client = grid
    await _with_worker(app, client)
    hidden = await _assigned(app, client)
    dept = auth(app.state.settings, "dept_submitter", org=NATURAL)
    assert (await client.get(f"/v1/grid-events/{hidden}", headers=dept)).status_code == 404
    listed = await client.get("/v1/grid-events", params={"township": TOWNSHIP}, headers=dept)
    assert listed.status_code == 200 and listed.json()["items"] == []
    ours = await _assigned(app, client, kind="department", assignee=NATURAL)
    assert (await client.get(f"/v1/grid-events/{ours}", headers=dept)).status_code == 200
    listed = await client.get("/v1/grid-events", params={"township": TOWNSHIP}, headers=dept)
    assert [e["id"] for e in listed.json()["items"]] == [ours]


async def test_another_countys_time_limit_policy_is_neither_read_nor_set(grid):
    app, client = grid
    url = "/v1/policies/time-limits"
    refused = await client.get(url, params={"county": THEIRS}, headers=admin(app))
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
    assert (await client.get(url, params={"county": COUNTY}, headers=admin(app))).status_code == 200
    catalog_admin = auth(app.state.settings, "catalog_admin", org=THEIRS)
    put = await client.put(url, json={"county": COUNTY, "entries": []}, headers=catalog_admin)
    assert put.status_code == 403 and put.json()["code"] == "AUTH-SCOPE"


async def test_an_auditor_of_another_county_reads_none_of_our_events(grid):
    app, client = grid
    await _with_worker(app, client)
    eid = await _assigned(app, client)
    auditor = auth(app.state.settings, "auditor", org=THEIRS)
    assert (await client.get(f"/v1/grid-events/{eid}", headers=auditor)).status_code == 404
    assert (await client.get(f"/v1/grid-events/{eid}/history", headers=auditor)).status_code == 404
    listed = await client.get("/v1/grid-events", params={"township": TOWNSHIP}, headers=auditor)
    assert listed.status_code == 403
    ours = auth(app.state.settings, "auditor", org=COUNTY)
    assert (await client.get(f"/v1/grid-events/{eid}", headers=ours)).status_code == 200
