"""Events of task-admission (topic grassroots.admission.v1): catalog, demands, complaints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field, JsonValue

from grassroots.common.events.base import ADMISSION_TOPIC, EventPayload, register

DemandKind = Literal["task", "report_form", "meeting", "inspection", "certificate"]
ComplaintKind = Literal["bypassed_platform", "out_of_list", "unclear", "unregistered_inspection"]


class AdmissionEvent(EventPayload):
    topic = ADMISSION_TOPIC


@register
class CatalogPublished(AdmissionEvent):
    """A county's catalog version (履职事项清单) was published; carries the whole document."""

    event_type = "catalog.published"
    subject_field = "county"
    summary = "A catalog version was published for a county (the whole import document)."
    county: str
    version: str
    effective_from: date
    document: dict[str, Any]


class DemandEvent(AdmissionEvent):
    """Fields every demand event carries, so consumers need no lookup."""

    subject_field = "demand_id"
    demand_id: str
    county: str
    submitter: str = Field(description="the submitting department's org code")
    kind: DemandKind


@register
class DemandSubmitted(DemandEvent):
    event_type = "demand.submitted"
    summary = "A department submitted (or resubmitted) a demand; the automatic check ran."
    title: str
    target_level: Literal["township", "village"]
    targets: list[str]
    deadline: date
    duty_item_code: str | None = None
    urgent: bool = False
    funding_yuan: float = 0
    outcome: Literal["admitted", "needs_review", "returned", "rejected"]
    reason_codes: list[str] = Field(default_factory=list)


@register
class DemandAdmitted(DemandEvent):
    event_type = "demand.admitted"
    summary = "A demand was admitted (automatically or by a reviewer)."
    targets: list[str]
    deadline: date
    duty_item_code: str | None = None
    funding_yuan: float = 0
    reviewed_by: str | None = None


@register
class DemandReturned(DemandEvent):
    event_type = "demand.returned"
    summary = "A demand was returned to its department for correction."
    targets: list[str]
    reason_codes: list[str]
    reason: str | None = None
    reviewed_by: str | None = None


@register
class DemandRejected(DemandEvent):
    event_type = "demand.rejected"
    summary = "A demand was rejected (withdrawn or negative list, unapproved form, unregistered inspection…)."
    targets: list[str]
    reason_codes: list[str]
    reason: str | None = None
    reviewed_by: str | None = None


@register
class DemandDispatched(DemandEvent):
    event_type = "demand.dispatched"
    summary = "A township dispatched an admitted demand to its villages."
    township: str
    villages: list[str]


@register
class DemandReceived(DemandEvent):
    event_type = "demand.received"
    summary = "A township or village acknowledged receipt of a demand."
    org: str


@register
class DemandCompleted(DemandEvent):
    event_type = "demand.completed"
    summary = "A township or village reported a demand completed."
    org: str
    deadline: date
    completed_at: datetime
    on_time: bool


@register
class DemandOverdue(DemandEvent):
    event_type = "demand.overdue"
    summary = "A demand passed its working-day deadline without completion (emitted once per org)."
    org: str
    deadline: date


@register
class DemandWithdrawn(DemandEvent):
    event_type = "demand.withdrawn"
    summary = "The department withdrew a demand before anyone started on it."
    previous_status: str
    targets: list[str]
    reason: str | None = None


class ComplaintEvent(AdmissionEvent):
    subject_field = "complaint_id"
    complaint_id: str
    county: str
    complainant: str
    department: str
    kind: ComplaintKind
    demand_id: str | None = None


@register
class ComplaintFiled(ComplaintEvent):
    event_type = "complaint.filed"
    summary = "A township or village filed a complaint against a department (一键投诉)."


@register
class ComplaintRuled(ComplaintEvent):
    event_type = "complaint.ruled"
    summary = "A reviewer ruled on a complaint: upheld or dismissed."
    upheld: bool
    reason: str | None = None


class FormFillingEvent(AdmissionEvent):
    """A filling of an approved form (一套表) by one unit for one period: counts and ids only,
    never a value (个人信息保护法, 最小必要)."""

    subject_field = "filling_id"
    filling_id: str
    demand_id: str
    form_code: str
    county: str
    submitter: str = Field(description="the department whose report_form demand opened it")
    org: str = Field(description="the township or village that fills it")
    period: str = Field(
        description="the period asked, by the form's frequency: 2026, 2026-H1, 2026-Q1, 2026-03, 2026-W09; once"
    )
    fields_asked: int = Field(ge=0, description="fields the form asks of each subject")


_FILLING_EXAMPLE: dict[str, JsonValue] = {
    "filling_id": "fl_0f6c1e2d3b4a59687766554433221100",
    "demand_id": "dm_5d41402abc4b2a76b9719d911017c592",
    "form_code": "F-001",
    "county": "990101000000",
    "submitter": "11990101MB0000166L",
    "org": "990101101201",
    "period": "2026",
    "fields_asked": 6,
}


@register
class FormFillingOpened(FormFillingEvent):
    model_config = ConfigDict(
        json_schema_extra={"examples": [_FILLING_EXAMPLE | {"fields_prefilled": 4}]}
    )
    event_type = "form.filling.opened"
    summary = "A dispatched report_form opened a filling for one unit and period, pre-filled from what the platform already holds."
    fields_prefilled: int = Field(ge=0, description="fields opened with a known value")


@register
class FormFillingSubmitted(FormFillingEvent):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _FILLING_EXAMPLE
                | {
                    "rows": 1,
                    "fields_prefilled": 3,
                    "fields_typed": 2,
                    "fields_shared": 1,
                    "submitted_at": "2026-03-05T02:00:00Z",
                }
            ]
        }
    )
    event_type = "form.filling.submitted"
    summary = "A unit submitted its filling: how many fields it confirmed, typed by hand or had answered once for another filling."
    rows: int = Field(ge=0, description="subjects reported (1 for a form about the unit itself)")
    fields_prefilled: int = Field(ge=0, description="answers confirmed as pre-filled")
    fields_typed: int = Field(ge=0, description="answers typed or corrected by hand")
    fields_shared: int = Field(
        ge=0, description="answers shared with another open filling (交叉事项一次报)"
    )
    submitted_at: datetime
