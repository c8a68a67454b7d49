"""Events of grid (topic grassroots.grid.v1): merged layers, the six-step loop, whistles."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from grassroots.common.events.base import GRID_TOPIC, EventPayload, register

Step = Literal["reported", "accepted", "assigned", "handled", "verified", "closed"]
Satisfaction = Literal["satisfied", "basically_satisfied", "dissatisfied"]


class GridTopicEvent(EventPayload):
    topic = GRID_TOPIC


@register
class GridLayerMerged(GridTopicEvent):
    event_type = "grid.layer.merged"
    subject_field = "township"
    summary = "A township's comprehensive grid layer (综合网格) was built from its base units."
    township: str
    layer_version: int
    grid_ids: list[str]
    gaps_m2: float
    overlaps_m2: float


class GridEventStep(GridTopicEvent):
    """Fields every grid-event step carries."""

    subject_field = "grid_event_id"
    grid_event_id: str
    township: str
    grid_id: str | None
    category: str
    urgency: str
    at: datetime
    actor: str | None = None


@register
class GridEventReported(GridEventStep):
    event_type = "grid.event.reported"
    summary = "A grid event was reported (发现上报) and located."
    lon: float
    lat: float
    reporter: str
    channel: str = "api"


@register
class GridEventAccepted(GridEventStep):
    event_type = "grid.event.accepted"
    summary = "The grid centre accepted the event (受理立案)."


@register
class GridEventAssigned(GridEventStep):
    event_type = "grid.event.assigned"
    summary = "The event was assigned (分拨交办) to a worker, office, department or enforcement."
    assignee_kind: Literal["grid_worker", "township_office", "department", "enforcement"]
    assignee: str


@register
class GridEventHandled(GridEventStep):
    event_type = "grid.event.handled"
    summary = "The assignee reported its handling (处置反馈)."
    feedback: str


@register
class GridEventVerified(GridEventStep):
    event_type = "grid.event.verified"
    summary = "The handling was checked (核查)."
    passed: bool


@register
class GridEventClosed(GridEventStep):
    event_type = "grid.event.closed"
    summary = "The event was closed (结案评价) with the reporter's satisfaction."
    resolved: bool
    satisfaction: Satisfaction | None = None
    on_time: bool
    responded_on_time: bool = True


@register
class GridEventOverdue(GridEventStep):
    event_type = "grid.event.overdue"
    summary = "A step passed its time limit (emitted once per step) and escalated."
    step: Step
    due_at: datetime
    escalated_to: str


@register
class GridEventReferred(GridEventStep):
    event_type = "grid.event.referred"
    summary = "The event was referred to township enforcement; enforcement opens a case."
    description: str
    lon: float
    lat: float
    item_code: str | None = None


class WhistleEvent(GridTopicEvent):
    subject_field = "whistle_id"
    whistle_id: str
    township: str


@register
class WhistleBlown(WhistleEvent):
    event_type = "whistle.blown"
    summary = "A township summoned departments about an issue (乡镇吹哨)."
    departments: list[str]
    issue: str
    grid_event_id: str | None = None
    due_at: datetime


@register
class WhistleAnswered(WhistleEvent):
    event_type = "whistle.answered"
    summary = "A department answered a whistle (部门报到)."
    department: str
    answered_at: datetime
    due_at: datetime
    on_time: bool


@register
class WhistleOverdue(WhistleEvent):
    event_type = "whistle.overdue"
    summary = "A department did not answer a whistle in time (emitted once per department)."
    department: str
    due_at: datetime
