"""evaluation under test: its own database with the demo catalog; a real broker when asked."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from grassroots.common.testing.apps import running_app, settings_for
from grassroots.evaluation.main import spec
from grassroots.evaluation.settings import EvaluationSettings
from grassroots.evaluation.testing import store_catalog


@pytest.fixture
async def evaluation(database_url) -> AsyncIterator:
    settings = settings_for(EvaluationSettings, database_url, None)
    async with running_app(spec(settings)) as (app, client):
        await store_catalog(app)
        yield app, client
