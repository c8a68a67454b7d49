"""Layers over HTTP: whole-layer refusal with feature indexes, versions kept, merge, grids, locate."""

import pytest
from gridtest_fixtures import (
    BASE,
    BOUNDARY,
    BOUNDARY_GAPS_M2,
    GAPS_M2,
    OUTSIDE_BOUNDARY_C,
    STRIP_IN_NO_LAYER_M2,
    A,
    B,
    C,
)
from gridtest_geo import collection, feature, point, rect, rect_area
from gridtest_setup import TOWNSHIP, admin, import_and_merge, store_demo_catalog
from sqlalchemy import func, select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.grid.grids.index import cache_for
from grassroots.grid.layers.models import LayerRow
from grassroots.testkit.apps import auth


async def test_invalid_layer_refused_whole_with_indexes(grid):
    app, client = grid
    bad = collection(
        feature(rect(0, 0, 1, 1), code=A),
        feature(
            {
                "type": "Polygon",
                "coordinates": [[[30, 110], [30.1, 110], [30.1, 110.1], [30, 110]]],
            },
            code=B,
        ),
        feature(
            {
                "type": "Polygon",
                "coordinates": [[[110, 30], [110.1, 30.1], [110.1, 30], [110, 30.1], [110, 30]]],
            },
            code=C,
        ),
    )
    response = await client.post(
        "/v1/layers", json={"system": "村社区", "kind": "base", "features": bad}, headers=admin(app)
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "E-LAYER-INVALID"
    assert {(p["index"], p["code"]) for p in body["problems"]} == {
        (1, "E-COORD-ORDER"),
        (2, "E-SELF-INTERSECTION"),
    }
    async with app.state.database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(LayerRow)) == 0


async def test_legacy_feature_outside_the_township_refused(grid):
    app, client = grid
    headers = admin(app)
    assert (
        await client.post(
            "/v1/layers",
            json={"system": "村社区", "kind": "base", "features": BASE},
            headers=headers,
        )
    ).status_code == 201
    far = collection(
        feature(rect(0, 0, 1, 1), grid_id="in"), feature(rect(50, 50, 51, 51), grid_id="far")
    )
    response = await client.post(
        "/v1/layers",
        json={"system": "环保", "kind": "legacy", "township": TOWNSHIP, "features": far},
        headers=headers,
    )
    assert response.status_code == 422
    assert [(p["index"], p["code"]) for p in response.json()["problems"]] == [
        (1, "E-FEATURE-OUTSIDE")
    ]
    response = await client.post(
        "/v1/layers", json={"system": "环保", "kind": "legacy", "features": far}, headers=headers
    )
    assert response.json()["code"] == "E-LAYER-TOWNSHIP"


async def test_other_township_and_garbage_refused(grid):
    app, client = grid
    other = admin(app, "990101102000")
    response = await client.post(
        "/v1/layers", json={"system": "村社区", "kind": "base", "features": BASE}, headers=other
    )
    assert response.status_code == 403 and response.json()["code"] == "AUTH-SCOPE"
    for body in (
        {"system": "x", "kind": "base", "features": {"type": "nope"}},
        {"system": "x", "kind": "base", "features": {}},
    ):
        response = await client.post("/v1/layers", json=body, headers=admin(app))
        assert response.status_code == 422
    response = await client.post(
        "/v1/layers/merge", json={"township": TOWNSHIP}, headers=admin(app)
    )
    assert response.status_code == 422 and response.json()["code"] == "E-MERGE-NO-BASE"


