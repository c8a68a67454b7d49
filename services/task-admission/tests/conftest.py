"""task-admission under test: its own database, a real broker when the test asks for one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from grassroots.common.testing.apps import running_app, settings_for
from grassroots.task_admission.main import spec
from grassroots.task_admission.settings import TaskAdmissionSettings

COUNTY = "990101000000"


@pytest.fixture
async def admission(database_url, kafka_broker) -> AsyncIterator:
    settings = settings_for(TaskAdmissionSettings, database_url, kafka_broker.bootstrap)
    async with running_app(spec(settings)) as (app, client):
        yield app, client
