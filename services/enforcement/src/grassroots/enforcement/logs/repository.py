"""SQL of the enforcement log and its checkpoints: serialize a township's appends, append, read
in order. No update, no delete: both tables are append-only."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.upsert import insert_ignore
from grassroots.enforcement.logs.chain import origin
from grassroots.enforcement.logs.models import LogCheckpoint, LogEntry


def lock_key(township: str) -> int:
    """The township's PostgreSQL advisory lock key: 64 bits of SHA-256 over its log's origin."""
    digest = hashlib.sha256(origin(township).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def serialize_appends(session: AsyncSession, township: str) -> None:
    """Holds the township's append lock until the transaction ends.

    PostgreSQL: `pg_advisory_xact_lock` on the township's key, so appends of one township queue
    (other townships do not wait) and each reads the head only once the previous append
    committed. SQLite: one writer at a time; a write that touches nothing takes the database's
    write lock before the head is read (the driver opens the transaction at the first write).
    UNIQUE(township, seq) stays the last line: a fork cannot be stored either way."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(lock_key(township))))
    else:
        await session.execute(text("UPDATE enforcement_log SET seq = seq WHERE 0 = 1"))


async def head(session: AsyncSession, township: str) -> tuple[int, str] | None:
    """(seq, hash) of the township's last entry: the one with the highest seq."""
    stmt = (
        select(LogEntry.seq, LogEntry.hash)
        .where(LogEntry.township == township)
        .order_by(LogEntry.seq.desc())
        .limit(1)
    )
    row = (await session.execute(stmt)).first()
    return (int(row.seq), str(row.hash)) if row is not None else None


async def append(session: AsyncSession, entry: LogEntry) -> None:
    session.add(entry)
    await session.flush()


async def entries(
    session: AsyncSession,
    township: str,
    *,
    after_seq: int = 0,
    limit: int | None = None,
    case_id: str | None = None,
    up_to_seq: int | None = None,
) -> Sequence[LogEntry]:
    """Entries of a township in seq order."""
    stmt = select(LogEntry).where(LogEntry.township == township, LogEntry.seq > after_seq)
    if case_id is not None:
        stmt = stmt.where(LogEntry.case_id == case_id)
    if up_to_seq is not None:
        stmt = stmt.where(LogEntry.seq <= up_to_seq)
    stmt = stmt.order_by(LogEntry.seq, LogEntry.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return (await session.scalars(stmt)).all()


async def grown(session: AsyncSession) -> list[str]:
    """Townships whose log's last seq is past their last checkpoint's size."""
    last_seq = (
        select(LogEntry.township, func.max(LogEntry.seq).label("seq"))
        .group_by(LogEntry.township)
        .subquery()
    )
    last_size = (
        select(LogCheckpoint.township, func.max(LogCheckpoint.tree_size).label("size"))
        .group_by(LogCheckpoint.township)
        .subquery()
    )
    stmt = (
        select(last_seq.c.township)
        .outerjoin(last_size, last_size.c.township == last_seq.c.township)
        .where(last_seq.c.seq > func.coalesce(last_size.c.size, 0))
        .order_by(last_seq.c.township)
    )
    return [str(t) for t in (await session.scalars(stmt)).all()]


async def latest_checkpoint(session: AsyncSession, township: str) -> LogCheckpoint | None:
    stmt = (
        select(LogCheckpoint)
        .where(LogCheckpoint.township == township)
        .order_by(LogCheckpoint.tree_size.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def checkpoints(
    session: AsyncSession,
    township: str,
    *,
    newest_first: bool = False,
    limit: int | None = None,
    after_size: int = 0,
) -> Sequence[LogCheckpoint]:
    """A township's checkpoints by tree size (oldest first unless asked otherwise)."""
    order = LogCheckpoint.tree_size.desc() if newest_first else LogCheckpoint.tree_size
    stmt = (
        select(LogCheckpoint)
        .where(LogCheckpoint.township == township, LogCheckpoint.tree_size > after_size)
        .order_by(order)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return (await session.scalars(stmt)).all()


async def add_checkpoint(session: AsyncSession, values: dict[str, object]) -> bool:
    """Stores a checkpoint unless one of that (township, tree_size) exists; True if stored."""
    return await insert_ignore(session, LogCheckpoint, values, ["township", "tree_size"])


async def checkpoint_of_size(session: AsyncSession, township: str, size: int) -> LogCheckpoint:
    stmt = select(LogCheckpoint).where(
        LogCheckpoint.township == township, LogCheckpoint.tree_size == size
    )
    return (await session.scalars(stmt.execution_options(populate_existing=True))).one()
