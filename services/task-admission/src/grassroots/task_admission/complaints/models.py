"""Complaints by townships and villages against departments (一键投诉)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, Versioned, utcnow


class Complaint(Versioned, Base):
    """One complaint and, once ruled, its ruling."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_county_created", "county", "created_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    county: Mapped[str] = mapped_column(String(12))
    complainant: Mapped[str] = mapped_column(String(40), index=True)
    department: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    demand_id: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    upheld: Mapped[bool | None] = mapped_column(Boolean)
    ruling_reason: Mapped[str | None] = mapped_column(Text)
    ruled_by: Mapped[str | None] = mapped_column(String(200))
    filed_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ruled_at: Mapped[datetime | None] = mapped_column()
