"""Two members of one consumer group: a rebalance in the middle loses nothing, applies nothing twice."""

import asyncio

from sqlalchemy import func, select

from grassroots.common.app.runtime import Runtime
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.plumbing import AuditRow, InboxRow
from grassroots.common.messaging.outbox import add_event


async def test_a_second_member_joining_mid_stream(
    sqlite_url, kafka_broker, make_probe_spec, seen_count
):
    from datetime import date

    from grassroots.common.events.admission import CatalogPublished

    first = Runtime(make_probe_spec(sqlite_url, kafka_broker.bootstrap, consumer_max_records=20))
    await upgrade_async(first.spec.migrations, sqlite_url)
    async with first.database.transaction() as session:
        for n in range(300):
            event = CatalogPublished(
                county=f"99{n:04d}000000",
                version=f"slow-{n}",
                effective_from=date(2026, 1, 1),
                document={},
            )
            add_event(session, event)
    await first.start()
    second = Runtime(make_probe_spec(sqlite_url, kafka_broker.bootstrap, consumer_max_records=20))
    try:
        while await seen_count(first.database) < 50:
            await asyncio.sleep(0.05)
        await second.start()  # rebalance while the first member is consuming
        shared = False
        for _ in range(600):
            if await seen_count(first.database) >= 300:
                break
            member = second.consumer.consumer if second.consumer else None
            shared = shared or bool(member and member.assignment())
            await asyncio.sleep(0.1)
        assert shared, "the second member never received partitions"
        await asyncio.sleep(1.0)
        async with first.database.sessions() as session:
            applied = await session.scalar(
                select(func.count(func.distinct(AuditRow.entity_id))).where(
                    AuditRow.entity == "seen"
                )
            )
            inbox = await session.scalar(select(func.count()).select_from(InboxRow))
        assert applied == 300
        assert await seen_count(first.database) == 300 == inbox
    finally:
        await second.stop()
        await first.stop()
