"""Cases (案件) and the once-per-limit overdue markers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, Versioned, utcnow
from grassroots.enforcement.money import to_yuan


class Case(Versioned, Base):
    """One administrative penalty case of a township, through the states of its lifecycle
    (`rules.CASE`); `version` is its ETag, claimed by every transition."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    township: Mapped[str] = mapped_column(String(12), index=True)
    item_code: Mapped[str | None] = mapped_column(String(40))
    item_title: Mapped[str | None] = mapped_column(String(300))
    origin_department: Mapped[str | None] = mapped_column(String(40))
    fine_min_fen: Mapped[int | None] = mapped_column(BigInteger)
    fine_max_fen: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(40))
    grid_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    party_name: Mapped[str | None] = mapped_column(String(200))
    party_id_type: Mapped[str | None] = mapped_column(String(16))
    party_id_no: Mapped[str | None] = mapped_column(String(32))
    facts: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(300))
    discovered_at: Mapped[datetime]
    act_date: Mapped[date | None] = mapped_column(Date)
    safety_harm: Mapped[bool] = mapped_column(Boolean, default=False)
    procedure: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), index=True)
    officer_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    filing_extensions: Mapped[int] = mapped_column(Integer, default=0)
    decision_extensions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    decision_extension_days: Mapped[int] = mapped_column(Integer, default=0)
    filed_at: Mapped[datetime | None]
    filed_on_time: Mapped[bool | None] = mapped_column(Boolean)
    filing_approved_by: Mapped[str | None] = mapped_column(String(200))
    investigated_at: Mapped[datetime | None]
    notified_at: Mapped[datetime | None]
    proposed_fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    hearing_requested_on: Mapped[date | None] = mapped_column(Date)
    hearing_held_on: Mapped[date | None] = mapped_column(Date)
    decided_at: Mapped[datetime | None]
    decision_approved_by: Mapped[str | None] = mapped_column(String(200))
    penalty: Mapped[str | None] = mapped_column(String(16))
    fine_fen: Mapped[int | None] = mapped_column(BigInteger)
    party_present: Mapped[bool | None] = mapped_column(Boolean)
    served_at: Mapped[datetime | None]
    service_late_reason: Mapped[str | None] = mapped_column(Text)
    executed_at: Mapped[datetime | None]
    paid_fen: Mapped[int | None] = mapped_column(BigInteger)
    surcharge_fen: Mapped[int | None] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(200))
    transferred_to: Mapped[str | None] = mapped_column(String(40))
    transfer_reason: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Amounts are integers of fen (`*_fen`); these show them as the yuan numbers of the API.
    @property
    def fine_min(self) -> float | None:
        return to_yuan(self.fine_min_fen)

    @property
    def fine_max(self) -> float | None:
        return to_yuan(self.fine_max_fen)

    @property
    def proposed_fine(self) -> float | None:
        return to_yuan(self.proposed_fine_fen)

    @property
    def fine_yuan(self) -> float | None:
        return to_yuan(self.fine_fen)

    @property
    def paid_yuan(self) -> float | None:
        return to_yuan(self.paid_fen)

    @property
    def surcharge_yuan(self) -> float | None:
        return to_yuan(self.surcharge_fen)


class CaseOverdue(Base):
    """One legal limit a case passed; the unique key makes `case.overdue` fire once per limit."""

    __tablename__ = "case_overdue"
    __table_args__ = (UniqueConstraint("case_id", "limit_name"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(40), index=True)
    township: Mapped[str] = mapped_column(String(12), index=True)
    limit_name: Mapped[str] = mapped_column(String(16))
    due: Mapped[date] = mapped_column(Date)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
