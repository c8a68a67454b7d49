"""Tables every service carries: outbox, inbox, idempotency keys and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text, UniqueConstraint, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.codes import IDEMPOTENCY_IN_PROGRESS
from grassroots.common.db.base import Base, BigIntPK, utcnow
from grassroots.common.problems import ProblemError


class OutboxRow(Base):
    """An event waiting for (or kept after) publication; same transaction as its state change."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "shard", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    shard: Mapped[int] = mapped_column(Integer)
    ce_id: Mapped[str] = mapped_column(String(64), unique=True)
    ce_type: Mapped[str] = mapped_column(String(120))
    headers: Mapped[dict[str, str]] = mapped_column(JSON)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)


class InboxRow(Base):
    """An event a consumer group has applied; inserted with the handler's effect."""

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("consumer_group", "ce_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    consumer_group: Mapped[str] = mapped_column(String(200))
    ce_id: Mapped[str] = mapped_column(String(64))
    ce_type: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(200))
    partition: Mapped[int] = mapped_column(Integer)
    offset: Mapped[int] = mapped_column(BigInteger)
    handled_at: Mapped[datetime] = mapped_column(default=utcnow)


CLAIM_SCOPE_KEY = "grassroots.idempotency_claim"  # the ASGI scope key holding a request's claim
COMMITTED = 0  # status of a claim whose effect committed before its answer was stored


class IdempotencyRow(Base):
    """A creating POST's stored answer, replayed for a retry with the same Idempotency-Key."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column(Integer, default=None)
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)
    body: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditRow(Base):
    """Who changed what, when, under which request: auditors read it, nothing rewrites it."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_sub: Mapped[str] = mapped_column(String(200))
    actor_org: Mapped[str] = mapped_column(String(64))
    actor_roles: Mapped[list[str]] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


async def mark_committed(session: AsyncSession, claim_id: int) -> None:
    """In the request's own transaction: its effect is committed with it. Refuses (rolling the
    effect back) when the claim was taken over meanwhile, so a key never has two effects."""
    result = await session.execute(
        update(IdempotencyRow)
        .where(IdempotencyRow.id == claim_id, IdempotencyRow.status.is_(None))
        .values(status=COMMITTED)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise ProblemError(IDEMPOTENCY_IN_PROGRESS)
