"""An Open311 client nobody here wrote — `georeport` 0.3.1 from PyPI, unmodified — against the grid
served by a real uvicorn on loopback, in JSON and in XML (its xmltodict parsing).

`georeport` only reads (services, definitions, requests, one request) and sends no key; the POST is
made as the `open311` client makes it, form-encoded with `api_key` in the query string.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import requests
import uvicorn
from georeport import GeoReport
from gridtest_fixtures import A
from gridtest_geo import point
from gridtest_setup import COUNTY, OPEN311_KEY, OPEN311_KEYS, import_and_merge, store_demo_catalog

from grassroots.common.app.factory import create_service_app
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.session import Database
from grassroots.dev.broker import free_port
from grassroots.grid.main import MIGRATIONS, spec
from grassroots.grid.settings import GridSettings
from grassroots.testkit.apps import settings_for


@pytest.fixture
async def served(database_url) -> AsyncIterator[tuple[object, str]]:
    """The grid app under uvicorn in a thread of its own (its own event loop); the base URL."""
    await upgrade_async(MIGRATIONS, database_url)
    settings = settings_for(GridSettings, database_url, None, open311_api_keys=OPEN311_KEYS)
    app = create_service_app(spec(settings))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="on", log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="grid-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        await asyncio.sleep(0.05)
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.to_thread(thread.join, 30)


async def test_georeport_client_reads_what_it_posted(served):
    app, base = served
    database = Database(app.state.settings.database_url)  # a handle of this loop, not the server's
    try:
        await store_demo_catalog(database)
    finally:
        await database.dispose()
    async with httpx.AsyncClient(base_url=base) as client:
        await import_and_merge(app, client)
    root = f"{base}/open311/v2"
    lon, lat = point(0.5, 0.5)
    form = {
        "service_code": "environment",
        "lat": str(lat),
        "long": str(lon),
        "description": "河道垃圾",
        "attribute[urgency]": "on_the_spot",
    }
    posted = await asyncio.to_thread(
        requests.post,
        f"{root}/requests.json",
        params={"api_key": OPEN311_KEY},
        data=form,
        timeout=10,
    )
    assert posted.status_code == 201, posted.text
    rid = posted.json()[0]["service_request_id"]

    for output_format in ("json", "xml"):
        client = GeoReport(root, jurisdiction=COUNTY, output_format=output_format)
        services = await asyncio.to_thread(client.get_service_list)
        codes = [s["service_code"] for s in services]
        assert codes[0] == "environment" and "dispute" in codes
        definition = await asyncio.to_thread(client.get_service_definition, "environment")
        attributes = definition["attributes"]
        if output_format == "xml":  # xmltodict: one child is a dict, not a list
            attributes = [attributes["attribute"]]
        assert attributes[0]["code"] == "urgency"
        listed = await asyncio.to_thread(
            client.get_service_requests,
            service_code="environment,dispute",
            status="open,closed",
        )
        if output_format == "xml":
            listed = [listed] if isinstance(listed, dict) else listed
        assert [r["service_request_id"] for r in listed] == [rid]
        one = await asyncio.to_thread(client.get_service_request, rid)
        assert one["service_request_id"] == rid and one["status"] == "open"
        assert one["address"] == "青山镇石桥村" and one["address_id"] == f"{A}-01"
        assert one["agency_responsible"] == "青山镇"
        assert float(one["lat"]) == pytest.approx(lat) and float(one["long"]) == pytest.approx(lon)

    closed = GeoReport(root, jurisdiction=COUNTY)
    assert await asyncio.to_thread(closed.get_service_requests, status="closed") == []
    with pytest.raises(requests.HTTPError) as missing:
        await asyncio.to_thread(closed.get_service_request, "GEnope")
    assert missing.value.response.status_code == 404
    assert missing.value.response.json()[0]["code"] == 404
