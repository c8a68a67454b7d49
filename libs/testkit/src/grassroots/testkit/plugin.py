"""pytest plugin (entry point `pytest11`): fixtures every package of the suite reuses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from grassroots.common.services import SERVICE_NAMES
from grassroots.dev.broker import Broker
from grassroots.dev.harness import ENV_PREFIXES, Suite
from grassroots.testkit.databases import BACKENDS, fresh_database, suite_databases
from grassroots.testkit.recorder import EventRecorder

# Background scans every second, so a test that moves the suite's clock sees their effect soon.
SCAN_FAST = {
    f"{ENV_PREFIXES[name]}OVERDUE_SCAN_SECONDS": "1"
    for name in ("task-admission", "grid", "enforcement")
}


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


@pytest.fixture(scope="module", params=BACKENDS)
def grassroots_suite(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Suite]:
    """The four services as real processes with their own broker and a shared clock (per module):
    on SQLite files, and on PostgreSQL databases too when TEST_POSTGRES_URL is set."""
    workdir = tmp_path_factory.mktemp("suite")
    with suite_databases(request.param, SERVICE_NAMES) as urls:
        suite = Suite(workdir=workdir, database_urls=urls, extra_env=SCAN_FAST)
        try:
            suite.start()
            yield suite
        finally:
            suite.stop()


@pytest.fixture
def event_recorder(grassroots_suite: Suite) -> Iterator[EventRecorder]:
    """Every event on the suite's topics since the broker started."""
    assert grassroots_suite.bootstrap is not None
    recorder = EventRecorder(grassroots_suite.bootstrap).start()
    try:
        yield recorder
    finally:
        recorder.stop()
