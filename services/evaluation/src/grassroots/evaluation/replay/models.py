"""A record of each replay run, and evaluation's own archive of the facts it consumed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, utcnow


class ReplayRunRow(Base):
    """One rebuild of the projections from the start of their history (重放)."""

    __tablename__ = "replay_runs"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    started_by: Mapped[str] = mapped_column(String(200))
    finished_at: Mapped[datetime]
    events_read: Mapped[int] = mapped_column(Integer)
    applied: Mapped[int] = mapped_column(Integer)
    duplicates: Mapped[int] = mapped_column(Integer)
    skipped_unknown: Mapped[int] = mapped_column(Integer)
    skipped_types: Mapped[dict[str, int]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16), default="broker", server_default="broker")
    county: Mapped[str | None] = mapped_column(String(12), nullable=True)  # None: every county


class ArchivedEventRow(Base):
    """One consumed fact as it arrived (CloudEvents attributes and data), kept in the transaction
    that applied it: what a replay rebuilds from when the broker no longer holds offset 0.
    Append-only, in consumption order (`id`)."""

    __tablename__ = "consumed_events"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    ce_id: Mapped[str] = mapped_column(String(64), unique=True)
    ce_type: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    time: Mapped[datetime]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    archived_at: Mapped[datetime] = mapped_column(default=utcnow)
