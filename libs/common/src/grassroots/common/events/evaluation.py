"""Events of evaluation (topic grassroots.evaluation.v1): inspection plans and results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from grassroots.common.events.base import EVALUATION_TOPIC, EventPayload, register

Direction = Literal["township_rates_department", "department_rates_township"]


class EvaluationEvent(EventPayload):
    topic = EVALUATION_TOPIC


@register
class InspectionPlanApproved(EvaluationEvent):
    event_type = "inspection.plan.approved"
    subject_field = "plan_id"
    summary = (
        "An inspection plan (督查检查考核报备) was approved; task-admission admits its inspections."
    )
    plan_id: str
    county: str
    department: str
    title: str
    kind: str
    townships: list[str]
    window_start: date
    window_end: date
    year: int


@register
class PeriodClosed(EvaluationEvent):
    event_type = "period.closed"
    subject_field = "period"
    summary = "An evaluation period (year and direction) was closed and scored."
    period: str
    year: int
    direction: Direction
    closed_at: datetime
    orgs: int


@register
class ResultPublished(EvaluationEvent):
    event_type = "result.published"
    subject_field = "org"
    summary = "One org's result for a closed period."
    org: str
    year: int
    direction: Direction
    total: float
    grade: str
    rank: int
