"""Tables of grid events: the event (current step), its step history, the time-limit policy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, Versioned, utcnow


class GridEventRow(Versioned, Base):
    """A grid event (网格事件) and where it stands in the six-step loop (`rules.GRID_EVENT`);
    `version` is its ETag, bumped by every transition."""

    __tablename__ = "grid_events"
    __table_args__ = (
        Index("ix_grid_events_due", "status", "due_at"),
        Index("ix_grid_events_township", "township", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    county: Mapped[str] = mapped_column(String(12))
    township: Mapped[str] = mapped_column(String(12))
    grid_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    category: Mapped[str] = mapped_column(String(64))
    urgency: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    reporter: Mapped[str] = mapped_column(String(200))
    photos: Mapped[list[str]] = mapped_column(JSON)
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    assignee_kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    assignee: Mapped[str | None] = mapped_column(String(200), nullable=True)
    step_started_at: Mapped[datetime]
    due_at: Mapped[datetime | None] = mapped_column(nullable=True)
    overdue_step: Mapped[str | None] = mapped_column(String(16), nullable=True)
    any_overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    resolved: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    satisfaction: Mapped[str | None] = mapped_column(String(32), nullable=True)
    case_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def revision(self) -> int:
        """The API's name of `version`."""
        return self.version


class GridEventStepRow(Base):
    """One step of an event's history (who did what, when)."""

    __tablename__ = "grid_event_steps"
    __table_args__ = (Index("ix_grid_event_steps_event", "event_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("grid_events.id"))
    step: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class TimeLimitPolicyRow(Base):
    """A county's time limits for one category ('*' = any) and urgency, per step."""

    __tablename__ = "time_limit_policies"
    __table_args__ = (UniqueConstraint("county", "category", "urgency"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    county: Mapped[str] = mapped_column(String(12))
    category: Mapped[str] = mapped_column(String(64))
    urgency: Mapped[str] = mapped_column(String(16))
    limits: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))
