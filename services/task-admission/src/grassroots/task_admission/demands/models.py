"""Demand tables (事项/派单): the demand, its history, and the org units it reaches."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, Versioned, utcnow


class Demand(Versioned, Base):
    """One demand a department puts on townships or villages, with its latest decision; its
    `version` is its ETag (`revision` in the API)."""

    __tablename__ = "demands"
    __table_args__ = (Index("ix_demands_county_created", "county", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    county: Mapped[str] = mapped_column(String(12))
    submitter: Mapped[str] = mapped_column(String(40), index=True)
    submitted_by: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    target_level: Mapped[str] = mapped_column(String(10))
    targets: Mapped[list[str]] = mapped_column(JSON)
    deadline: Mapped[date] = mapped_column(Date)
    duty_item_code: Mapped[str | None] = mapped_column(String(40))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent_reason: Mapped[str | None] = mapped_column(Text)
    clarities: Mapped[dict[str, Any]] = mapped_column(JSON)
    support: Mapped[dict[str, Any]] = mapped_column(JSON)
    funding_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # exact: integer fen
    form_code: Mapped[str | None] = mapped_column(String(40))
    form_fields: Mapped[list[str]] = mapped_column(JSON)
    inspection_plan_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    catalog_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def funding_yuan(self) -> float:
        """The funding as the yuan number the API and events show (readers that do not sum)."""
        return self.funding_fen / 100

    def event_fields(self) -> dict[str, Any]:
        """What every demand event carries about its demand."""
        return {
            "demand_id": self.id,
            "county": self.county,
            "submitter": self.submitter,
            "kind": self.kind,
        }


class DemandHistory(Base):
    """One transition of a demand or of one org's part of it: who, when, the demand's status
    before and after, and why (an org's own step is in `detail`)."""

    __tablename__ = "demand_history"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    demand_id: Mapped[str] = mapped_column(ForeignKey("demands.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_sub: Mapped[str] = mapped_column(String(200))
    actor_org: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(30))
    status_from: Mapped[str | None] = mapped_column(String(20))
    status_to: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class DemandAssignment(Versioned, Base):
    """A township or village a demand reaches: its progress (`status`, see rules.ASSIGNMENT),
    receipt, completion, the overdue marker."""

    __tablename__ = "demand_assignments"
    __table_args__ = (Index("ix_demand_assignments_org", "org", "demand_id", unique=True),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    demand_id: Mapped[str] = mapped_column(ForeignKey("demands.id"), index=True)
    org: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))
    parent: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="open")
    dispatched_at: Mapped[datetime | None] = mapped_column()
    received_at: Mapped[datetime | None] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()
    summary: Mapped[str | None] = mapped_column(Text)
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    overdue_emitted_at: Mapped[datetime | None] = mapped_column()
