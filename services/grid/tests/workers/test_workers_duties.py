"""Workers (定人定岗定责) and duties registered by departments (一岗多责) on a grid's page."""

from gridtest_fixtures import A, B
from gridtest_setup import admin, import_and_merge, store_demo_catalog

from grassroots.testkit.apps import auth

NATURAL = "11990101MB00000006"


async def test_workers_and_duties_listed_on_the_grid(grid):
    app, client = grid
    await store_demo_catalog(app.state.database)  # the departments are known to the grid
    await import_and_merge(app, client)
    worker = {"name": "王芳", "post": "兼职网格员", "phone": "13900000000"}
    assert (
        await client.post(f"/v1/grids/{A}-01/workers", json=worker, headers=admin(app))
    ).status_code == 201
    other = admin(app, "990101102000")
    assert (
        await client.post(f"/v1/grids/{A}-01/workers", json=worker, headers=other)
    ).status_code == 403
    assert (
        await client.post("/v1/grids/nope/workers", json=worker, headers=admin(app))
    ).status_code == 404
    dept = auth(app.state.settings, "dept_submitter", org=NATURAL, county="990101000000")
    duty = {
        "department": NATURAL,
        "grid_ids": [f"{A}-01", f"{B}-01"],
        "function": "耕地保护巡查",
        "duty_item_code": "T-A-014",
    }
    response = await client.post("/v1/grid-duties", json=duty, headers=dept)
    assert response.status_code == 201, response.text
    assert len(response.json()["items"]) == 2
    forged = await client.post(
        "/v1/grid-duties", json={**duty, "department": "11990101MB00000193"}, headers=dept
    )
    assert forged.status_code == 403
    unknown = await client.post(
        "/v1/grid-duties", json={**duty, "grid_ids": ["nope"]}, headers=dept
    )
    assert unknown.json()["code"] == "E-GRID-UNKNOWN"
    page = (await client.get(f"/v1/grids/{A}-01", headers=admin(app))).json()["properties"]
    assert [w["name"] for w in page["workers"]] == ["王芳"]
    assert [d["function"] for d in page["duties"]] == ["耕地保护巡查"]
