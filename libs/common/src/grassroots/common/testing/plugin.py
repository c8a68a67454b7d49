"""pytest plugin (entry point `pytest11`): fixtures every package of the suite reuses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from grassroots.common.testing.broker import Broker
from grassroots.common.testing.databases import BACKENDS, fresh_database


@pytest.fixture
def kafka_broker(tmp_path: Path) -> Iterator[Broker]:
    """A real Kafka-protocol broker of this test's own (memory storage, starts in milliseconds)."""
    broker = Broker(log_path=tmp_path / "broker.log").start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database for this test: SQLite always, PostgreSQL too with TEST_POSTGRES_URL."""
    async with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> AsyncIterator[str]:
    """An empty SQLite database only (for tests that need no second backend)."""
    async with fresh_database("sqlite", tmp_path) as url:
        yield url
