"""Parts on an event loop of their own keep working while the HTTP loop is blocked: the consumer
applies events, the relay publishes what was committed."""

import asyncio
import threading
import time
from datetime import date

from sqlalchemy import func, select

from grassroots.common.app.runtime import Runtime
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.plumbing import OutboxRow
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
    spec.own_loops = ("consumer",)
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


async def _unsent(database_url: str) -> int:
    database = Database(database_url)
    try:
        async with database.sessions() as session:
            return int(
                await session.scalar(
                    select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))
                )
                or 0
            )
    finally:
        await database.dispose()


def _sent_while_blocked(database_url: str, within: float) -> int:
    """Blocks the calling loop until nothing is left unsent or `within` passed; what is left."""
    deadline = time.monotonic() + within
    left = -1
    while time.monotonic() < deadline:
        left = int(_elsewhere(lambda: _unsent(database_url)) or 0)
        if left == 0:
            break
        time.sleep(0.2)
    return left


async def test_a_commit_reaches_the_broker_while_the_http_loop_is_blocked(
    database_url, kafka_broker, make_probe_spec
):
    spec = make_probe_spec(database_url, kafka_broker.bootstrap)
    spec.own_loops = ("relay",)
    await upgrade_async(spec.migrations, database_url)
    runtime = Runtime(spec)
    await runtime.start()
    try:
        async with runtime.database.transaction() as session:
            for n in range(EVENTS):
                add_event(
                    session,
                    CatalogPublished(
                        county="990101000000", version=f"relayed-{n}",
                        effective_from=date(2026, 1, 1), document={},
                    ),
                )  # fmt: skip
        runtime.wake_relay()  # as the middleware does after a write
        assert _sent_while_blocked(database_url, within=30) == 0
        assert runtime.dead_tasks() == []
    finally:
        await runtime.stop()
    assert not any(t.name == "relay" for t in threading.enumerate())
