"""SQL of the ledger: a month's cases and overdue markers of a township."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.enforcement.cases.models import Case, CaseOverdue
from grassroots.enforcement.officers.models import Officer


def _within(column, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    return and_(column >= start, column < end)


async def month_cases(
    session: AsyncSession, township: str, start: datetime, end: datetime
) -> Sequence[Case]:
    """Cases of a township with anything to count in [start, end)."""
    stmt = select(Case).where(
        Case.township == township,
        or_(
            _within(Case.discovered_at, start, end),
            _within(Case.decided_at, start, end),
            _within(Case.executed_at, start, end),
            _within(Case.closed_at, start, end),
            Case.id.in_(
                select(CaseOverdue.case_id).where(
                    CaseOverdue.township == township, _within(CaseOverdue.detected_at, start, end)
                )
            ),
        ),
    )
    return (await session.scalars(stmt.order_by(Case.id))).all()


async def month_overdue(
    session: AsyncSession, township: str, start: datetime, end: datetime
) -> Counter[str]:
    """Overdue limits detected in the month, per case."""
    stmt = select(CaseOverdue.case_id).where(
        CaseOverdue.township == township, _within(CaseOverdue.detected_at, start, end)
    )
    return Counter((await session.scalars(stmt)).all())


async def officer_names(session: AsyncSession, township: str) -> dict[str, str]:
    rows = (
        await session.execute(select(Officer.id, Officer.name).where(Officer.township == township))
    ).all()
    return {row[0]: row[1] for row in rows}
