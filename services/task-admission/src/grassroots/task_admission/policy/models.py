"""County admission policy (准入政策) as data, and the registered inspection plans (统一报备)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, utcnow


class CountyPolicy(Base):
    """A county's admission policy; counties without a row use the legal defaults."""

    __tablename__ = "county_policies"

    county: Mapped[str] = mapped_column(String(12), primary_key=True)
    review_mode: Mapped[str] = mapped_column(String(12))
    min_deadline_working_days: Mapped[int] = mapped_column(Integer)
    min_clarity_chars: Mapped[int] = mapped_column(Integer)
    match_min_score: Mapped[float] = mapped_column(Float)
    disguise_margin: Mapped[float] = mapped_column(Float, default=0.05)
    max_deadline_years: Mapped[int] = mapped_column(Integer, default=3)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


class RegisteredInspectionPlan(Base):
    """An inspection plan approved by evaluation (督查检查考核报备), learnt from its event."""

    __tablename__ = "registered_inspection_plans"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(12), index=True)
    department: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    townships: Mapped[list[str]] = mapped_column(JSON)
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)
