"""A clock the whole suite shares in tests: travel a month of a county in minutes.

The harness sets `GRASSROOTS_CLOCK_FILE` for every service process; `SuiteClock` writes the
offset there (atomically), and each process's `grassroots.common.clock` picks it up on its next
reading. Time keeps flowing at the wall clock's pace in between.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path


@dataclass
class SuiteClock:
    path: Path

    def offset(self) -> timedelta:
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return timedelta(0)
        return timedelta(seconds=float(text or 0))

    def now(self) -> datetime:
        """The suite's current time, timezone-aware UTC."""
        return datetime.now(UTC) + self.offset()

    def advance(self, delta: timedelta) -> datetime:
        """Moves every service's clock forward (never back); returns the new time."""
        if delta < timedelta(0):
            raise ValueError("the suite's clock only moves forward")
        self._write(self.offset() + delta)
        return self.now()

    def travel_to(self, when: datetime) -> datetime:
        """Moves the clock forward to `when` (aware); returns the new time."""
        return self.advance(max(when - self.now(), timedelta(0)))

    def _write(self, offset: timedelta) -> None:
        scratch = self.path.with_suffix(".next")
        scratch.write_text(repr(offset.total_seconds()), encoding="ascii")
        os.replace(scratch, self.path)
