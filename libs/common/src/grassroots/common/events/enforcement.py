"""Events of enforcement (topic grassroots.enforcement.v1): cases and the enforcement log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from grassroots.common.events.base import ENFORCEMENT_TOPIC, EventPayload, register


class CaseEvent(EventPayload):
    topic = ENFORCEMENT_TOPIC
    subject_field = "case_id"
    case_id: str
    township: str
    item_code: str | None = None  # a case opened from a grid referral may not have one yet
    grid_event_id: str | None = None


@register
class CaseFiled(CaseEvent):
    event_type = "case.filed"
    summary = "A case was filed (立案) after supervisor approval."
    filed_at: datetime
    discovered_at: datetime
    on_time: bool


@register
class CaseDecided(CaseEvent):
    event_type = "case.decided"
    summary = "A penalty decision was made on a case."
    decided_at: datetime
    filed_at: datetime | None = None  # the simplified procedure has no filing
    fine_yuan: float
    within_limit: bool


@register
class CaseClosed(CaseEvent):
    event_type = "case.closed"
    summary = "A case was closed (结案)."
    closed_at: datetime
    outcome: str


@register
class CaseTransferred(CaseEvent):
    event_type = "case.transferred"
    summary = (
        "A case was transferred to the item's origin department (not delegated to the township)."
    )
    origin_department: str | None
    reason_code: str


@register
class CaseOverdue(CaseEvent):
    event_type = "case.overdue"
    summary = "A case passed a legal limit (filing, decision, service, payment); emitted once each."
    limit: Literal["filing", "decision", "service", "payment"]
    due: date


@register
class LogAppended(EventPayload):
    topic = ENFORCEMENT_TOPIC
    subject_field = "township"
    event_type = "log.appended"
    summary = "An entry was appended to a township's hash-chained enforcement log (执法日志)."
    township: str
    seq: int
    entry_hash: str
    kind: str
    case_id: str | None = None


@register
class LogCheckpointed(EventPayload):
    topic = ENFORCEMENT_TOPIC
    subject_field = "township"
    event_type = "log.checkpointed"
    summary = (
        "A signed checkpoint of a township's enforcement log (RFC 9162 Merkle tree size and root, "
        "Ed25519); witnesses keep it and check it extends the previous one."
    )
    township: str
    origin: str
    tree_size: int
    root_hash: str
    time: datetime
    key_id: str
    signature: str
    previous_size: int = 0  # the checkpoint before this one (0: the first)
    consistency: list[str] = Field(default_factory=list)  # RFC 9162 proof from previous_size, hex
