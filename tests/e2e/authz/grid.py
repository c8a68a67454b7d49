"""grid's things for the matrix: 青山镇's grids (imported and merged here when the suite holds
none), a worker of 石桥村's grid, two events reported there — one assigned to 县林业局 (the
event the routes are called on), one to the worker (a secret the department must never see) —
and a whistle 青山镇 blows to 县林业局. Where each stands is written here from the API's
meaning, not from grid's resolvers."""

from __future__ import annotations

from typing import Any

import httpx
from county import geo
from county.orgs import FORESTRY, QINGSHAN, VILLAGES

from authz import Fixtures
from grassroots.common.auth.access import Target
from grassroots.testkit.counties import OURS

GRID = "grid"
VILLAGE = VILLAGES[QINGSHAN][0]  # 石桥村
GRID_ID = f"{VILLAGE}-01"
WORKER = f"authz-gw-{VILLAGE}"  # the subject the matrix's home grid_worker acts as


def _ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return dict(response.json())


def _grids(centre: httpx.Client) -> None:
    """青山镇's comprehensive grids, as the county's story builds them, unless already there."""
    listed = _ok(centre.get("/v1/grids", params={"township": QINGSHAN}))
    if any(feature["id"] == GRID_ID for feature in listed["features"]):
        return
    base = {"system": "村社区", "kind": "base", "features": geo.base_layer(QINGSHAN)}
    _ok(centre.post("/v1/layers", json=base), 201)
    _ok(centre.post("/v1/layers/merge", json={"township": QINGSHAN}))


def _event(centre: httpx.Client, lon: float, lat: float, kind: str, assignee: str) -> str:
    body = {"category": "dispute", "description": "矩阵:邻里纠纷", "lon": lon, "lat": lat}
    eid = str(_ok(centre.post("/v1/grid-events", json={**body, "reporter": "群众"}), 201)["id"])
    _ok(centre.post(f"/v1/grid-events/{eid}/accept"))
    to = {"assignee_kind": kind, "assignee": assignee}
    _ok(centre.post(f"/v1/grid-events/{eid}/assign", json=to))
    return eid


def prepare(suite: Any) -> Fixtures:
    """One of each thing grid's routes act on, in 青山镇, and where each stands."""
    token = suite.token("township_admin", QINGSHAN)
    lon, lat = geo.point_in(VILLAGE)
    with httpx.Client(
        base_url=suite.urls[GRID], headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as centre:
        _grids(centre)
        located = _ok(centre.get("/v1/grids/locate", params={"lon": lon, "lat": lat}))
        assert located["grid_id"] == GRID_ID, located
        worker = {"name": "矩阵网格员", "post": "专职网格员", "phone": "13800000000", "sub": WORKER}
        _ok(centre.post(f"/v1/grids/{GRID_ID}/workers", json=worker), 201)
        event_id = _event(centre, lon, lat, "department", FORESTRY)
        hidden = _event(centre, lon, lat, "grid_worker", WORKER)
        whistle = {"departments": [FORESTRY], "issue": "矩阵:林地违建,请林业局到场"}
        whistle_id = str(_ok(centre.post("/v1/whistles", json=whistle), 201)["id"])
        board = _ok(centre.get(f"/v1/grids/{GRID_ID}"))["properties"]["workers"]
        workers = {w["sub"] for w in board if w.get("sub")}

    township = Target(county=OURS, township=QINGSHAN, unit=QINGSHAN)
    grid = Target(county=OURS, township=QINGSHAN, unit=VILLAGE)
    at_point = Target(county=OURS, township=QINGSHAN, unit=VILLAGE, subs=frozenset(workers))
    to_forestry = Target(
        county=OURS, township=QINGSHAN, unit=VILLAGE, parties=frozenset({FORESTRY})
    )
    to_worker = Target(county=OURS, township=QINGSHAN, unit=VILLAGE, subs=frozenset({WORKER}))
    blown = Target(county=OURS, township=QINGSHAN, unit=QINGSHAN, parties=frozenset({FORESTRY}))
    return Fixtures(
        values={
            "township": QINGSHAN,
            "grid_id": GRID_ID,
            "department": FORESTRY,
            "lon": str(lon),
            "lat": str(lat),
            "event_id": event_id,
            "whistle_id": whistle_id,
            "county": OURS,
        },
        targets={
            "township": township,
            "grid_id": grid,
            "department": Target(county=OURS, unit=FORESTRY),
            "lon": at_point,
            "event_id": to_forestry,
            "whistle_id": blown,
            "county": Target(county=OURS, unit=OURS),
        },
        secrets=[
            (hidden, "GET /v1/grid-events/{event_id}", to_worker),
            (event_id, "GET /v1/grid-events/{event_id}", to_forestry),
            (whistle_id, "GET /v1/whistles/{whistle_id}", blown),
        ],
        bodies={
            # allowed callers get past authorization and stop at validation: nothing re-merged
            "POST /v1/layers/merge": {"split_households_over": 0},
            "POST /v1/grid-events": {
                "lat": lat,
                "category": "dispute",
                "description": "矩阵上报",
                "reporter": "矩阵",
            },
            "POST /v1/grids/locate": {"points": [[lon, lat]]},
        },
        subs={"grid_worker": WORKER},
    )
