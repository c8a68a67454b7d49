"""Outbox bookkeeping without a broker: key shards, retention purge, re-publication."""

from datetime import date, timedelta

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
