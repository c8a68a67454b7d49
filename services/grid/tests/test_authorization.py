"""Authorization (DESIGN §1, issue item 9): workers in own grids, townships in theirs, auditors read."""

from gridtest_fixtures import A, B
from gridtest_geo import point
from gridtest_setup import COUNTY, TOWNSHIP, admin, import_and_merge

from grassroots.testkit.apps import auth


async def _event(app, client):
    await import_and_merge(app, client)
    for grid_id, sub in ((f"{A}-01", "worker-a"), (f"{B}-01", "worker-b")):
        worker = {"name": sub, "post": "网格员", "phone": "13800000000", "sub": sub}
        assert (
            await client.post(f"/v1/grids/{grid_id}/workers", json=worker, headers=admin(app))
        ).status_code == 201
    lon, lat = point(0.5, 0.5)
    body = {
        "category": "dispute",
        "description": "邻里纠纷",
        "lon": lon,
        "lat": lat,
        "reporter": "worker-a",
    }
    worker_a = auth(app.state.settings, "grid_worker", org=A, sub="worker-a")
    eid = (await client.post("/v1/grid-events", json=body, headers=worker_a)).json()["id"]
    await client.post(f"/v1/grid-events/{eid}/accept", headers=admin(app))
    await client.post(
        f"/v1/grid-events/{eid}/assign",
        json={"assignee_kind": "grid_worker", "assignee": "worker-a"},
        headers=admin(app),
    )
    return eid


async def test_no_token_is_401(grid):
    _, client = grid
    for method, url in (
        ("GET", f"/v1/grids?township={TOWNSHIP}"),
        ("POST", "/v1/layers/merge"),
        ("GET", "/v1/grid-events/x"),
    ):
        response = await client.request(method, url, json={})
        assert response.status_code == 401, url


async def test_only_the_assigned_worker_handles(grid):
    app, client = grid
    eid = await _event(app, client)
    worker_b = auth(app.state.settings, "grid_worker", org=B, sub="worker-b")
    response = await client.post(
        f"/v1/grid-events/{eid}/handle", json={"feedback": "x"}, headers=worker_b
    )
    assert response.status_code == 404  # an event out of one's scope is not found
    worker_a = auth(app.state.settings, "grid_worker", org=A, sub="worker-a")
    assert (
        await client.post(
            f"/v1/grid-events/{eid}/handle", json={"feedback": "已调解"}, headers=worker_a
        )
    ).status_code == 200
    lon, lat = point(0.5, 0.5)
    body = {
        "category": "dispute",
        "description": "x",
        "lon": lon,
        "lat": lat,
        "reporter": "worker-b",
    }
    assert (await client.post("/v1/grid-events", json=body, headers=worker_b)).status_code == 403


async def test_auditor_reads_everything_changes_nothing(grid):
    app, client = grid
    eid = await _event(app, client)
    auditor = auth(app.state.settings, "auditor", org=COUNTY)
    province = auth(app.state.settings, "province_auditor", org="990000000000")
    assert (await client.get(f"/v1/grid-events/{eid}", headers=province)).status_code == 200
    assert (await client.get(f"/v1/grid-events/{eid}", headers=auditor)).status_code == 200
    assert (await client.get(f"/v1/grid-events/{eid}/history", headers=auditor)).status_code == 200
    assert (
        await client.get("/v1/grid-events", params={"township": TOWNSHIP}, headers=auditor)
    ).json()["items"][0]["id"] == eid
    assert (await client.get(f"/v1/grids/{A}-01", headers=auditor)).status_code == 200
    for url, body in (
        (f"/v1/grid-events/{eid}/verify", {"passed": True}),
        ("/v1/layers/merge", {"township": TOWNSHIP}),
        (f"/v1/grids/{A}-01/workers", {"name": "x", "post": "x", "phone": "12345"}),
        ("/v1/whistles", {"departments": ["11990101MB00000006"], "issue": "x"}),
    ):
        assert (await client.post(url, json=body, headers=auditor)).status_code == 403, url
    assert (
        await client.put("/v1/policies/time-limits", json={"entries": []}, headers=auditor)
    ).status_code == 403


async def test_townships_stay_in_their_own_grids(grid):
    app, client = grid
    eid = await _event(app, client)
    other = admin(app, "990101102000")
    assert (await client.get(f"/v1/grid-events/{eid}", headers=other)).status_code == 404
    listed = await client.get("/v1/grid-events", params={"township": TOWNSHIP}, headers=other)
    assert listed.status_code == 200 and listed.json()["items"] == []  # filtered: nothing leaks
    assert (
        await client.post("/v1/layers/merge", json={"township": TOWNSHIP}, headers=other)
    ).status_code == 403
    county = auth(app.state.settings, "evaluator", org=COUNTY, county=COUNTY)
    assert (await client.get(f"/v1/grid-events/{eid}", headers=county)).status_code == 200


async def test_event_list_pages_with_a_cursor(grid):
    app, client = grid
    await _event(app, client)
    lon, lat = point(0.5, 0.5)
    for n in range(4):
        body = {
            "category": "dispute",
            "description": f"第{n}件",
            "lon": lon,
            "lat": lat,
            "reporter": "群众",
        }
        assert (
            await client.post("/v1/grid-events", json=body, headers=admin(app))
        ).status_code == 201
    seen, cursor = [], None
    while True:
        params = {"township": TOWNSHIP, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/grid-events", params=params, headers=admin(app))).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5 and len(set(seen)) == 5
    bad = await client.get(
        "/v1/grid-events", params={"township": TOWNSHIP, "cursor": "!!"}, headers=admin(app)
    )
    assert bad.status_code == 422 and bad.json()["code"] == "E-CURSOR"


async def test_a_retried_report_with_an_idempotency_key_creates_one_event(grid):
    app, client = grid
    await import_and_merge(app, client)
    lon, lat = point(0.5, 0.5)
    body = {
        "category": "dispute",
        "description": "重复提交",
        "lon": lon,
        "lat": lat,
        "reporter": "群众",
    }
    headers = {**admin(app), "Idempotency-Key": "report-1"}
    first = await client.post("/v1/grid-events", json=body, headers=headers)
    again = await client.post("/v1/grid-events", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    page = (
        await client.get("/v1/grid-events", params={"township": TOWNSHIP}, headers=admin(app))
    ).json()
    assert len(page["items"]) == 1
