"""Demand API shapes (事项申报、审核、派发)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from grassroots.common.events.admission import DemandKind
from grassroots.task_admission.matching.schemas import MatchRead
from grassroots.task_admission.money import Yuan

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]
OrgCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{12,18}$")]
Status = Literal[
    "needs_review", "admitted", "returned", "rejected", "withdrawn", "dispatched", "completed"
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Clarities(_In):
    """三个明确."""

    department_does: LongText | None = None
    grassroots_does: LongText | None = None
    department_support: LongText | None = None


class Support(_In):
    """What the department gives with the demand (经费、人员、数据、培训)."""

    funding_yuan: Yuan = Decimal(0)  # at most two decimals (E-AMOUNT-PRECISION)
    staff: Annotated[int, Field(ge=0, le=100000)] = 0
    data: LongText | None = None
    training: LongText | None = None


class DemandCreate(_In):
    """A demand as a department submits (or resubmits) it."""

    kind: DemandKind
    title: Text
    description: LongText = ""
    target_level: Literal["township", "village"]
    targets: Annotated[list[OrgCode], Field(min_length=1, max_length=1000)]
    deadline: date
    duty_item_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    urgent: bool = False
    urgent_reason: LongText | None = None
    clarities: Clarities = Clarities()
    support: Support = Support()
    form_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    form_fields: Annotated[list[Text], Field(max_length=500)] = []
    inspection_plan_id: Annotated[str, StringConstraints(max_length=64)] | None = None

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "kind": "task",
                "title": "秋冬季森林防火宣传和巡查",
                "description": "请各乡镇组织开展森林防火宣传和巡山护林,严管野外用火。",
                "target_level": "township",
                "targets": ["990101101000"],
                "deadline": "2026-12-31",
                "duty_item_code": "T-B-001",
                "clarities": {
                    "department_does": "县林业局制定方案并提供宣传资料",
                    "grassroots_does": "乡镇组织护林员每日巡山并记录",
                    "department_support": "每个乡镇拨付巡查经费5000元",
                },
                "support": {"funding_yuan": 5000},
            }
        },
    )


class ReasonRead(BaseModel):
    code: str
    effect: Literal["reject", "return", "review"]
    message: str
    item_code: str | None = None


class RemapRead(BaseModel):
    """A reviewer's re-map: the item the gate matched (or the department named) and the one chosen."""

    matched: str | None
    chosen: str


class DecisionRead(BaseModel):
    outcome: Literal["admitted", "needs_review", "returned", "rejected"]
    reasons: list[ReasonRead]
    matches: list[MatchRead]
    catalog_version: str | None = None
    reviewed_by: str | None = None
    remapped: RemapRead | None = None


class AssignmentRead(BaseModel):
    org: str
    level: str
    parent: str | None
    active: bool
    dispatched_at: datetime | None
    received_at: datetime | None
    completed_at: datetime | None
    summary: str | None
    on_time: bool | None
    overdue: bool


class DemandRead(BaseModel):
    id: str
    status: Status
    county: str
    submitter: str
    kind: DemandKind
    title: str
    description: str
    target_level: str
    targets: list[str]
    deadline: date
    duty_item_code: str | None
    urgent: bool
    urgent_reason: str | None
    clarities: dict[str, str | None]
    support: dict[str, object]
    form_code: str | None
    form_fields: list[str]
    inspection_plan_id: str | None
    decision: DecisionRead
    revision: int
    created_at: datetime
    updated_at: datetime
    assignments: list[AssignmentRead] = []


class DemandPage(BaseModel):
    items: list[DemandRead]
    next_cursor: str | None


class HistoryEntry(BaseModel):
    at: datetime
    actor_sub: str
    actor_org: str
    action: str
    status_from: str | None
    status_to: str
    reason: str | None
    detail: dict[str, object]


class ReviewCreate(_In):
    action: Literal["approve", "return", "reject"]
    reason: LongText | None = None
    duty_item_code: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        None,
        description="the item the demand really falls under, when the gate matched another: "
        "the demand is re-mapped and its text offered as an example of that item",
    )


class WithdrawCreate(_In):
    reason: LongText | None = None


class DispatchCreate(_In):
    villages: Annotated[list[OrgCode], Field(min_length=1, max_length=1000)]


class ReceiptCreate(_In):
    org: OrgCode | None = None


class CompletionCreate(_In):
    org: OrgCode | None = None
    summary: LongText = ""
