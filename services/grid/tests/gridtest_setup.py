"""Loading the merge fixture through the API."""

from __future__ import annotations

from datetime import date

from gridtest_fixtures import BASE, LEGACY

from grassroots.common import catalog_versions
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.apps import auth

COUNTY = "990101000000"
TOWNSHIP = "990101101000"
OPEN311_KEY = "k-12345"
OPEN311_KEYS = {OPEN311_KEY: {"sub": "hotline-12345", "org": COUNTY, "county": COUNTY}}


def admin(app, township=TOWNSHIP):
    return auth(app.state.settings, "township_admin", org=township, county=COUNTY)


async def import_and_merge(app, client, split_over=None):
    """Imports the base units and three legacy layers of the fixture, then merges; the report."""
    headers = admin(app)
    response = await client.post(
        "/v1/layers", json={"system": "村社区", "kind": "base", "features": BASE}, headers=headers
    )
    assert response.status_code == 201, response.text
    for system, features in LEGACY.items():
        response = await client.post(
            "/v1/layers",
            json={"system": system, "kind": "legacy", "township": TOWNSHIP, "features": features},
            headers=headers,
        )
        assert response.status_code == 201, response.text
    response = await client.post(
        "/v1/layers/merge",
        json={"township": TOWNSHIP, "split_households_over": split_over},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


async def store_demo_catalog(database) -> None:
    """The demo county's catalog: 青山镇 990101101000 with 石桥村 (A), 桃园村 (B), 松林村 (C)."""
    document = demo_catalog()
    async with database.transaction() as session:
        await catalog_versions.store(
            session,
            COUNTY,
            document["version"],
            date.fromisoformat(document["effective_from"]),
            document,
        )
