"""grid under test: its own database; a real broker only when a test asks for one."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from grassroots.grid.main import spec
from grassroots.grid.settings import GridSettings
from grassroots.testkit.apps import auth, running_app, settings_for

sys.path.insert(0, str(Path(__file__).parent))  # test helpers (gridtest_*.py)

COUNTY = "990101000000"
TOWNSHIP = "990101101000"
OTHER_TOWNSHIP = "990101102000"


@pytest.fixture
async def grid(database_url) -> AsyncIterator:
    """The grid service without messaging (events stay in the outbox)."""
    settings = settings_for(GridSettings, database_url, None)
    async with running_app(spec(settings)) as (app, client):
        yield app, client


def township_admin(app, township=TOWNSHIP):
    return auth(app.state.settings, "township_admin", org=township, county=COUNTY)
