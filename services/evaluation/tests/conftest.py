"""evaluation under test: its own database with the demo catalog; a real broker when asked."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from grassroots.evaluation.main import spec
from grassroots.evaluation.settings import EvaluationSettings
from grassroots.testkit.apps import running_app, settings_for

sys.path.insert(0, str(Path(__file__).parent))  # test helpers (evaluationtest_*.py)

from evaluationtest_support import store_catalog


@pytest.fixture
async def evaluation(database_url) -> AsyncIterator:
    settings = settings_for(EvaluationSettings, database_url, None)
    async with running_app(spec(settings)) as (app, client):
        await store_catalog(app)
        yield app, client
