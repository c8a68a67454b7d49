"""Pure guards of a scheme (考核方案) and its lifecycle: replaced as a whole (version + 1) while
open; frozen by its period's first rating or its close, and never changed again."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from grassroots.common.codes import Code
from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.common.refusals import Refusal
from grassroots.evaluation.codes import (
    SCHEME_DUPLICATE_INDICATOR,
    SCHEME_FROZEN,
    SCHEME_INDICATOR_CAP,
    SCHEME_MORE_THAN_LAST_YEAR,
    SCHEME_NO_CATALOG,
    SCHEME_OUT_OF_DUTY,
    SCHEME_SOURCE,
    SCHEME_UNCHANGED,
    SCHEME_WEIGHTS,
)
from grassroots.evaluation.metrics.definitions import METRICS
from grassroots.evaluation.schemes.schemas import IndicatorIn

RATEE_KIND = {"township_rates_department": "department", "department_rates_township": "township"}
RATER_KIND = {"township_rates_department": "township", "department_rates_township": "department"}


SCHEME = Lifecycle(
    name="scheme",
    title="考核方案",
    initial=("open",),
    table=(
        *edges("open", "replace", "open", roles=["evaluator"]),
        *edges("open", "freeze", "frozen"),  # the period's first rating, or its close
    ),
    conflict=SCHEME_FROZEN,
    final=("frozen",),
)


@dataclass(frozen=True)
class Violation:
    """One guard a scheme's indicators break: data, every one of them answered to the client."""

    code: Code
    message: str
    indicator: str | None = None


def check_indicators(
    indicators: Sequence[IndicatorIn],
    *,
    direction: str,
    cap: int,
    previous_count: int | None,
    basic_items: Collection[str] | None,
) -> list[Violation]:
    """Every guard a scheme breaks (empty when it may be saved).

    `previous_count`: indicators of last year's scheme (None when there was none);
    `basic_items`: codes of the active catalog's basic township items (None: no catalog).
    """
    out: list[Violation] = []
    total = sum(i.weight for i in indicators)
    if abs(total - 100) > 1e-6:
        out.append(Violation(SCHEME_WEIGHTS, f"各指标权重之和须为100，现为{total:g}"))
    if len(indicators) > cap:
        out.append(Violation(SCHEME_INDICATOR_CAP, f"指标数{len(indicators)}项，超过上限{cap}项"))
    if previous_count is not None and len(indicators) > previous_count:
        out.append(
            Violation(
                SCHEME_MORE_THAN_LAST_YEAR,
                f"考核指标只减不增：上年{previous_count}项，本年不得多于上年",
            )
        )
    seen: set[str] = set()
    for ind in indicators:
        if ind.code in seen:
            out.append(Violation(SCHEME_DUPLICATE_INDICATOR, "指标代码重复", ind.code))
        seen.add(ind.code)
        out += _source(ind, direction)
        if RATEE_KIND[direction] == "township":
            out += _duty(ind, basic_items)
    return out


def check_changed(before: Sequence[object], after: Sequence[object]) -> None:
    """A replace that changes nothing is a repeat of one already applied (a double click)."""
    if list(before) == list(after):
        raise Refusal(SCHEME_UNCHANGED, None, "指标与当前版本相同")


def _source(ind: IndicatorIn, direction: str) -> list[Violation]:
    if ind.source == "rating":
        if ind.metric is not None:
            return [Violation(SCHEME_SOURCE, "评分类指标不能同时指定数据指标", ind.code)]
        return []
    definition = METRICS.get(ind.metric or "")
    if definition is None:
        return [Violation(SCHEME_SOURCE, f"数据指标 {ind.metric} 不存在", ind.code)]
    if definition.subject != RATEE_KIND[direction]:
        return [Violation(SCHEME_SOURCE, f"数据指标 {ind.metric} 不适用于本考核方向", ind.code)]
    if definition.kind != "rate" and ind.normalisation == "rate":
        what = "总量指标" if definition.kind == "sum" else "平均数指标"
        return [Violation(SCHEME_SOURCE, f"{ind.metric} 是{what}，只能按相对最优计分", ind.code)]
    return []


def _duty(ind: IndicatorIn, basic_items: Collection[str] | None) -> list[Violation]:
    if basic_items is None:
        return [Violation(SCHEME_NO_CATALOG, "本县尚无现行履职事项清单，无法核对主责", ind.code)]
    if not ind.duty_item_codes:
        return [
            Violation(SCHEME_OUT_OF_DUTY, "主责之外不考核：乡镇指标须对应基本履职事项", ind.code)
        ]
    outside = [c for c in ind.duty_item_codes if c not in basic_items]
    if outside:
        return [
            Violation(
                SCHEME_OUT_OF_DUTY,
                f"主责之外不考核：{', '.join(outside)} 不是现行清单的基本履职事项",
                ind.code,
            )
        ]
    return []
