"""The burden ledger (减负台账) as a pure tally over what reached one org in one period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

KINDS = ("task", "report_form", "meeting", "inspection", "certificate")
ADMITTED = ("admitted", "dispatched", "completed")
# metric name → label a county clerk reads (the order of the export)
LABELS: dict[str, str] = {
    "demands": "派单总数",
    **{
        f"kind_{k}": f"类型:{label}"
        for k, label in zip(
            KINDS, ("工作事项", "报表", "会议", "督查检查考核", "证明"), strict=True
        )
    },
    "outcome_admitted": "准入",
    "outcome_needs_review": "待审核",
    "outcome_returned": "退回",
    "outcome_rejected": "不予准入",
    "outcome_withdrawn": "部门撤回",
    "forms": "准入报表数",
    "meetings": "准入会议数",
    "inspections": "准入督查检查考核数",
    "returns": "曾被退回的派单数",
    "funding_yuan": "随派单拨付经费(元)",
    "completed": "已办结",
    "completed_on_time": "按时办结",
    "completed_late": "超期办结",
    "overdue": "超期未办结或超期",
    "complaints_filed": "提出投诉",
    "complaints_upheld": "投诉成立",
    # the report forms it filled on the platform (一套表), counted by answer
    "form_fillings": "平台填报报表份数",
    "form_fields_asked": "报表应答字段数",
    "form_fields_prefilled": "平台预填并确认的字段数",
    "form_fields_shared": "交叉事项共享的字段数(一次报)",
    "form_fields_typed": "手工填写或更正的字段数",
}


@dataclass(frozen=True)
class LedgerRow:
    """One demand as it reached one org."""

    kind: str
    status: str
    funding_share: float
    completed: bool
    on_time: bool | None
    overdue: bool
    ever_returned: bool


@dataclass(frozen=True)
class FillingCounts:
    """One submitted filling's answers: confirmed as pre-filled, shared, typed by hand."""

    prefilled: int
    shared: int
    typed: int


def tally(
    rows: Sequence[LedgerRow],
    complaints: tuple[int, int] = (0, 0),
    fillings: Sequence[FillingCounts] = (),
) -> dict[str, float]:
    """Every ledger metric of one org and period. A filling's answers asked are those it gave:
    pre-filled + shared + typed; the fields the platform saved the unit are the first two."""
    admitted = [r for r in rows if r.status in ADMITTED]
    out: dict[str, float] = dict.fromkeys(LABELS, 0)
    out["demands"] = len(rows)
    for r in rows:
        out[f"kind_{r.kind}"] += 1
        outcome = "admitted" if r.status in ADMITTED else r.status
        if f"outcome_{outcome}" in out:
            out[f"outcome_{outcome}"] += 1
    out["forms"] = sum(r.kind == "report_form" for r in admitted)
    out["meetings"] = sum(r.kind == "meeting" for r in admitted)
    out["inspections"] = sum(r.kind == "inspection" for r in admitted)
    out["returns"] = sum(r.ever_returned for r in rows)
    out["funding_yuan"] = round(sum(r.funding_share for r in admitted), 2)
    out["completed"] = sum(r.completed for r in admitted)
    out["completed_on_time"] = sum(r.completed and bool(r.on_time) for r in admitted)
    out["completed_late"] = sum(r.completed and r.on_time is False for r in admitted)
    out["overdue"] = sum(r.overdue for r in admitted)
    out["complaints_filed"], out["complaints_upheld"] = complaints
    out["form_fillings"] = len(fillings)
    out["form_fields_prefilled"] = sum(f.prefilled for f in fillings)
    out["form_fields_shared"] = sum(f.shared for f in fillings)
    out["form_fields_typed"] = sum(f.typed for f in fillings)
    out["form_fields_asked"] = sum(f.prefilled + f.shared + f.typed for f in fillings)
    return out


def period_bounds(period: str) -> tuple[date, date, str]:
    """'2026-11' or '2026' → first day, first day after, and the previous period's name."""
    if len(period) == 4:
        year = int(period)
        return date(year, 1, 1), date(year + 1, 1, 1), str(year - 1)
    year, month = (int(p) for p in period.split("-"))
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    prev = date(year - (month == 1), (month - 2) % 12 + 1, 1)
    return start, end, f"{prev.year:04d}-{prev.month:02d}"
