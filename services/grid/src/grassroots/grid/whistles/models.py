"""Tables of whistles (乡镇吹哨): the summons and one call per department (部门报到)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, Versioned, utcnow


class WhistleRow(Versioned, Base):
    """A township's summons of departments about an issue or a grid event (`rules.WHISTLE`)."""

    __tablename__ = "whistles"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    township: Mapped[str] = mapped_column(String(12))
    issue: Mapped[str] = mapped_column(Text)
    grid_event_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class WhistleCallRow(Versioned, Base):
    """One summoned department: its answer and whether it came late (`rules.WHISTLE_CALL`)."""

    __tablename__ = "whistle_calls"
    __table_args__ = (
        UniqueConstraint("whistle_id", "department"),
        Index("ix_whistle_calls_open", "answered_at", "overdue_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    whistle_id: Mapped[str] = mapped_column(ForeignKey("whistles.id"))
    department: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="called", server_default="called")
    answered_at: Mapped[datetime | None] = mapped_column(nullable=True)
    arrived: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    action: Mapped[str | None] = mapped_column(Text, nullable=True)
    on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    overdue_at: Mapped[datetime | None] = mapped_column(nullable=True)
