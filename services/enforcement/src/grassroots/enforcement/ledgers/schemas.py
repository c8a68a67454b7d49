"""Ledger (台账) API shapes."""

from __future__ import annotations

from pydantic import BaseModel


class LedgerRow(BaseModel):
    """One line of the ledger: a township total, an officer or an item."""

    dimension: str  # township | officer | item
    key: str
    label: str | None = None
    opened: int = 0
    decided: int = 0
    fines_decided_yuan: float = 0
    fines_paid_yuan: float = 0
    overdue: int = 0
    transfers: int = 0
    closed: int = 0
    average_days_to_decision: float | None = None


class LedgerRead(BaseModel):
    township: str
    month: str
    cases_by_state: dict[str, int]
    totals: LedgerRow
    by_officer: list[LedgerRow]
    by_item: list[LedgerRow]
