"""Outbox bookkeeping without a broker: key shards, retention purge, re-publication, a refused
batch."""

import asyncio
from datetime import date, timedelta

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaTimeoutError
from aiokafka.partitioner import DefaultPartitioner
from sqlalchemy import select, update

from grassroots.common.db.base import utcnow
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.db.session import Database
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.messaging.link import KafkaLink
from grassroots.common.messaging.outbox import SHARDS, OutboxRelay, add_event, republish, shard_of
from grassroots.common.services import service
from grassroots.common.settings import ServiceSettings


def test_a_key_always_lands_in_the_same_shard():
    assert shard_of("990101101000") == shard_of("990101101000")
    assert len({shard_of(f"k{i}") for i in range(1000)}) == SHARDS


async def test_purge_keeps_recent_rows_and_republish_marks_them_unsent(database_url):
    await upgrade_async(service("grid").spec().migrations, database_url)
    database = Database(database_url)
    async with database.transaction() as session:
        for v in ("old", "new"):
            add_event(
                session,
                CatalogPublished(
                    county="990101000000", version=v, effective_from=date(2026, 1, 1), document={}
                ),
            )
    async with database.transaction() as session:
        await session.execute(update(OutboxRow).values(sent_at=utcnow()))
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.payload.contains('"old"'))
            .values(sent_at=utcnow() - timedelta(days=30))
        )
    relay = OutboxRelay(
        database, KafkaLink(ServiceSettings(), []), "t", retention=timedelta(days=7)
    )
    assert await relay.purge_sent() == 1
    async with database.transaction() as session:
        assert await republish(session) == 1
    async with database.sessions() as session:
        rows = (await session.scalars(select(OutboxRow))).all()
    assert [(r.sent_at, '"new"' in r.payload) for r in rows] == [(None, True)]
    await database.dispose()


class _RefusingProducer:
    """A producer (batches built by aiokafka itself) whose broker refuses the second batch of one
    partition; it records what it was sent."""

    def __init__(self, refused: int) -> None:
        self.builder = AIOKafkaProducer()  # never started: only its batch builder is used
        self.refused = refused
        self.sent: list[tuple[int, int]] = []  # (partition, records)

    async def partitions_for(self, topic: str) -> set[int]:
        return set(range(6))

    def create_batch(self):
        return self.builder.create_batch()

    async def send_batch(self, batch, topic: str, *, partition: int):
        done = asyncio.get_running_loop().create_future()
        if partition == self.refused and any(p == partition for p, _ in self.sent):
            done.set_exception(KafkaTimeoutError("refused"))
        else:
            self.sent.append((partition, batch.record_count()))
            done.set_result(None)
        return done


class _Link:
    def __init__(self, producer: _RefusingProducer) -> None:
        self._producer = producer

    async def producer(self) -> _RefusingProducer:
        return self._producer


async def test_a_refused_batch_holds_back_only_the_later_records_of_its_partition(database_url):
    await upgrade_async(service("grid").spec().migrations, database_url)
    database = Database(database_url)
    counties = ["990101000000", "990102000000"]
    partitions = [
        DefaultPartitioner()(c.encode(), list(range(6)), list(range(6))) for c in counties
    ]
    assert partitions[0] != partitions[1]
    for n in range(12):  # 6 KB each: two records to a batch
        async with database.transaction() as session:
            add_event(
                session,
                CatalogPublished(
                    county=counties[n % 2],
                    version=str(n),
                    effective_from=date(2026, 1, 1),
                    document={"note": "x" * 6000},
                ),
            )
    producer = _RefusingProducer(refused=partitions[0])
    relay = OutboxRelay(database, _Link(producer), "t")  # type: ignore[arg-type]
    assert await relay.publish_pending() == 8  # the other county's 6, the first batch of 2
    assert relay.last_error is not None and "refused" in relay.last_error
    async with database.sessions() as session:
        rows = (await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).all()
    state = [(r.key, r.sent_at is not None, r.attempts) for r in rows]
    first = [s for s in state if s[0] == counties[0]]
    assert [(sent, attempts) for _, sent, attempts in first] == [
        (True, 0),
        (True, 0),
        (False, 1),
        (False, 1),
        (False, 0),
        (False, 0),
    ]  # the refused batch counts an attempt; the records after it were not offered
    assert all(sent for key, sent, _ in state if key == counties[1])
    await database.dispose()
