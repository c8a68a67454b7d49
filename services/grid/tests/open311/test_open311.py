"""Open311 GeoReport v2: an existing 12345 client lists services, creates and reads a request."""

from collections.abc import AsyncIterator

import pytest
from gridtest_fixtures import A
from gridtest_geo import point
from gridtest_setup import COUNTY, import_and_merge

from grassroots.common.testing.apps import running_app, settings_for
from grassroots.grid.main import spec
from grassroots.grid.settings import GridSettings

KEY = "k-12345"
KEYS = {KEY: {"sub": "hotline-12345", "org": COUNTY, "county": COUNTY}}


@pytest.fixture
async def grid311(database_url) -> AsyncIterator:
    settings = settings_for(GridSettings, database_url, None, open311_api_keys=KEYS)
    async with running_app(spec(settings)) as (app, client):
        yield app, client


async def test_services_create_and_read(grid311):
    app, client = grid311
    await import_and_merge(app, client)
    services = (await client.get("/open311/v2/services.json")).json()
    assert {"service_code": "environment", "service_name": "环境卫生"}.items() <= services[
        0
    ].items()
    lon, lat = point(0.5, 0.5)
    form = {
        "api_key": KEY,
        "service_code": "environment",
        "lat": str(lat),
        "long": str(lon),
        "description": "路灯损坏",
        "first_name": "三",
        "last_name": "张",
    }
    created = await client.post("/open311/v2/requests.json", data=form)
    assert created.status_code == 201, created.text
    rid = created.json()[0]["service_request_id"]
    one = (await client.get(f"/open311/v2/requests/{rid}.json", params={"api_key": KEY})).json()[0]
    assert (
        one["status"] == "open"
        and one["address_id"] == f"{A}-01"
        and one["service_code"] == "environment"
    )
    assert one["status_notes"].startswith("发现上报")
    listed = (
        await client.get(
            "/open311/v2/requests.json",
            params={"api_key": KEY, "status": "open", "start_date": "2020-01-01T00:00:00"},
        )
    ).json()
    assert [r["service_request_id"] for r in listed] == [rid]
    assert (
        await client.get("/open311/v2/requests.json", params={"api_key": KEY, "status": "closed"})
    ).json() == []


async def test_api_key_and_parameters_checked(grid311):
    app, client = grid311
    await import_and_merge(app, client)
    no_key = await client.get("/open311/v2/requests.json")
    assert no_key.status_code == 401 and no_key.json()["code"] == "E-OPEN311-API-KEY"
    bad = await client.post(
        "/open311/v2/requests.json",
        data={"api_key": KEY, "service_code": "environment", "lat": "x"},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "E-OPEN311-PARAMS"
    garbage = await client.post(
        "/open311/v2/requests.json",
        content=b"\xff\xfe",
        headers={"content-type": "application/json"},
    )
    assert garbage.status_code == 422
    missing = await client.get("/open311/v2/requests/GEnope.json", params={"api_key": KEY})
    assert missing.status_code == 404
