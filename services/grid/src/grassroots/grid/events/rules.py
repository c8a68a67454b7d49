"""Pure rules of the six-step closed loop (六步闭环) and its time limits.

reported 发现上报 → accepted 受理立案 → assigned 分拨交办 → handled 处置反馈 → verified 核查 →
closed 结案评价. A failed verification sends the event back to `assigned`; an assigned event may
be re-assigned (to someone else) or have its handling limit extended. `GRID_EVENT` is the table;
a step past its limit is a marker (`overdue_step`), not a state: see `events/overdue.py`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from grassroots.common import clock
from grassroots.common.calendar import add_working_days, is_working_day, next_working_day
from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.common.refusals import Refusal
from grassroots.grid.codes import (
    ASSIGNEE_SAME,
    EVENT_TRANSITION,
    EXTENSION_NOT_LATER,
    EXTENSION_OVER_MAX,
    EXTENSION_STEP,
    EXTENSION_UNCHANGED,
)

STEPS = ("reported", "accepted", "assigned", "handled", "verified", "closed")
STEP_NAMES = {
    "reported": "发现上报",
    "accepted": "受理立案",
    "assigned": "分拨交办",
    "handled": "处置反馈",
    "verified": "核查",
    "closed": "结案评价",
}
URGENCIES = ("on_the_spot", "ordinary", "difficult")
# status → the step whose time limit runs while the event is in it
NEXT_STEP = {
    "reported": "accepted",
    "accepted": "assigned",
    "assigned": "handled",
    "handled": "verified",
    "verified": "closed",
}
# the township's grid centre only: county staff whose scores are built from these events never
# act in their loop (separation of duties); the routes' declarations (events/access.py) say where
GRID_CENTRE = ("township_admin",)
_EVENT = "grid.event."

GRID_EVENT = Lifecycle(
    name="grid_event",
    title="网格事件",
    initial=("reported",),
    table=(
        *edges("reported", "accept", "accepted", roles=GRID_CENTRE, events=[_EVENT + "accepted"]),
        *edges(
            ("accepted", "assigned"),
            "assign",
            "assigned",
            roles=[*GRID_CENTRE, "service"],  # service: enforcement's case.transferred
            events=[_EVENT + "assigned", _EVENT + "referred"],
        ),
        *edges("assigned", "extend", "assigned", roles=GRID_CENTRE),
        *edges("assigned", "handle", "handled", events=[_EVENT + "handled"]),  # the assignee
        *edges("handled", "verify", "verified", roles=GRID_CENTRE, events=[_EVENT + "verified"]),
        *edges("handled", "verify", "assigned", roles=GRID_CENTRE, events=[_EVENT + "verified"]),
        *edges("verified", "close", "closed", roles=GRID_CENTRE, events=[_EVENT + "closed"]),
    ),
    conflict=EVENT_TRANSITION,
    final=("closed",),
)

CHINA = clock.CHINA  # every domain date is China's (`grassroots.common.clock`)
# Office hours for limits given in working hours (China time, on working days only).
OFFICE_HOURS = (time(8, 30), time(17, 30))
UNITS = ("hours", "working_hours", "working_days")

# Policy defaults after 凤县: on-the-spot cases closed the same day, ordinary ones within 3 working
# days of assignment, hard ones within 7; no limit beyond 15 working days (extension needs approval).
MAX_WORKING_DAYS = 15
DEFAULT_LIMITS: dict[str, dict[str, dict[str, int]]] = {
    "on_the_spot": {
        "accepted": {"hours": 2},
        "assigned": {"hours": 2},
        "handled": {"working_days": 0},
        "verified": {"working_days": 0},
        "closed": {"working_days": 0},
    },
    "ordinary": {
        "accepted": {"working_hours": 4},
        "assigned": {"working_hours": 8},
        "handled": {"working_days": 3},
        "verified": {"working_days": 1},
        "closed": {"working_days": 1},
    },
    "difficult": {
        "accepted": {"working_hours": 4},
        "assigned": {"working_days": 1},
        "handled": {"working_days": 7},
        "verified": {"working_days": 1},
        "closed": {"working_days": 1},
    },
}


def check_transition(status: str, action: str, *, passed: bool = True) -> str:
    """The status `action` leads to from `status` (a failed verification: back to `assigned`),
    or E-EVENT-TRANSITION naming the step the event is in."""
    if not GRID_EVENT.allows(status, action):
        raise Refusal(
            GRID_EVENT.conflict,
            f"事件当前处于「{STEP_NAMES.get(status, status)}」,不能执行该操作",
            f"{action} from {status}",
        )
    target = "assigned" if action == "verify" and not passed else GRID_EVENT.next(status, action)
    return GRID_EVENT.edge(status, action, target).target


def check_reassignment(current: tuple[str | None, str | None], wanted: tuple[str, str]) -> None:
    """A re-assignment goes to someone else: the same assignee again is a repeat (409)."""
    if current == wanted:
        raise Refusal(ASSIGNEE_SAME, None, f"{wanted[0]} {wanted[1]}")


def validate_limits(limits: dict[str, Any]) -> list[str]:
    """Problems of one policy entry's limits (empty when valid)."""
    problems = []
    for step, limit in limits.items():
        if step not in NEXT_STEP.values():
            problems.append(f"{step}: 未知环节")
            continue
        if not isinstance(limit, dict) or len(limit) != 1:
            problems.append(f"{step}: 须且只能给出 hours、working_hours 或 working_days 之一")
            continue
        ((unit, value),) = limit.items()
        if unit not in UNITS or not isinstance(value, int) or value < 0:
            problems.append(f"{step}: 时限必须是非负整数的 hours、working_hours 或 working_days")
        elif unit == "working_days" and value > MAX_WORKING_DAYS:
            problems.append(f"{step}: 时限不得超过 {MAX_WORKING_DAYS} 个工作日")
        elif unit == "hours" and value > MAX_WORKING_DAYS * 24:
            problems.append(f"{step}: 时限不得超过 {MAX_WORKING_DAYS * 24} 小时")
        elif unit == "working_hours" and value > MAX_WORKING_DAYS * _office_day_hours():
            problems.append(f"{step}: 时限不得超过 {MAX_WORKING_DAYS} 个工作日的工作时间")
    return problems


