"""The ledger as a table for CSV and XLSX (台账导出; written by grassroots.common.exports)."""

from __future__ import annotations

from grassroots.common.exports import Table
from grassroots.enforcement.ledgers.schemas import LedgerRead, LedgerRow

HEADER = [
    "维度",
    "代码",
    "名称",
    "新发现案件",
    "作出决定",
    "决定罚款(元)",
    "缴纳罚款(元)",
    "超期",
    "移送",
    "结案",
    "平均决定用时(天)",
]


def _cells(row: LedgerRow) -> list[object]:
    return [
        row.dimension,
        row.key,
        row.label or "",
        row.opened,
        row.decided,
        row.fines_decided_yuan,
        row.fines_paid_yuan,
        row.overdue,
        row.transfers,
        row.closed,
        "" if row.average_days_to_decision is None else row.average_days_to_decision,
    ]


def rows(ledger: LedgerRead) -> list[list[object]]:
    """The ledger as a table: totals, officers, items, then the cases by state."""
    table = [_cells(ledger.totals)]
    table += [_cells(r) for r in ledger.by_officer] + [_cells(r) for r in ledger.by_item]
    table += [["state", state, "", count] for state, count in ledger.cases_by_state.items()]
    return table


def table(ledger: LedgerRead) -> Table:
    """The ledger as a table people open (CSV, XLSX)."""
    return Table(f"乡镇 {ledger.township} 执法台账 {ledger.month}", HEADER, rows(ledger))
