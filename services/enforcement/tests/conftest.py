"""enforcement under test: its own database, the demo catalog stored, a real broker when asked."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from grassroots.enforcement.main import spec
from grassroots.enforcement.settings import EnforcementSettings
from grassroots.testkit.apps import running_app, settings_for

sys.path.insert(0, str(Path(__file__).parent))  # test helpers (enforcementtest_*.py)

from enforcementtest_factories import Actors, add_officer, store_demo_catalog


@pytest.fixture
async def enforcement(database_url) -> AsyncIterator:
    """The service without messaging (events stay in the outbox), demo catalog stored."""
    settings = settings_for(
        EnforcementSettings, database_url, None, overdue_scan_seconds=3600, checkpoint_seconds=3600
    )
    async with running_app(spec(settings)) as (app, client):
        await store_demo_catalog(app)
        yield app, client


@pytest.fixture
async def staffed(enforcement):
    """The service with two valid officers (zhang, wang) of 青山镇."""
    app, client = enforcement
    actors = Actors(app)
    zhang = await add_officer(client, actors, "zhang", "9901010001")
    wang = await add_officer(client, actors, "wang", "9901010002")
    return app, client, actors, [zhang, wang]
