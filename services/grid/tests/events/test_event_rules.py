"""Pure rules of the six-step loop and the time limits on China's working-day calendar."""

from datetime import UTC, datetime

import pytest

from grassroots.common.refusals import Refusal, status_of
from grassroots.grid.events.rules import (
    DEFAULT_LIMITS,
    check_transition,
    due_at,
    limit_for,
    validate_limits,
)


def test_the_six_steps_in_order():
    status = "reported"
    for action in ("accept", "assign", "handle", "verify", "close"):
        status = check_transition(status, action)
    assert status == "closed"
    assert check_transition("assigned", "assign") == "assigned"  # re-assignment
    assert check_transition("handled", "verify", passed=False) == "assigned"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("reported", "assign"),
        ("reported", "close"),
        ("accepted", "handle"),
        ("handled", "close"),
        ("closed", "accept"),
        ("verified", "verify"),
        ("closed", "handle"),
    ],
)
def test_illegal_transitions_refused_with_a_code(status, action):
    with pytest.raises(Refusal) as caught:
        check_transition(status, action)
    assert caught.value.code == "E-EVENT-TRANSITION"
    assert status_of(caught.value.code) == 409


def test_due_in_working_days_skips_the_national_day_holiday():
    # reported Monday 2025-09-29 10:00 China time; 1-8 Oct 2025 are holidays (国庆+中秋)
    start = datetime(2025, 9, 29, 2, 0, tzinfo=UTC)
    due = due_at(start, {"working_days": 3})
    assert due == datetime(
        2025, 10, 10, 15, 59, 59, tzinfo=UTC
    )  # 30 Sep, 9 Oct, 10 Oct: the end of 10 Oct, China time
    assert due_at(start, {"hours": 4}) == datetime(2025, 9, 29, 6, 0, tzinfo=UTC)
    assert due_at(start, {"working_days": 0}) == datetime(2025, 9, 29, 15, 59, 59, tzinfo=UTC)


def test_policy_lookup_and_validation():
    table = {
        ("forest_fire", "ordinary"): {"handled": {"hours": 6}},
        ("*", "ordinary"): {"handled": {"working_days": 2}},
    }
    assert limit_for("handled", "ordinary", "forest_fire", table) == {"hours": 6}
    assert limit_for("handled", "ordinary", "dispute", table) == {"working_days": 2}
    assert (
        limit_for("verified", "ordinary", "dispute", table)
        == DEFAULT_LIMITS["ordinary"]["verified"]
    )
    assert DEFAULT_LIMITS["ordinary"]["handled"] == {"working_days": 3}
    assert DEFAULT_LIMITS["difficult"]["handled"] == {"working_days": 7}
    assert validate_limits({"handled": {"working_days": 15}}) == []
    assert validate_limits({"handled": {"working_days": 16}})
    assert validate_limits({"handled": {"hours": -1}})
    assert validate_limits({"reported": {"hours": 1}})
    assert validate_limits({"handled": {"hours": 1, "working_days": 1}})


def test_working_hours_skip_evenings_weekends_and_holidays():
    friday = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)  # 16:30 China time
    assert due_at(friday, {"working_hours": 2}) == datetime(
        2026, 11, 23, 1, 30, tzinfo=UTC
    )  # Mon 09:30
    early = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # Monday 08:00: the clock starts at 08:30
    assert due_at(early, {"working_hours": 1}) == datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    before_holiday = datetime(2025, 9, 30, 8, 0, tzinfo=UTC)  # Tue 16:00; 1-8 Oct are holidays
    assert due_at(before_holiday, {"working_hours": 3}) == datetime(2025, 10, 9, 2, 0, tzinfo=UTC)
    assert validate_limits({"accepted": {"working_hours": 4}}) == []
    assert validate_limits({"accepted": {"working_hours": 15 * 9 + 1}})


def test_working_day_limits_count_from_chinas_date_at_0730():
    """07:30 on Monday in China is 23:30 UTC on Sunday: the day counted from is Monday."""
    from datetime import date, time

    from grassroots.common import clock
    from grassroots.common.calendar import add_working_days
    from grassroots.grid.events.rules import due_at, end_of_china_day

    monday = date(2026, 11, 16)
    start = datetime.combine(monday, time(7, 30), tzinfo=clock.CHINA).astimezone(UTC)
    assert start.date() == date(2026, 11, 15)
    assert due_at(start, {"working_days": 0}) == end_of_china_day(monday)
    assert due_at(start, {"working_days": 3}) == end_of_china_day(add_working_days(monday, 3))
