"""Burden ledger API shapes."""

from __future__ import annotations

from pydantic import BaseModel


class LedgerMetric(BaseModel):
    name: str
    label: str
    value: float
    previous: float
    change: float


class LedgerRead(BaseModel):
    """One org's ledger for a period, next to the previous period."""

    org: str
    period: str
    previous_period: str
    metrics: list[LedgerMetric]

    def value(self, name: str) -> float:
        return next(m.value for m in self.metrics if m.name == name)
