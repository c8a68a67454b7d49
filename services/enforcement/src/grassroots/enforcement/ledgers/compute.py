"""Pure ledger arithmetic over a month's cases and overdue markers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from grassroots.enforcement.ledgers.schemas import LedgerRead, LedgerRow


@dataclass(frozen=True)
class Month:
    start: datetime
    end: datetime
    label: str

    @classmethod
    def parse(cls, text: str) -> Month:
        year, month = (int(part) for part in text.split("-"))
        start = datetime(year, month, 1, tzinfo=UTC)
        end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
        return cls(start, end, f"{year:04d}-{month:02d}")

    def holds(self, at: datetime | date | None) -> bool:
        if at is None:
            return False
        if not isinstance(at, datetime):
            at = datetime(at.year, at.month, at.day, tzinfo=UTC)
        return self.start <= at < self.end


@dataclass(frozen=True)
class CaseFacts:
    """What the ledger reads of a case."""

    id: str
    state: str
    item_code: str | None
    item_title: str | None
    officer_ids: Sequence[str]
    discovered_at: datetime
    filed_at: datetime | None
    decided_at: datetime | None
    fine_yuan: float | None
    executed_at: datetime | None
    paid_yuan: float | None
    closed_at: datetime | None


def _add(row: LedgerRow, case: CaseFacts, month: Month, overdue: int, days: list[float]) -> None:
    if month.holds(case.discovered_at):
        row.opened += 1
    if month.holds(case.decided_at) and case.decided_at is not None:
        row.decided += 1
        row.fines_decided_yuan += case.fine_yuan or 0
        days.append(
            (case.decided_at - (case.filed_at or case.discovered_at)).total_seconds() / 86400
        )
    if month.holds(case.executed_at):
        row.fines_paid_yuan += case.paid_yuan or 0
    if case.state == "transferred" and month.holds(case.closed_at):
        row.transfers += 1
    elif month.holds(case.closed_at):
        row.closed += 1
    row.overdue += overdue


def ledger(
    township: str,
    month: Month,
    cases: Iterable[CaseFacts],
    overdue_by_case: dict[str, int],
    officer_names: dict[str, str],
) -> LedgerRead:
    """Cases by state, fines decided and paid, overdue, transfers, days to decision; by officer and item."""
    totals = LedgerRow(dimension="township", key=township)
    by_officer: dict[str, LedgerRow] = {}
    by_item: dict[str, LedgerRow] = {}
    days: defaultdict[str, list[float]] = defaultdict(list)
    states: Counter[str] = Counter()
    for case in cases:
        overdue = overdue_by_case.get(case.id, 0)
        if month.holds(case.discovered_at):
            states[case.state] += 1
        _add(totals, case, month, overdue, days[f"t:{township}"])
        item = case.item_code or "-"
        row = by_item.setdefault(item, LedgerRow(dimension="item", key=item, label=case.item_title))
        _add(row, case, month, overdue, days[f"i:{item}"])
        for officer in case.officer_ids:
            label = officer_names.get(officer)
            row = by_officer.setdefault(
                officer, LedgerRow(dimension="officer", key=officer, label=label)
            )
            _add(row, case, month, overdue, days[f"o:{officer}"])
    for prefix, row in (
        [("t", totals)]
        + [("o", r) for r in by_officer.values()]
        + [("i", r) for r in by_item.values()]
    ):
        values = days[f"{prefix}:{row.key}"]
        row.average_days_to_decision = round(sum(values) / len(values), 2) if values else None
    return LedgerRead(
        township=township,
        month=month.label,
        cases_by_state=dict(sorted(states.items())),
        totals=totals,
        by_officer=sorted(by_officer.values(), key=lambda r: r.key),
        by_item=sorted(by_item.values(), key=lambda r: r.key),
    )
