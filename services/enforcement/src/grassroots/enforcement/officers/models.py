"""Enforcement officers (执法人员) and their certificates (执法证)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, utcnow


class Officer(Base):
    """A certified officer of one township; `user_sub` is the login subject in tokens."""

    __tablename__ = "officers"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    township: Mapped[str] = mapped_column(String(12), index=True)
    user_sub: Mapped[str | None] = mapped_column(String(200), index=True)
    certificate_no: Mapped[str] = mapped_column(String(64), unique=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
