"""Periods (考核期: a year and direction of a county), their ratings (评分: one per rater, ratee and
indicator, replaced until the period closes) and their results (考核结果).

Ratings are part of the period: a rating locks its period, closing it reads them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, Versioned


class PeriodRow(Versioned, Base):
    """A period, open from its first rating (or its close) until closed once (`rules.PERIOD`).

    Rated and closed under its lock: a rating never lands in a period closed meanwhile."""

    __tablename__ = "periods"
    __table_args__ = (UniqueConstraint("county", "year", "direction"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    county: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    scheme_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ResultRow(Base):
    """One org's result in a closed period; `detail` explains every point."""

    __tablename__ = "results"
    __table_args__ = (UniqueConstraint("county", "year", "direction", "org"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    county: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(40))
    org: Mapped[str] = mapped_column(String(64))
    total: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: no data
    grade: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class RatingRow(Base):
    """One rater's score of one ratee on one indicator (the rater never leaves this table)."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("county", "year", "direction", "rater", "ratee", "indicator"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    county: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(40))
    rater: Mapped[str] = mapped_column(String(64))
    ratee: Mapped[str] = mapped_column(String(64))
    indicator: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    rated_at: Mapped[datetime]
