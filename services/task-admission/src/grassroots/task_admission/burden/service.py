"""Burden ledger use case: tally a township's or village's load, and export it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import clock
from grassroots.common.exports import Table
from grassroots.task_admission.burden import repository
from grassroots.task_admission.burden.rules import (
    LABELS,
    FillingCounts,
    LedgerRow,
    period_bounds,
    tally,
)
from grassroots.task_admission.burden.schemas import LedgerMetric, LedgerRead
from grassroots.task_admission.complaints import repository as complaints


def _start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=clock.CHINA)


async def _metrics(session: AsyncSession, org: str, start: date, end: date) -> dict[str, float]:
    pairs = await repository.reached(session, org, _start(start), _start(end))
    returned = await repository.ever_returned(session, [d.id for d, _ in pairs])
    rows = [
        LedgerRow(
            kind=d.kind,
            status=d.status,
            # a demand's funding is shared among the orgs it targets
            funding_share=d.funding_yuan / len(d.targets) if org in d.targets else 0.0,
            completed=a.completed_at is not None,
            on_time=a.on_time,
            overdue=a.overdue_emitted_at is not None,
            ever_returned=d.id in returned,
        )
        for d, a in pairs
    ]
    filed = await complaints.counts_for(session, org, _start(start), _start(end))
    fillings = [
        FillingCounts(f.fields_confirmed or 0, f.fields_shared or 0, f.fields_typed or 0)
        for f in await repository.submitted_fillings(session, org, _start(start), _start(end))
    ]
    return tally(rows, filed, fillings)


async def ledger(session: AsyncSession, *, org: str, period: str) -> LedgerRead:
    """The ledger of one org for a month (2026-11) or a year (2026), with the change."""
    start, end, previous = period_bounds(period)
    prev_start, prev_end, _ = period_bounds(previous)
    current = await _metrics(session, org, start, end)
    before = await _metrics(session, org, prev_start, prev_end)
    return LedgerRead(
        org=org,
        period=period,
        previous_period=previous,
        metrics=[
            LedgerMetric(
                name=name,
                label=label,
                value=current[name],
                previous=before[name],
                change=round(current[name] - before[name], 2),
            )
            for name, label in LABELS.items()
        ],
    )


HEADER = ["指标", "代码", "本期", "上期", "变化"]


def table(read: LedgerRead) -> Table:
    """The ledger as a table people open (CSV, XLSX)."""
    title = f"减负台账 {read.org} {read.period}(上期 {read.previous_period})"
    rows = [[m.label, m.name, m.value, m.previous, m.change] for m in read.metrics]
    return Table(title, HEADER, rows)
