"""Catalog codes that fire: a version may not come into force before the one in force."""

from sqlalchemy import func, select

from grassroots.common.catalog_versions import CatalogVersionRow
from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.problems import PROBLEM_JSON
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.apps import auth

COUNTY = "990101000000"


def _admin(app):
    return auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)


async def test_a_version_effective_before_the_current_one_is_refused(admission_db):
    app, client = admission_db
    current = demo_catalog(version="2026.2", effective_from="2026-03-01")
    created = await client.post("/v1/catalog/versions", json=current, headers=_admin(app))
    assert created.status_code == 201, created.text

    earlier = demo_catalog(version="2026.3", effective_from="2026-02-01")
    response = await client.post("/v1/catalog/versions", json=earlier, headers=_admin(app))
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["code"] == "E-CATALOG-EFFECTIVE-ORDER"
    assert "2026.2" in response.json()["detail"]

    missing = await client.get("/v1/catalog/versions/2026.3", headers=_admin(app))
    assert missing.status_code == 404
    async with app.state.database.transaction() as session:
        versions = (await session.scalars(select(CatalogVersionRow.version))).all()
        events = await session.scalar(select(func.count()).select_from(OutboxRow))
    assert versions == ["2026.2"] and events == 1  # only the first publication is announced

    same_day = demo_catalog(version="2026.4", effective_from="2026-03-01")
    allowed = await client.post("/v1/catalog/versions", json=same_day, headers=_admin(app))
    assert allowed.status_code == 201, allowed.text  # the same day is not earlier
