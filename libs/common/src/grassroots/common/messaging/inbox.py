"""The inbox: a consumer group applies each event id once, in the transaction of its effect."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import InboxRow
from grassroots.common.db.upsert import insert_ignore
from grassroots.common.events.envelope import Envelope


async def claim(
    session: AsyncSession, group: str, envelope: Envelope, partition: int, offset: int
) -> bool:
    """Records the event as applied by `group`; False if it already was (a duplicate delivery)."""
    values = {
        "consumer_group": group,
        "ce_id": envelope.id,
        "ce_type": envelope.type,
        "topic": envelope.topic,
        "partition": partition,
        "offset": offset,
        "handled_at": utcnow(),
    }
    return await insert_ignore(session, InboxRow, values, ["consumer_group", "ce_id"])


async def claim_many(
    session: AsyncSession, group: str, deliveries: list[tuple[Envelope, int, int]]
) -> set[str]:
    """Claims a batch in two statements; returns the ce_ids not applied before.

    A concurrent claim of the same id (a rebalance) fails the insert with an IntegrityError,
    which sends the batch down the one-by-one path of `claim`.
    """
    ids = list(dict.fromkeys(env.id for env, _, _ in deliveries))
    seen: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = select(InboxRow.ce_id).where(
            InboxRow.consumer_group == group, InboxRow.ce_id.in_(chunk)
        )
        seen.update(await session.scalars(stmt))
    fresh: dict[str, dict[str, object]] = {}
    now = utcnow()
    for env, partition, offset in deliveries:
        if env.id not in seen and env.id not in fresh:
            fresh[env.id] = {
                "consumer_group": group,
                "ce_id": env.id,
                "ce_type": env.type,
                "topic": env.topic,
                "partition": partition,
                "offset": offset,
                "handled_at": now,
            }
    if fresh:
        await session.execute(insert(InboxRow), list(fresh.values()))
    return set(fresh)
