from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grassroots.common.calendar import (
    add_working_days,
    covered,
    is_working_day,
    next_working_day,
    working_days_between,
)


def test_spring_festival_2026_is_off_and_its_saturdays_work():
    # 2026 春节: 15–23 February off; Saturday 14 and Saturday 28 February are 调休 workdays.
    assert is_working_day(date(2026, 2, 14))
    assert is_working_day(date(2026, 2, 28))
    assert not any(is_working_day(date(2026, 2, d)) for d in range(15, 24))
    assert is_working_day(date(2026, 2, 24))


def test_add_working_days_across_the_festival():
    # From Friday 13 Feb: Sat 14 (调休) is day 1, then the holiday, then Tue 24 is day 2.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert add_working_days(date(2026, 2, 13), 0) == date(2026, 2, 13)


def test_working_days_between_counts_the_tiaoxiu_saturday():
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
    assert working_days_between(date(2026, 2, 27), date(2026, 3, 2)) == 2  # Sat 28 + Mon 2


def test_national_day_week():
    assert not is_working_day(date(2026, 10, 1))
    assert next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)


def test_years_without_an_official_schedule_fall_back_to_weekdays():
    assert not covered(date(2030, 1, 7))
    assert is_working_day(date(2030, 1, 7))  # a Monday
    assert not is_working_day(date(2030, 1, 6))  # a Sunday


def test_negative_days_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


def _naive_add(start: date, days: int) -> date:
    from datetime import timedelta

    current = start
    while days:
        current += timedelta(days=1)
        days -= is_working_day(current)
    return current


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2023, 1, 1), date(2031, 12, 31)), st.integers(0, 800))
def test_counting_by_year_agrees_with_walking_day_by_day(start, days):
    end = add_working_days(start, days)
    assert end == _naive_add(start, days)
    assert working_days_between(start, end) == days
    assert working_days_between(end, start) == -days


def test_a_far_deadline_is_counted_by_the_year():
    # a century ahead: one prefix per year, weekdays beyond the official schedule
    assert 26_000 < working_days_between(date(2026, 12, 2), date(2126, 12, 31)) < 26_200
    assert add_working_days(date(9999, 1, 1), 10) == date(9999, 1, 15)
