"""SQL of the witness: inserts that never overwrite, and the reads of its contract."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.upsert import insert_ignore
from grassroots.evaluation.witness.models import AppendedRow, CheckpointRow


async def position_taken_by_other(
    session: AsyncSession, township: str, seq: int, entry_hash: str
) -> bool:
    """Whether another hash was already seen at (township, seq)."""
    stmt = select(
        exists().where(
            AppendedRow.township == township,
            AppendedRow.seq == seq,
            AppendedRow.entry_hash != entry_hash,
        )
    )
    return bool(await session.scalar(stmt))


async def add_appended(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Keeps one announced hash; False when that very hash was already kept (a redelivery)."""
    return await insert_ignore(session, AppendedRow, values, ["township", "seq", "entry_hash"])


async def appended(session: AsyncSession, township: str) -> list[tuple[int, str]]:
    """(seq, entry hash) in seq order: the first hash seen at each position."""
    stmt = (
        select(AppendedRow.seq, AppendedRow.entry_hash)
        .where(AppendedRow.township == township)
        .order_by(AppendedRow.seq, AppendedRow.id)
    )
    first: dict[int, str] = {}
    for seq, entry_hash in (await session.execute(stmt)).all():
        first.setdefault(int(seq), str(entry_hash))
    return list(first.items())


async def conflicts(session: AsyncSession, township: str) -> Sequence[AppendedRow]:
    """The hashes announced for a position that already had another one."""
    stmt = (
        select(AppendedRow)
        .where(AppendedRow.township == township, AppendedRow.conflict.is_(True))
        .order_by(AppendedRow.seq, AppendedRow.id)
    )
    return (await session.scalars(stmt)).all()


async def held(session: AsyncSession, township: str) -> CheckpointRow | None:
    """The checkpoint a new one must extend: the largest trusted one not flagged inconsistent."""
    stmt = (
        select(CheckpointRow)
        .where(
            CheckpointRow.township == township,
            CheckpointRow.signature_ok.is_(True),
            (CheckpointRow.consistent.is_(None)) | (CheckpointRow.consistent.is_(True)),
        )
        .order_by(CheckpointRow.tree_size.desc(), CheckpointRow.id.desc())
        .limit(1)
    )
    return await session.scalar(stmt)


async def has_checkpoint(session: AsyncSession, township: str, digest: str) -> bool:
    stmt = select(
        exists().where(CheckpointRow.township == township, CheckpointRow.digest == digest)
    )
    return bool(await session.scalar(stmt))


async def add_checkpoint(session: AsyncSession, values: dict[str, Any]) -> bool:
    return await insert_ignore(session, CheckpointRow, values, ["township", "digest"])


async def checkpoints(
    session: AsyncSession, township: str, *, trusted_only: bool
) -> Sequence[CheckpointRow]:
    """The township's checkpoints, oldest first (by when the witness received them)."""
    stmt = select(CheckpointRow).where(CheckpointRow.township == township)
    if trusted_only:
        stmt = stmt.where(CheckpointRow.signature_ok.is_(True))
    return (await session.scalars(stmt.order_by(CheckpointRow.id))).all()
