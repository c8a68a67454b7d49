"""Inspection plans (督查检查考核统一报备): registered by departments, decided by the evaluator."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, Versioned


class InspectionPlanRow(Versioned, Base):
    """One registered inspection/evaluation of townships; decided once (`rules.PLAN`)."""

    __tablename__ = "inspection_plans"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(12), index=True)
    department: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    townships: Mapped[list[str]] = mapped_column(JSON)
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    registered_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
