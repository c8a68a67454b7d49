"""China's working-day calendar (法定节假日 and 调休 workdays) for every deadline in the suite.

Backed by the chinese-calendar package, which carries the State Council's schedule year by
year. For a year it does not know yet, weekdays count as working days (and `covered` says so).
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    """True on a working day, including a 调休 Saturday or Sunday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def covered(day: date) -> bool:
    """Whether the official schedule for `day`'s year is known to the calendar."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=256)
def _prefix(year: int) -> tuple[int, ...]:
    """prefix[n]: working days of `year` from 1 January up to and including its n-th day
    (prefix[0] = 0); built once per year, so counting is O(years), never day by day."""
    first = date(year, 1, 1)
    length = (date(year + 1, 1, 1) - first).days if year < 9999 else 365
    counts = [0]
    for n in range(length):
        counts.append(counts[-1] + is_working_day(first + timedelta(n)))
    return tuple(counts)


def _through(day: date) -> int:
    """Working days of `day`'s year up to and including `day`."""
    return _prefix(day.year)[day.timetuple().tm_yday]


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted; 0 returns start)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    if days == 0:
        return start
    year, wanted = start.year, _through(start) + days  # the count to reach, within `year`
    while wanted > _prefix(year)[-1]:
        wanted -= _prefix(year)[-1]
        year += 1
    index = bisect_left(_prefix(year), wanted)  # the first day of the year reaching it
    return date(year, 1, 1) + timedelta(index - 1)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    whole_years = sum(_prefix(y)[-1] for y in range(start.year, end.year))
    return whole_years + _through(end) - _through(start)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