def end_of_china_day(day: date) -> datetime:
    """The last instant of a day in China time, as UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=CHINA).astimezone(UTC)


def _office_day_hours() -> int:
    opens, closes = OFFICE_HOURS
    return (closes.hour * 60 + closes.minute - opens.hour * 60 - opens.minute) // 60


def add_working_hours(start: datetime, hours: int) -> datetime:
    """`hours` of office time after `start`, counted only on working days (China time)."""
    opens, closes = OFFICE_HOURS
    local = start.astimezone(CHINA)
    remaining = timedelta(hours=hours)
    while True:
        day = local.date()
        if not is_working_day(day) or local.timetz().replace(tzinfo=None) >= closes:
            local = datetime.combine(next_working_day(day + timedelta(days=1)), opens, tzinfo=CHINA)
            continue
        local = max(local, datetime.combine(day, opens, tzinfo=CHINA))
        available = datetime.combine(day, closes, tzinfo=CHINA) - local
        if remaining <= available:
            return (local + remaining).astimezone(UTC)
        remaining -= available
        local = datetime.combine(day, closes, tzinfo=CHINA)


def due_at(start: datetime, limit: dict[str, int]) -> datetime:
    """When a step is due: clock hours, office hours on working days, or the end of the n-th
    working day after `start` (0 = the same day)."""
    if "hours" in limit:
        return start + timedelta(hours=limit["hours"])
    if "working_hours" in limit:
        return add_working_hours(start, limit["working_hours"])
    local = clock.china_date(start)
    days = limit["working_days"]
    return end_of_china_day(next_working_day(local) if days == 0 else add_working_days(local, days))


def limit_for(
    step: str, urgency: str, category: str, table: dict[tuple[str, str], dict[str, Any]]
) -> dict[str, int]:
    """The limit of reaching `step`: the category's entry, else the '*' entry, else the default."""
    for key in ((category, urgency), ("*", urgency)):
        limits = table.get(key)
        if limits and step in limits:
            return dict(limits[step])
    return dict(DEFAULT_LIMITS[urgency][step])


def check_extension(
    status: str, working_days: int, current_due: datetime | None, new_due: datetime
) -> None:
    """An approved extension: only of the handling step, at most 15 working days, and later; one
    to the limit the event already has is a repeat (409 E-EXTENSION-UNCHANGED)."""
    if not GRID_EVENT.allows(status, "extend"):
        raise Refusal(EXTENSION_STEP, None, status)
    if working_days > MAX_WORKING_DAYS:
        raise Refusal(
            EXTENSION_OVER_MAX,
            f"延期后办理时限不得超过 {MAX_WORKING_DAYS} 个工作日",
            str(working_days),
        )
    if current_due is not None and new_due == current_due:
        raise Refusal(EXTENSION_UNCHANGED, None, new_due.isoformat())
    if current_due is not None and new_due < current_due:
        raise Refusal(EXTENSION_NOT_LATER)
