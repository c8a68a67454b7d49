"""Ledger use case: a township's month (台账)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.enforcement.ledgers import compute, repository
from grassroots.enforcement.ledgers.schemas import LedgerRead


async def monthly(session: AsyncSession, *, township: str, month: str) -> LedgerRead:
    """The township's ledger for one month, with officer and item lines."""
    period = compute.Month.parse(month)
    cases = await repository.month_cases(session, township, period.start, period.end)
    overdue = await repository.month_overdue(session, township, period.start, period.end)
    names = await repository.officer_names(session, township)
    facts = [
        compute.CaseFacts(
            id=c.id,
            state=c.state,
            item_code=c.item_code,
            item_title=c.item_title,
            officer_ids=c.officer_ids,
            discovered_at=c.discovered_at,
            filed_at=c.filed_at,
            decided_at=c.decided_at,
            fine_yuan=c.fine_yuan,
            executed_at=c.executed_at,
            paid_yuan=c.paid_yuan,
            closed_at=c.closed_at,
        )
        for c in cases
    ]
    return compute.ledger(township, period, facts, dict(overdue), names)
