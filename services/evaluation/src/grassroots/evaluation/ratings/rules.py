"""Pure rules of a rating (评分): who may rate whom on which indicator."""

from __future__ import annotations

from typing import Any

from grassroots.evaluation.schemes.rules import RATEE_KIND, RATER_KIND, Violation


def check_rating(
    *,
    direction: str,
    indicator: dict[str, Any] | None,
    rater: str,
    rater_kind: str | None,
    ratee: str,
    ratee_kind: str | None,
    closed: bool,
) -> Violation | None:
    """The first rule a rating breaks, or None."""
    if closed:
        return Violation("E-PERIOD-CLOSED", "考核期已结束，不能再评分")
    if indicator is None or indicator.get("source") != "rating":
        return Violation("E-RATING-INDICATOR", "该指标不存在或不是评分类指标")
    if rater == ratee:
        return Violation("E-RATING-SELF", "不能给本单位评分")
    if ratee_kind != RATEE_KIND[direction]:
        return Violation("E-RATING-RATEE", "被评单位不属于本考核方向的考核对象")
    allowed = indicator.get("rater_orgs") or []
    if allowed:
        if rater not in allowed:
            return Violation("E-RATING-RATER", "本单位不是该指标指定的评分单位")
    elif rater_kind != RATER_KIND[direction]:
        return Violation("E-RATING-RATER", "本单位不能在此考核方向评分")
    return None
