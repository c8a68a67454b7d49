"""Metric projections: per org, year, month and metric a numerator/denominator, and the events."""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK


class MetricValueRow(Base):
    """One metric of one org in one month (指标值): the running numerator and denominator."""

    __tablename__ = "metric_values"
    __table_args__ = (
        UniqueConstraint("org", "year", "month", "metric"),
        Index("ix_metric_values_year_metric", "year", "metric"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    org: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(64))
    numerator: Mapped[float] = mapped_column(Float, default=0.0)
    denominator: Mapped[float] = mapped_column(Float, default=0.0)


class MetricEventRow(Base):
    """One event's contribution to a metric; `key` makes a fact count once (e.g. one per case)."""

    __tablename__ = "metric_events"
    __table_args__ = (
        UniqueConstraint("metric", "org", "key"),
        Index("ix_metric_events_org_year", "org", "year", "metric"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    metric: Mapped[str] = mapped_column(String(64))
    org: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    ce_id: Mapped[str] = mapped_column(String(64), index=True)
    ce_type: Mapped[str] = mapped_column(String(120))
    numerator: Mapped[float] = mapped_column(Float)
    denominator: Mapped[float] = mapped_column(Float)
