"""The background loop (as a running replica runs it) emits a late step's overdue event by itself."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from gridtest_geo import point
from gridtest_setup import COUNTY, admin, import_and_merge
from sqlalchemy import func, select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.grid.main import spec
from grassroots.grid.settings import GridSettings
from grassroots.testkit.apps import auth, eventually, running_app, settings_for


@pytest.fixture
async def fast_grid(database_url) -> AsyncIterator:
    settings = settings_for(GridSettings, database_url, None, overdue_scan_seconds=0.05)
    async with running_app(spec(settings)) as (app, client):
        yield app, client


async def test_loop_emits_overdue_once(fast_grid):
    app, client = fast_grid
    await import_and_merge(app, client)
    county_admin = auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)
    table = {"entries": [{"urgency": "ordinary", "limits": {"accepted": {"hours": 0}}}]}
    assert (
        await client.put("/v1/policies/time-limits", json=table, headers=county_admin)
    ).status_code == 200
    lon, lat = point(0.5, 0.5)
    body = {
        "category": "dispute",
        "description": "纠纷",
        "lon": lon,
        "lat": lat,
        "reporter": "群众",
    }
    assert (await client.post("/v1/grid-events", json=body, headers=admin(app))).status_code == 201

    async def overdue_count() -> int:
        async with app.state.database.transaction() as session:
            stmt = (
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.ce_type == "grid.event.overdue.v1")
            )
            return int(await session.scalar(stmt) or 0)

    async def emitted() -> bool:
        return await overdue_count() >= 1

    await eventually(emitted, within=10)
    await asyncio.sleep(0.3)  # several more scans
    assert await overdue_count() == 1
