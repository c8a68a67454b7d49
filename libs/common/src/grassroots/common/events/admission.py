"""Events of task-admission (topic grassroots.admission.v1): catalog, demands, complaints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

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
