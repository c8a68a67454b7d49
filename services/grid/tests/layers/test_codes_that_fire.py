"""Layer codes that fire: an invalid geometry (not a self-intersection), a code that is no
township's."""

from gridtest_fixtures import BASE, A, B
from gridtest_geo import collection, feature, rect
from gridtest_setup import TOWNSHIP, admin
from sqlalchemy import func, select

from grassroots.grid.layers.models import LayerRow, MergedLayerRow
from grassroots.grid.layers.rules import check_geometry, parse_features

# a hole outside its shell: every ring is closed and long enough, the polygon is still invalid
HOLE_OUTSIDE = {
    "type": "Polygon",
    "coordinates": [rect(0, 0, 1, 1)["coordinates"][0], rect(2, 2, 3, 3)["coordinates"][0]],
}


def test_an_invalid_geometry_that_is_no_self_intersection_is_geometry_invalid():
    geometry, problems = check_geometry(0, HOLE_OUTSIDE)
    assert geometry is None
    assert [(p.index, p.code) for p in problems] == [(0, "E-GEOMETRY-INVALID")]
    assert "Hole lies outside shell" in problems[0].detail
    _, problems = parse_features(
        collection(feature(HOLE_OUTSIDE, code=A)), kind="base", township=TOWNSHIP
    )
    assert {(p.index, p.code) for p in problems} == {(0, "E-GEOMETRY-INVALID")}


async def test_a_layer_with_an_invalid_geometry_is_refused_whole(grid):
    app, client = grid
    features = collection(feature(rect(0, 0, 1, 1), code=A), feature(HOLE_OUTSIDE, code=B))
    response = await client.post(
        "/v1/layers",
        json={"system": "村社区", "kind": "base", "features": features},
        headers=admin(app),
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "E-LAYER-INVALID"
    assert [(p["index"], p["code"]) for p in response.json()["problems"]] == [
        (1, "E-GEOMETRY-INVALID")
    ]
    async with app.state.database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(LayerRow)) == 0


async def test_a_village_code_is_no_township(grid):
    app, client = grid
    village = A  # in the township admin's own township, so the access check lets it through
    legacy = {"system": "环保", "kind": "legacy", "township": village, "features": BASE}
    response = await client.post("/v1/layers", json=legacy, headers=admin(app))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "E-TOWNSHIP-CODE"
    merge = await client.post("/v1/layers/merge", json={"township": village}, headers=admin(app))
    assert merge.status_code == 422, merge.text
    assert merge.json()["code"] == "E-TOWNSHIP-CODE"
    async with app.state.database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(LayerRow)) == 0
        assert await session.scalar(select(func.count()).select_from(MergedLayerRow)) == 0
