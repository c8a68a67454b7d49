"""Pure rules of inspection plans (督查检查考核统一报备, 计划管理、总量控制)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from grassroots.evaluation.schemes.rules import Violation


def check_plan(
    *,
    window_start: date,
    window_end: date,
    townships: Sequence[str],
    county_townships: Collection[str],
) -> Violation | None:
    """The first rule a registration breaks, or None."""
    if window_end < window_start:
        return Violation("E-PLAN-WINDOW", "检查时间窗口的结束日期早于开始日期")
    if window_start.year != window_end.year:
        return Violation("E-PLAN-WINDOW", "一项检查计划只能在同一年度内开展")
    unknown = [t for t in townships if t not in county_townships]
    if unknown:
        return Violation("E-PLAN-TOWNSHIP", f"{', '.join(unknown)} 不是本县现行乡镇(街道)")
    if len(set(townships)) != len(townships):
        return Violation("E-PLAN-TOWNSHIP", "乡镇(街道)重复")
    return None


def over_cap(
    townships: Sequence[str], approved_per_township: Mapping[str, int], cap: int
) -> list[str]:
    """Townships that already have `cap` approved plans this year (总量控制)."""
    return [t for t in townships if approved_per_township.get(t, 0) >= cap]


def check_decision(status: str) -> Violation | None:
    if status != "registered":
        return Violation("E-PLAN-DECIDED", "该检查计划已审批，不能重复审批")
    return None
