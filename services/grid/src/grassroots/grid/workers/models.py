"""Tables of grid workers (定人定岗定责) and grid duties registered by departments (一岗多责)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, utcnow


class GridWorkerRow(Base):
    """A named worker on a grid with a post and a phone; `sub` links the worker's account."""

    __tablename__ = "grid_workers"
    __table_args__ = (Index("ix_grid_workers_grid", "grid_id"), Index("ix_grid_workers_sub", "sub"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    grid_id: Mapped[str] = mapped_column(String(40))
    township: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(100))
    post: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32))
    sub: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GridDutyRow(Base):
    """A department function a grid's workers carry (整合 N 个部门 M 项职能)."""

    __tablename__ = "grid_duties"
    __table_args__ = (Index("ix_grid_duties_grid", "grid_id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    grid_id: Mapped[str] = mapped_column(String(40))
    department: Mapped[str] = mapped_column(String(64))
    function: Mapped[str] = mapped_column(String(200))
    duty_item_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
