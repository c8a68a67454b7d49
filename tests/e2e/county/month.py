"""The month the story runs: its working days (China's calendar) and the times the county acts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from grassroots.common.calendar import is_working_day

CHINA = ZoneInfo("Asia/Shanghai")
MORNING = time(9, 0)


@dataclass(frozen=True)
class Month:
    """The working days of one month; `morning(k)` is 09:00 China time on the k-th of them."""

    year: int
    month: int
    working_days: tuple[date, ...]

    @classmethod
    def after(cls, now: datetime) -> Month:
        """The month after the one `now` falls in (China time)."""
        local = now.astimezone(CHINA).date()
        first = (local.replace(day=28) + timedelta(days=4)).replace(day=1)
        days, day = [], first
        while day.month == first.month:
            if is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return cls(first.year, first.month, tuple(days))

    def date(self, k: int) -> date:
        """The k-th working day (1-based)."""
        return self.working_days[k - 1]

    def morning(self, k: int) -> datetime:
        return datetime.combine(self.date(k), MORNING, tzinfo=CHINA)

    def next_year(self) -> datetime:
        """09:00 on 2 January of the following year: every deadline of the year has passed."""
        return datetime(self.year + 1, 1, 2, 9, tzinfo=CHINA)


def china_today(now: datetime) -> date:
    return now.astimezone(CHINA).date()
