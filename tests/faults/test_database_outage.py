"""PostgreSQL away under load: requests fail cleanly with 503 problem+json, then recover."""

import asyncio
import os
from urllib.parse import urlsplit

import pytest

from grassroots.common.problems import PROBLEM_JSON
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.main import spec
from grassroots.task_admission.settings import TaskAdmissionSettings
from grassroots.testkit.apps import auth, running_app, settings_for
from grassroots.testkit.databases import fresh_database
from grassroots.testkit.proxy import TcpProxy, via

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_POSTGRES_URL"), reason="needs TEST_POSTGRES_URL"
)
COUNTY = "990101000000"


async def test_requests_fail_with_503_while_the_database_is_away(tmp_path):
    async with fresh_database("postgresql", tmp_path) as url:
        target = urlsplit(url)
        proxy = await TcpProxy(target.hostname or "127.0.0.1", target.port or 5432).start()
        settings = settings_for(TaskAdmissionSettings, via(url, proxy.port), None)
        async with running_app(spec(settings)) as (app, client):
            admin = auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)
            created = await client.post("/v1/catalog/versions", json=demo_catalog(), headers=admin)
            assert created.status_code == 201
            await proxy.cut()
            during = [
                await client.get("/v1/catalog/active", params={"document": "false"}, headers=admin)
                for _ in range(5)
            ]
            assert {r.status_code for r in during} == {503}
            assert all(r.headers["content-type"] == PROBLEM_JSON for r in during)
            assert during[0].json()["code"] == "E-UNAVAILABLE"
            assert (await client.get("/readyz")).status_code == 503
            assert (await client.get("/livez")).status_code == 200
            await proxy.restore()
            for _ in range(50):
                after = await client.get(
                    "/v1/catalog/active", params={"document": "false"}, headers=admin
                )
                if after.status_code == 200:
                    break
                await asyncio.sleep(0.2)
            assert after.status_code == 200 and after.json()["version"] == "2026.1"
        await proxy.cut()
