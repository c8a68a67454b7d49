"""Pure projection rules: which metrics an event moves, for which org and month, by how much.

Deterministic functions of the event (its payload and its CloudEvents time), never of the
wall clock, so a replay from offset 0 reproduces the live projection exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from grassroots.common import clock
from grassroots.common.events.admission import (
    ComplaintRuled,
    DemandAdmitted,
    DemandCompleted,
    DemandOverdue,
    DemandRejected,
    DemandReturned,
    DemandSubmitted,
    FormFillingSubmitted,
)
from grassroots.common.events.base import EventPayload
from grassroots.common.events.enforcement import CaseDecided, CaseFiled, CaseOverdue
from grassroots.common.events.grid import GridEventClosed, WhistleAnswered, WhistleOverdue
from grassroots.evaluation.metrics.definitions import NEGATIVE_CODES, SATISFIED, UNCLEAR_CODES

CASE_LIMIT_METRICS = {"filing": "twp.cases_filed_on_time", "decision": "twp.cases_decided_in_time"}


@dataclass(frozen=True)
class Contribution:
    """One event's share of one metric of one org in one month; `key` counts a fact once."""

    metric: str
    org: str
    year: int
    month: int
    key: str
    numerator: float
    denominator: float


@lru_cache(maxsize=4096)  # an event's contributions share its moment; a replay asks a million
def period_of(moment: datetime | date) -> tuple[int, int]:
    """The (year, month) of a moment in China Standard Time (dates are taken as they are)."""
    if isinstance(moment, datetime):
        local = clock.china_date(moment)
        return local.year, local.month
    return moment.year, moment.month


def township_of(org: str) -> str | None:
    """The township (乡镇/街道) code of a township or village code; None for other orgs."""
    if len(org) != 12 or not org.isdigit() or org[6:9] == "000":
        return None
    return org[:9] + "000"


def _c(
    metric: str, org: str, when: datetime | date, key: str, num: float, den: float
) -> Contribution:
    year, month = period_of(when)
    return Contribution(metric, org, year, month, key, float(num), float(den))


def _demand_outcome(
    event: EventPayload, time: datetime, codes: list[str], rejected: bool
) -> list[Contribution]:
    out: list[Contribution] = []
    org = event.submitter  # type: ignore[attr-defined]
    key = event.demand_id  # type: ignore[attr-defined]
    if not rejected and UNCLEAR_CODES.intersection(codes):
        out.append(_c("dept.returned_unclear", org, time, key + ":n", 1, 0))
    if rejected and NEGATIVE_CODES.intersection(codes):
        out.append(_c("dept.rejected_negative", org, time, key + ":n", 1, 0))
    return out


def contributions(event: EventPayload, time: datetime) -> list[Contribution]:
    """What one event adds to the metrics (`time` is the event's CloudEvents time)."""
    match event:
        case DemandSubmitted():
            out = [
                _c("dept.returned_unclear", event.submitter, time, event.demand_id + ":d", 0, 1),
                _c("dept.rejected_negative", event.submitter, time, event.demand_id + ":d", 0, 1),
            ]
            if event.outcome in ("returned", "rejected"):
                out += _demand_outcome(event, time, event.reason_codes, event.outcome == "rejected")
            return out
        case DemandReturned():
            return _demand_outcome(event, time, event.reason_codes, rejected=False)
        case DemandRejected():
            return _demand_outcome(event, time, event.reason_codes, rejected=True)
        case DemandAdmitted():
            funded = 1 if event.funding_yuan > 0 else 0
            return [
                _c("dept.demands_funded", event.submitter, time, event.demand_id, funded, 1),
                _c(
                    "dept.funding_yuan",
                    event.submitter,
                    time,
                    event.demand_id,
                    event.funding_yuan,
                    0,
                ),
            ]
        case FormFillingSubmitted():
            typed = event.fields_typed
            return [
                _c(
                    "dept.form_fields_typed",
                    event.submitter,
                    event.submitted_at,
                    event.filling_id,
                    typed,
                    1,
                )
            ]
        case ComplaintRuled():
            upheld = 1 if event.upheld else 0
            return [
                _c("dept.complaints_upheld", event.department, time, event.complaint_id, upheld, 1)
            ]
        case WhistleAnswered():
            key = f"{event.whistle_id}:{event.department}"
            hit = 1 if event.on_time else 0
            return [_c("dept.whistle_on_time", event.department, event.due_at, key, hit, 1)]
        case WhistleOverdue():
            key = f"{event.whistle_id}:{event.department}"
            return [_c("dept.whistle_on_time", event.department, event.due_at, key, 0, 1)]
        case GridEventClosed():
            return _grid_closed(event)
        case CaseDecided():
            hit = 1 if event.within_limit else 0
            return [
                _c(
                    "twp.cases_decided_in_time",
                    event.township,
                    event.decided_at,
                    event.case_id,
                    hit,
                    1,
                )
            ]
        case CaseFiled():
            hit = 1 if event.on_time else 0
            return [
                _c("twp.cases_filed_on_time", event.township, event.filed_at, event.case_id, hit, 1)
            ]
        case CaseOverdue(limit="filing" | "decision"):  # never filed / decided within the limit
            metric = CASE_LIMIT_METRICS[event.limit]
            return [_c(metric, event.township, event.due, event.case_id, 0, 1)]
        case DemandCompleted() | DemandOverdue():
            township = township_of(event.org)
            if township is None:
                return []
            hit = 1 if isinstance(event, DemandCompleted) and event.on_time else 0
            key = f"{event.demand_id}:{event.org}"
            return [_c("twp.demands_completed_on_time", township, event.deadline, key, hit, 1)]
    return []


def _grid_closed(event: GridEventClosed) -> list[Contribution]:
    org, at, key = event.township, event.at, event.grid_event_id
    out = [
        _c("twp.grid_closed_on_time", org, at, key, 1 if event.on_time else 0, 1),
        _c("twp.response_rate", org, at, key, 1 if event.responded_on_time else 0, 1),
        _c("twp.resolution_rate", org, at, key, 1 if event.resolved else 0, 1),
    ]
    if event.satisfaction is not None:
        hit = 1 if event.satisfaction in SATISFIED else 0
        out.append(_c("twp.satisfaction_rate", org, at, key, hit, 1))
    return out


PROJECTED_TYPES: tuple[type[EventPayload], ...] = (
    DemandSubmitted,
    FormFillingSubmitted,
    DemandReturned,
    DemandRejected,
    DemandAdmitted,
    ComplaintRuled,
    WhistleAnswered,
    WhistleOverdue,
    GridEventClosed,
    CaseDecided,
    CaseFiled,
    CaseOverdue,
    DemandCompleted,
    DemandOverdue,
)
