"""Pure rules of inspection plans (督查检查考核统一报备, 计划管理、总量控制) and their lifecycle."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from grassroots.common.events.evaluation import InspectionPlanApproved
from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.common.refusals import Refusal
from grassroots.evaluation.codes import PLAN_DECIDED, PLAN_REASON, PLAN_TOWNSHIP, PLAN_WINDOW
from grassroots.evaluation.inspection_plans.models import InspectionPlanRow

PLAN = Lifecycle(
    name="inspection_plan",
    title="检查计划",
    initial=("registered",),
    table=(
        *edges(
            "registered",
            "approve",
            "approved",
            roles=["evaluator"],
            events=["inspection.plan.approved"],
        ),
        *edges("registered", "refuse", "refused", roles=["evaluator"]),
    ),
    conflict=PLAN_DECIDED,
    final=("approved", "refused"),
)


def check_plan(
    *,
    window_start: date,
    window_end: date,
    townships: Sequence[str],
    county_townships: Collection[str],
) -> None:
    """Refuses a registration that breaks a rule (the first one it breaks)."""
    if window_end < window_start:
        raise Refusal(PLAN_WINDOW, "检查时间窗口的结束日期早于开始日期")
    if window_start.year != window_end.year:
        raise Refusal(PLAN_WINDOW, "一项检查计划只能在同一年度内开展")
    unknown = [t for t in townships if t not in county_townships]
    if unknown:
        raise Refusal(PLAN_TOWNSHIP, f"{', '.join(unknown)} 不是本县现行乡镇(街道)")
    if len(set(townships)) != len(townships):
        raise Refusal(PLAN_TOWNSHIP, "乡镇(街道)重复")


def check_refusal(reason: str | None) -> str:
    """A refusal must give its reason (不予备案须说明理由)."""
    if not reason:
        raise Refusal(PLAN_REASON)
    return reason


def over_cap(
    townships: Sequence[str], approved_per_township: Mapping[str, int], cap: int
) -> list[str]:
    """Townships that already have `cap` approved plans this year (总量控制)."""
    return [t for t in townships if approved_per_township.get(t, 0) >= cap]


def approval(plan: InspectionPlanRow) -> InspectionPlanApproved:
    """What an approval tells task-admission, which admits the plan's inspections."""
    return InspectionPlanApproved(
        plan_id=plan.id,
        county=plan.county,
        department=plan.department,
        title=plan.title,
        kind=plan.kind,
        townships=list(plan.townships),
        window_start=plan.window_start,
        window_end=plan.window_end,
        year=plan.year,
    )
