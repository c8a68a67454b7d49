"""The inbox: a consumer group applies each event id once, in the transaction of its effect."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import InboxRow
from grassroots.common.db.upsert import insert_ignore, insert_ignore_returning
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
    """Claims a batch in one statement; returns the ce_ids not applied before.

    A claim of the same id by a concurrent transaction (a rebalance) is waited for: committed,
    it makes the id a duplicate here; rolled back, the id is ours.
    """
    rows: dict[str, dict[str, object]] = {}
    now = utcnow()
    for env, partition, offset in deliveries:
        rows.setdefault(
            env.id,
            {
                "consumer_group": group,
                "ce_id": env.id,
                "ce_type": env.type,
                "topic": env.topic,
                "partition": partition,
                "offset": offset,
                "handled_at": now,
            },
        )
    conflict = ["consumer_group", "ce_id"]
    claimed = await insert_ignore_returning(
        session, InboxRow, list(rows.values()), conflict, ["ce_id"]
    )
    return {ce_id for (ce_id,) in claimed}