async def test_merge_grids_history_and_locate(grid):
    app, client = grid
    report = await import_and_merge(app, client, split_over=500)
    assert report["version"] == 1
    assert [g["grid_id"] for g in report["grids"]] == [f"{A}-01", f"{B}-01", f"{B}-02", f"{C}-01"]
    assert report["gaps_m2"] == pytest.approx(sum(GAPS_M2), rel=5e-3)
    assert {layer["system"] for layer in report["legacy_layers"]} == {"综治", "环保", "党建"}
    async with app.state.database.transaction() as session:
        types = (await session.scalars(select(OutboxRow.ce_type))).all()
    assert "grid.layer.merged.v1" in types

    headers = admin(app)
    listing = (await client.get("/v1/grids", params={"township": TOWNSHIP}, headers=headers)).json()
    assert listing["type"] == "FeatureCollection" and len(listing["features"]) == 4
    one = await client.get(f"/v1/grids/{A}-01", headers=headers)
    assert one.json()["geometry"]["type"] == "Polygon" and one.json()["properties"]["workers"] == []
    assert (await client.get("/v1/grids/nope", headers=headers)).status_code == 404

    async def locate(x, y):
        lon, lat = point(x, y)
        response = await client.get(
            "/v1/grids/locate", params={"lon": lon, "lat": lat}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()["grid_id"]

    assert await locate(0.5, 0.5) == f"{A}-01"
    assert await locate(2.0, 0.5) == f"{A}-01"  # shared border A|B: the smallest id
    assert await locate(3.9, 0.5) == f"{B}-02"
    assert await locate(1.5, 1.75) == f"{A}-01"  # A and C overlap: the smallest id
    assert await locate(4.5, 0.5) is None
    batch = await client.post(
        "/v1/grids/locate",
        json={"points": [point(0.5, 0.5), point(2.5, 3), point(9, 9)]},
        headers=headers,
    )
    assert batch.json() == {"grids": [f"{A}-01", f"{C}-01", None], "located": 2}
    builds = cache_for(app.state.settings.database_url).builds
    await locate(0.5, 0.5)
    assert (
        cache_for(app.state.settings.database_url).builds == builds
    )  # index built once per version

    # a second base version and merge: history kept, the index follows the new version
    smaller = collection(feature(rect(0, 0, 2, 2), code=A))
    assert (
        await client.post(
            "/v1/layers",
            json={"system": "村社区", "kind": "base", "features": smaller},
            headers=headers,
        )
    ).status_code == 201
    second = await client.post("/v1/layers/merge", json={"township": TOWNSHIP}, headers=headers)
    assert second.json()["version"] == 2
    assert await locate(3.9, 0.5) is None
    history = (
        await client.get(
            "/v1/layers", params={"township": TOWNSHIP, "kind": "base"}, headers=headers
        )
    ).json()
    assert [item["version"] for item in history["items"]] == [1, 2]
    merges = (
        await client.get("/v1/layers/merges", params={"township": TOWNSHIP}, headers=headers)
    ).json()
    assert [(m["version"], len(m["grids"])) for m in merges["items"]] == [(1, 4), (2, 1)]


async def test_readers_outside_the_county_refused(grid):
    app, client = grid
    stranger = auth(app.state.settings, "township_admin", org="990202101000", county="990202000000")
    response = await client.get("/v1/grids", params={"township": TOWNSHIP}, headers=stranger)
    assert response.status_code == 403
    other_auditor = auth(app.state.settings, "auditor", org="990202000000")
    response = await client.get("/v1/grids", params={"township": TOWNSHIP}, headers=other_auditor)
    assert response.status_code == 403 and response.json()["code"] == "AUTH-SCOPE"
    auditor = auth(app.state.settings, "auditor", org="990101000000")
    assert (
        await client.get("/v1/grids", params={"township": TOWNSHIP}, headers=auditor)
    ).status_code == 200


async def test_batch_locate_bounded_at_100000_points(grid):
    app, client = grid
    await import_and_merge(app, client)
    points = [point(0.5, 0.5)] * 100_000
    response = await client.post("/v1/grids/locate", json={"points": points}, headers=admin(app))
    assert response.status_code == 200 and response.json()["located"] == 100_000
    response = await client.post(
        "/v1/grids/locate", json={"points": [*points, point(1, 1)]}, headers=admin(app)
    )
    assert response.status_code == 422


async def test_batch_locate_refuses_a_latitude_beyond_90_as_the_single_locate_does(grid):
    """[lat, lon] sent for [lon, lat] (110 is no latitude) is refused, not answered null."""
    app, client = grid
    await import_and_merge(app, client)
    body = {"points": [[0.5, 0.5], [30.0, 110.0]]}
    response = await client.post("/v1/grids/locate", json=body, headers=admin(app))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "points" in response.text and "1" in response.text
    single = await client.get(
        "/v1/grids/locate", params={"lon": 30.0, "lat": 110.0}, headers=admin(app)
    )
    assert single.status_code == 422


async def test_gaps_are_the_township_outline_minus_the_grids(grid):
    """Issue 16.1: a strip of the township's outline in no submitted layer is a gap, with its
    area; grid parts outside the outline are reported; without an outline the report says gaps
    are relative to the layers' union."""
    app, client = grid
    headers = admin(app)
    first = await import_and_merge(app, client)
    assert first["gaps_basis"] == "layers" and first["boundary_layer"] is None
    assert "未导入乡镇行政区划边界" in first["gaps_note"]
    assert first["gaps_m2"] == pytest.approx(sum(GAPS_M2), rel=5e-3)

    outline = await client.post(
        "/v1/layers",
        json={"system": "民政", "kind": "boundary", "features": BOUNDARY},
        headers=headers,
    )
    assert outline.status_code == 201, outline.text
    assert outline.json()["township"] == TOWNSHIP and outline.json()["version"] == 1
    merged = await client.post("/v1/layers/merge", json={"township": TOWNSHIP}, headers=headers)
    assert merged.status_code == 200, merged.text
    report = merged.json()
    assert report["gaps_basis"] == "boundary"
    assert report["boundary_layer"]["system"] == "民政"
    assert report["gaps_m2"] == pytest.approx(BOUNDARY_GAPS_M2, rel=5e-3)
    # the strip (3,2)-(5,3.5) is in no layer: it joins Z2's gap (4,0)-(5,2) into one L-shaped gap
    l_shape = rect_area(4, 0, 5, 3.5) + rect_area(3, 2, 4, 3.5)
    assert [(g["area_m2"], g["systems"]) for g in report["gaps"]] == [
        (pytest.approx(l_shape, rel=5e-3), ["综治"]),
        (pytest.approx(rect_area(0, 2, 1, 3.5), rel=5e-3), ["党建", "环保"]),
    ]
    assert l_shape - STRIP_IN_NO_LAYER_M2 == pytest.approx(GAPS_M2[0], rel=5e-3)
    assert [(o["grid_id"], o["area_m2"]) for o in report["outside_boundary"]] == [
        (f"{C}-01", pytest.approx(OUTSIDE_BOUNDARY_C, rel=5e-3))
    ]
    assert report["outside_boundary_m2"] == pytest.approx(OUTSIDE_BOUNDARY_C, rel=5e-3)

    # versioned like the other layers; the history keeps both reports
    again = await client.post(
        "/v1/layers",
        json={"system": "民政", "kind": "boundary", "township": TOWNSHIP, "features": BOUNDARY},
        headers=headers,
    )
    assert again.status_code == 201 and again.json()["version"] == 2
    listed = await client.get(
        "/v1/layers", params={"township": TOWNSHIP, "kind": "boundary"}, headers=headers
    )
    assert [i["version"] for i in listed.json()["items"]] == [1, 2]
    merges = await client.get("/v1/layers/merges", params={"township": TOWNSHIP}, headers=headers)
    assert [m["gaps_basis"] for m in merges.json()["items"]] == ["layers", "boundary"]

    two = {"type": "FeatureCollection", "features": BOUNDARY["features"] * 2}
    refused = await client.post(
        "/v1/layers",
        json={"system": "民政", "kind": "boundary", "township": TOWNSHIP, "features": two},
        headers=headers,
    )
    assert refused.status_code == 422
    assert "E-BOUNDARY-COUNT" in {p["code"] for p in refused.json()["problems"]}


async def test_a_township_read_without_township_is_the_callers_own(grid):
    app, client = grid
    await store_demo_catalog(app.state.database)  # the department is known
    await import_and_merge(app, client)
    own = (await client.get("/v1/grids", headers=admin(app))).json()
    asked = (
        await client.get("/v1/grids", params={"township": TOWNSHIP}, headers=admin(app))
    ).json()
    assert own == asked and len(own["features"]) == 3
    village = auth(app.state.settings, "village_operator", org="990101101201")
    assert (await client.get("/v1/grids", headers=village)).json() == own  # its township's
    dept = auth(
        app.state.settings, "dept_submitter", org="11990101MB00000006", county="990101000000"
    )
    refused = await client.get("/v1/grid-events", headers=dept)
    assert refused.status_code == 422 and refused.json()["code"] == "E-TOWNSHIP-REQUIRED", (
        refused.text
    )
