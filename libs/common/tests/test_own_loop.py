"""A consumer on an event loop of its own keeps applying events while the HTTP loop is blocked."""

import asyncio
import threading
import time
from datetime import date

from grassroots.common.app.runtime import Runtime
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.session import Database
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.events.base import TOPICS
from grassroots.common.messaging.link import KafkaLink
from grassroots.common.messaging.outbox import OutboxRelay, add_event

EVENTS = 40


def _elsewhere(work) -> object:
    """Runs a coroutine to its end on a fresh loop in another thread (the test's loop is
    blocked meanwhile) and returns its result."""
    found: list[object] = []
    thread = threading.Thread(target=lambda: found.append(asyncio.run(work())))
    thread.start()
    thread.join(60)
    return found[0] if found else None


async def _count(database_url: str, seen_count) -> int:
    database = Database(database_url)
    try:
        return int(await seen_count(database))
    finally:
        await database.dispose()


def _applied_while_blocked(database_url: str, seen_count, within: float) -> int:
    """Waits, blocking the calling loop (it runs no callback meanwhile), until every event is
    applied or `within` seconds have passed; how many were."""
    deadline = time.monotonic() + within
    applied = 0
    while time.monotonic() < deadline:
        applied = int(_elsewhere(lambda: _count(database_url, seen_count)) or 0)
        if applied == EVENTS:
            break
        time.sleep(0.2)
    return applied


async def test_events_are_applied_while_the_http_loop_is_blocked(
    database_url, kafka_broker, make_probe_spec, seen_count
):
    spec = make_probe_spec(database_url, kafka_broker.bootstrap)
    spec.consumer_loop_of_its_own = True
    await upgrade_async(spec.migrations, database_url)
    runtime = Runtime(spec)
    await runtime.start()
    try:
        assert runtime.consumer is not None
        for _ in range(300):  # joined its group and has partitions
            member = runtime.consumer.consumer
            if member is not None and member.assignment():
                break
            await asyncio.sleep(0.1)

        async def publish() -> int:  # another replica's relay publishes, on its own loop
            database = Database(database_url)
            link = KafkaLink(spec.settings, TOPICS)
            async with database.transaction() as session:
                for n in range(EVENTS):
                    add_event(
                        session,
                        CatalogPublished(
                            county="990101000000", version=f"own-{n}",
                            effective_from=date(2026, 1, 1), document={},
                        ),
                    )  # fmt: skip
            relay = OutboxRelay(database, link, "probe-elsewhere")
            sent = await relay.publish_pending()
            await link.close()
            await database.dispose()
            return sent

        assert _elsewhere(publish) == EVENTS
        assert _applied_while_blocked(database_url, seen_count, within=30) == EVENTS
        assert runtime.dead_tasks() == []
    finally:
        await runtime.stop()
    assert not any(t.name == "consumer" for t in threading.enumerate())  # its thread has ended


async def test_a_part_never_started_still_closes_its_own_pool(sqlite_url, make_probe_spec):
    spec = make_probe_spec(sqlite_url, None)  # messaging disabled: the consumer never starts
    spec.consumer_loop_of_its_own = True
    await upgrade_async(spec.migrations, sqlite_url)
    runtime = Runtime(spec)
    assert runtime.consumer is not None and runtime.consumer.database is not runtime.database
    disposed: list[bool] = []
    dispose = runtime.consumer.database.dispose

    async def recorded() -> None:
        disposed.append(True)
        await dispose()

    runtime.consumer.database.dispose = recorded  # type: ignore[method-assign]
    await runtime.start()
    assert "consumer" not in runtime.tasks
    await runtime.stop()
    assert disposed == [True]
