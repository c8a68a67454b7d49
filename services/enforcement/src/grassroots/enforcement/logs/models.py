"""The township's hash-chained enforcement log (执法日志): entries and the chain head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK


class LogEntry(Base):
    """One append-only entry; `hash` = sha256(prev_hash + canonical JSON of the entry)."""

    __tablename__ = "enforcement_log"
    __table_args__ = (UniqueConstraint("township", "seq"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    township: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[str | None] = mapped_column(String(40), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LogHead(Base):
    """The last entry of a township's chain; locked FOR UPDATE to serialize appends."""

    __tablename__ = "enforcement_log_heads"

    township: Mapped[str] = mapped_column(String(12), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
