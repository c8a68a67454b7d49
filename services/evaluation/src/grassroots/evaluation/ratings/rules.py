"""Pure rules of a rating (评分): who may rate whom on which indicator, while the period is open."""

from __future__ import annotations

from typing import Any

from grassroots.common.refusals import Refusal
from grassroots.evaluation.codes import RATING_INDICATOR, RATING_RATEE, RATING_RATER, RATING_SELF
from grassroots.evaluation.periods.rules import PERIOD
from grassroots.evaluation.schemes.rules import RATEE_KIND, RATER_KIND


def check_rating(
    *,
    direction: str,
    indicator: dict[str, Any] | None,
    rater: str,
    rater_kind: str | None,
    ratee: str,
    ratee_kind: str | None,
    closed: bool,
) -> None:
    """Refuses a rating that breaks a rule (the first one it breaks)."""
    if closed:
        raise Refusal(PERIOD.conflict, "考核期已结束，不能再评分")
    if indicator is None or indicator.get("source") != "rating":
        raise Refusal(RATING_INDICATOR)
    if rater == ratee:
        raise Refusal(RATING_SELF)
    if ratee_kind != RATEE_KIND[direction]:
        raise Refusal(RATING_RATEE)
    allowed = indicator.get("rater_orgs") or []
    if allowed:
        if rater not in allowed:
            raise Refusal(RATING_RATER, "本单位不是该指标指定的评分单位")
    elif rater_kind != RATER_KIND[direction]:
        raise Refusal(RATING_RATER, "本单位不能在此考核方向评分")
