"""CSV and XLSX renderings of a ledger (台账导出)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from grassroots.enforcement.ledgers.schemas import LedgerRead, LedgerRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def to_csv(ledger: LedgerRead) -> bytes:
    """UTF-8 with BOM so spreadsheet programs open the Chinese header correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows(ledger))
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(ledger: LedgerRead) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"台账 {ledger.month}"
    sheet.append([f"乡镇 {ledger.township} 执法台账 {ledger.month}"])
    sheet.append(HEADER)
    for line in rows(ledger):
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
