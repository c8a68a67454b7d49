"""The outbox relay against a real broker: replicas sharing one outbox publish every record once,
in order per key; on PostgreSQL a commit by another replica wakes a relay long before its poll."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from datetime import date

import pytest
from aiokafka import AIOKafkaConsumer

from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.session import Database
from grassroots.common.events import ADMISSION_TOPIC
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.messaging.link import KafkaLink
from grassroots.common.messaging.outbox import OutboxRelay, add_event
from grassroots.common.services import service
from grassroots.common.settings import ServiceSettings

KEYS = [f"9901{n:02d}000000" for n in range(1, 9)]  # counties: the records' keys


async def _outbox(url: str) -> Database:
    await upgrade_async(service("task-admission").spec().migrations, url)
    return Database(url)


async def _write(database: Database, first: int, count: int) -> None:
    """`count` events, one transaction each, spread over KEYS; version = their order."""
    for n in range(first, first + count):
        async with database.transaction() as session:
            event = CatalogPublished(
                county=KEYS[n % len(KEYS)],
                version=str(n),
                effective_from=date(2026, 1, 1),
                document={},
            )
            add_event(session, event)


def _relay(database: Database, bootstrap: str, poll: float = 0.05) -> OutboxRelay:
    settings = ServiceSettings(kafka_bootstrap_servers=bootstrap)
    return OutboxRelay(database, KafkaLink(settings, [ADMISSION_TOPIC]), "t", poll_interval=poll)


async def _read(bootstrap: str, expected: int, within: float = 30.0) -> list[tuple[str, int]]:
    """(key, version) of every record on the topic, once `expected` arrived or time is up."""
    consumer = AIOKafkaConsumer(
        ADMISSION_TOPIC, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    seen: list[tuple[str, int]] = []
    try:
        deadline = asyncio.get_running_loop().time() + within
        while len(seen) < expected and asyncio.get_running_loop().time() < deadline:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for r in records:
                    seen.append((r.key.decode(), int(json.loads(r.value)["version"])))
    finally:
        await consumer.stop()
    return seen


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas share an outbox on PostgreSQL (SQLite runs one relay)")
    return database_url


async def test_three_replicas_publish_every_record_once_in_key_order(postgres_url, kafka_broker):
    databases = [await _outbox(postgres_url) for _ in range(3)]
    relays = [_relay(d, kafka_broker.bootstrap) for d in databases]
    tasks = [asyncio.create_task(r.run()) for r in relays]
    try:
        # written while the relays run, from every replica at once
        await asyncio.gather(*(_write(d, 100 * i, 100) for i, d in enumerate(databases)))
        seen = await _read(kafka_broker.bootstrap, expected=300)
        await asyncio.sleep(1.0)  # a record published twice would arrive by now
        seen += (await _read(kafka_broker.bootstrap, expected=301, within=1.0))[len(seen) :]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for relay in relays:
            await relay.link.close()
        for database in databases:
            await database.dispose()
    assert sorted(v for _, v in seen) == [n + 100 * i for i in range(3) for n in range(100)]
    by_key: dict[str, list[int]] = defaultdict(list)
    for key, version in seen:
        by_key[key].append(version)
    for i in range(3):  # each writer's records of a key were committed in this order
        for key, versions in by_key.items():
            mine = [v for v in versions if 100 * i <= v < 100 * (i + 1)]
            assert mine == sorted(mine), key


async def test_a_commit_by_another_replica_wakes_the_relay_before_its_poll(
    postgres_url, kafka_broker
):
    listening, writer = await _outbox(postgres_url), await _outbox(postgres_url)
    relay = _relay(listening, kafka_broker.bootstrap, poll=60.0)  # it would look once a minute
    task = asyncio.create_task(relay.run())
    try:
        await _write(writer, 0, 1)  # the first pass, at start, publishes it
        assert len(await _read(kafka_broker.bootstrap, expected=1)) == 1
        await asyncio.sleep(0.5)  # the relay now waits on its minute
        await _write(writer, 1, 1)  # another replica commits: only its NOTIFY can wake the relay
        assert len(await _read(kafka_broker.bootstrap, expected=2, within=10.0)) == 2
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await relay.link.close()
        await listening.dispose()
        await writer.dispose()


async def test_a_pass_sends_batches_per_partition_keeping_each_keys_order(
    database_url, kafka_broker
):
    """More records of a key than one batch holds (16 KiB): several batches of a partition, each
    after the ack of the one before; each record once, a key's in order, in the partition a plain
    keyed `send` picks."""
    database = await _outbox(database_url)
    for n in range(120):
        async with database.transaction() as session:
            add_event(
                session,
                CatalogPublished(
                    county=KEYS[n % 3],
                    version=str(n),
                    effective_from=date(2026, 1, 1),
                    document={"note": "x" * 1500},
                ),
            )
    relay = _relay(database, kafka_broker.bootstrap)
    try:
        assert await relay.publish_pending() == 120
        assert await relay.publish_pending() == 0
        producer = await relay.link.producer()
        picked = {
            k: (await producer.send_and_wait(ADMISSION_TOPIC, b"{}", key=k.encode())).partition
            for k in KEYS[:3]
        }
    finally:
        await relay.link.close()
        await database.dispose()
    consumer = AIOKafkaConsumer(
        ADMISSION_TOPIC,
        bootstrap_servers=kafka_broker.bootstrap,
        auto_offset_reset="earliest",
        group_id=None,
    )
    await consumer.start()
    seen: dict[str, list[int]] = defaultdict(list)
    try:
        while sum(map(len, seen.values())) < 120:
            for tp, records in (await consumer.getmany(timeout_ms=500)).items():
                for r in records:
                    if r.value != b"{}":
                        assert tp.partition == picked[r.key.decode()]
                        seen[r.key.decode()].append(int(json.loads(r.value)["version"]))
    finally:
        await consumer.stop()
    assert {k: v for k, v in seen.items()} == {
        k: list(range(i, 120, 3)) for i, k in enumerate(KEYS[:3])
    }
