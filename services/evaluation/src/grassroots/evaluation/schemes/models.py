"""Evaluation schemes (考核方案) per county, year and direction; indicators kept with the scheme."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, Versioned, utcnow


class SchemeRow(Versioned, Base):
    """One scheme; replaced as a whole until it freezes (`rules.SCHEME`).

    `version` is both the scheme's version and its ETag: 1 when created, + 1 on each replace
    and once more when it freezes (its representation, `frozen`, changes then too)."""

    __tablename__ = "schemes"
    __table_args__ = (UniqueConstraint("county", "year", "direction"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(40))
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
