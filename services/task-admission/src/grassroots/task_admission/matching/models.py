"""Matching's table: example phrasings reviewers taught the gate, offered for the next version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, utcnow


class ExampleCandidate(Base):
    """A demand's text a reviewer re-mapped to another item: a candidate `examples` entry of that
    item. Append-only; it changes no matching until the catalog admin publishes a version with it."""

    __tablename__ = "example_candidates"
    __table_args__ = (Index("ix_example_candidates_county", "county", "proposed_at", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # ex_…
    county: Mapped[str] = mapped_column(String(12))
    catalog_version: Mapped[str] = mapped_column(String(64))
    item_code: Mapped[str] = mapped_column(String(40))  # the item the reviewer chose
    matched_code: Mapped[str | None] = mapped_column(String(40))  # what the gate had chosen
    text: Mapped[str] = mapped_column(Text)
    demand_id: Mapped[str] = mapped_column(String(40), unique=True)  # one lesson per demand
    proposed_by: Mapped[str] = mapped_column(String(200))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
