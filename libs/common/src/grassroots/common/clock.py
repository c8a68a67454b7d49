"""The suite's clock: every domain time (deadlines, step times, overdue scans, event times).

Production reads the wall clock. A test harness that runs a month of a county in minutes points
`GRASSROOTS_CLOCK_FILE` at a file holding an offset in seconds (`grassroots.dev.clock.SuiteClock`
writes it); each service rereads it when the file changes, so every process travels together.
Settings refuse the file with `GRASSROOTS_ENV=prod`.

Every domain date (deadlines, working days, periods, limitation) is China's calendar date,
whatever the host's time zone: `today()` and `china_date(at)`.

Token expiry is not domain time: PyJWT checks it against the wall clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone

# China Standard Time has been UTC+8 all year since 1991: no tz database needed in the image.
CHINA = timezone(timedelta(hours=8), "CST")

_offset_file: str | None = None
_seen: tuple[int, int, int] | None = None
_offset = timedelta(0)


def use_offset_file(path: str | None) -> None:
    """Reads the offset from `path` from now on (None: the wall clock)."""
    global _offset_file, _seen, _offset
    _offset_file, _seen, _offset = path, None, timedelta(0)


def offset() -> timedelta:
    """How far this process's clock is ahead of the wall clock."""
    global _seen, _offset
    if _offset_file is None:
        return timedelta(0)
    try:
        stat = os.stat(_offset_file)
    except FileNotFoundError:
        return timedelta(0)
    if (stat.st_ino, stat.st_mtime_ns, stat.st_size) != _seen:
        with open(_offset_file, encoding="ascii") as file:
            text = file.read().strip()
        if text:  # a writer replaces the file atomically; empty means "not yet"
            _offset = timedelta(seconds=float(text))
            _seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return _offset


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC) + offset()


def china_date(at: datetime) -> date:
    """The calendar date in China at `at` (a naive time is taken as UTC)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(CHINA).date()


def today() -> date:
    """Today's date in China, on any host."""
    return china_date(now())
