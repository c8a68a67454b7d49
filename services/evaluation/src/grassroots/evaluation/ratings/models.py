"""Ratings (评分): one per rater, ratee and indicator in a period; replaced until it closes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK


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
