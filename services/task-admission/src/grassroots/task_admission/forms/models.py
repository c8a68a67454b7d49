"""Form tables (一套表): fillings, their answers, the facts they leave, history import batches."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, Versioned, utcnow


class Filling(Versioned, Base):
    """One unit's filling of an approved form for one period, opened by a `report_form` demand
    (rules.FILLING); its `version` is its ETag (`revision` in the API)."""

    __tablename__ = "form_fillings"
    __table_args__ = (
        # one filling per demand, unit and period: a redelivered event opens nothing twice
        Index("ix_form_fillings_demand_org_period", "demand_id", "org", "period", unique=True),
        Index("ix_form_fillings_township", "county", "township", "opened_at"),
        Index("ix_form_fillings_period", "county", "period", "status"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    demand_id: Mapped[str] = mapped_column(ForeignKey("demands.id"))
    county: Mapped[str] = mapped_column(String(12))
    submitter: Mapped[str] = mapped_column(String(40))  # the department whose demand opened it
    form_code: Mapped[str] = mapped_column(String(40))
    catalog_version: Mapped[str] = mapped_column(String(64))
    org: Mapped[str] = mapped_column(String(40), index=True)  # the township or village filling
    township: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(12))  # village, organisation, household, person
    status: Mapped[str] = mapped_column(String(12), default="open")
    fields_asked: Mapped[int] = mapped_column(Integer)
    fields_prefilled: Mapped[int] = mapped_column(Integer)  # when it opened
    rows: Mapped[int | None] = mapped_column(Integer)  # the counts of its submission
    fields_confirmed: Mapped[int | None] = mapped_column(Integer)
    fields_typed: Mapped[int | None] = mapped_column(Integer)
    fields_shared: Mapped[int | None] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column()
    submitted_by: Mapped[str | None] = mapped_column(String(200))


class FillingValue(Base):
    """One field of one row (subject) of a filling: the value offered when it opened (with its
    source) and the unit's answer (`origin`: confirmed, typed or shared; None until answered)."""

    __tablename__ = "form_filling_values"
    __table_args__ = (
        Index("ix_form_filling_values_cell", "filling_id", "subject", "label", unique=True),
        Index("ix_form_filling_values_subject", "subject", "field_key"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    filling_id: Mapped[str] = mapped_column(ForeignKey("form_fillings.id"))
    position: Mapped[int] = mapped_column(Integer)  # the row's order in the filling
    subject: Mapped[str] = mapped_column(String(40))  # the unit, a resident ID or a USCC
    label: Mapped[str] = mapped_column(String(200))
    field_key: Mapped[str] = mapped_column(String(250))  # canonical code, else form/label
    offered: Mapped[str | None] = mapped_column(Text)
    offered_kind: Mapped[str | None] = mapped_column(String(10))  # filling or import
    offered_id: Mapped[str | None] = mapped_column(String(40))
    offered_as_of: Mapped[date | None] = mapped_column(Date)
    value: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(String(10))
    shared_from: Mapped[str | None] = mapped_column(String(40))  # the filling answered first
    answered_at: Mapped[datetime | None] = mapped_column()


class Fact(Base):
    """A value the platform holds about a subject (the latest by `as_of` pre-fills fillings):
    left by a submitted filling or an imported history batch. Append-only."""

    __tablename__ = "form_facts"
    __table_args__ = (Index("ix_form_facts_subject", "county", "subject", "field_key", "as_of"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    county: Mapped[str] = mapped_column(String(12))
    subject: Mapped[str] = mapped_column(String(40))
    field_key: Mapped[str] = mapped_column(String(250))
    value: Mapped[str] = mapped_column(Text)
    as_of: Mapped[date] = mapped_column(Date)
    source_kind: Mapped[str] = mapped_column(String(10))  # filling or import
    source_id: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class HistoryBatch(Base):
    """One imported file of an approved form's historical values. Append-only."""

    __tablename__ = "form_history_batches"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    county: Mapped[str] = mapped_column(String(12))
    form_code: Mapped[str] = mapped_column(String(40))
    catalog_version: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    facts: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str] = mapped_column(String(200))
    importer_org: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
