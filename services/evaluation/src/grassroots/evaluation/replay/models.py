"""A record of each replay run: what was read, applied, deduplicated and skipped."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK


class ReplayRunRow(Base):
    """One rebuild of the projections from offset 0 (重放)."""

    __tablename__ = "replay_runs"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    started_by: Mapped[str] = mapped_column(String(200))
    finished_at: Mapped[datetime]
    events_read: Mapped[int] = mapped_column(Integer)
    applied: Mapped[int] = mapped_column(Integer)
    duplicates: Mapped[int] = mapped_column(Integer)
    skipped_unknown: Mapped[int] = mapped_column(Integer)
    skipped_types: Mapped[dict[str, int]] = mapped_column(JSON)
