"""SQL of the enforcement log: lock the chain head, append, read in order. No update, no delete."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.upsert import insert_ignore
from grassroots.enforcement.logs.chain import GENESIS
from grassroots.enforcement.logs.models import LogEntry, LogHead


async def lock_head(session: AsyncSession, township: str) -> LogHead:
    """The township's chain head, created if new, locked FOR UPDATE until the transaction ends."""
    # On SQLite the INSERT takes the database's write lock first, which serializes appends too.
    await insert_ignore(
        session, LogHead, {"township": township, "seq": 0, "hash": GENESIS}, ["township"]
    )
    stmt = (
        select(LogHead)
        .where(LogHead.township == township)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(stmt)).one()


async def append(session: AsyncSession, entry: LogEntry) -> None:
    """Inserts an entry and moves the head to it."""
    session.add(entry)
    await session.execute(
        update(LogHead)
        .where(LogHead.township == entry.township)
        .values(seq=entry.seq, hash=entry.hash)
    )
    await session.flush()


async def head(session: AsyncSession, township: str) -> LogHead | None:
    """The chain head without a lock."""
    return await session.get(LogHead, township)


async def entries(
    session: AsyncSession,
    township: str,
    *,
    after_seq: int = 0,
    limit: int | None = None,
    case_id: str | None = None,
) -> Sequence[LogEntry]:
    """Entries of a township in seq order."""
    stmt = select(LogEntry).where(LogEntry.township == township, LogEntry.seq > after_seq)
    if case_id is not None:
        stmt = stmt.where(LogEntry.case_id == case_id)
    stmt = stmt.order_by(LogEntry.seq, LogEntry.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return (await session.scalars(stmt)).all()
