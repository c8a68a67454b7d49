"""The grid's periodic scan: late event steps and late whistle calls, each claimed once by a
conditional UPDATE (safe with two replicas), every `overdue_scan_seconds`."""

from __future__ import annotations

import asyncio
import logging

from grassroots.common.app.runtime import Runtime
from grassroots.common.db.base import utcnow
from grassroots.grid.events.overdue import scan_overdue
from grassroots.grid.whistles.service import scan_whistles_overdue

log = logging.getLogger(__name__)


async def overdue_loop(runtime: Runtime) -> None:
    """Background: scans grid events and whistles every `overdue_scan_seconds`, forever."""
    interval = float(getattr(runtime.settings, "overdue_scan_seconds", 30.0))
    while True:
        try:
            if await scan_overdue(runtime.database, utcnow()) + await scan_whistles_overdue(
                runtime.database, utcnow()
            ):
                runtime.wake_relay()
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed scan must not kill the loop; the next one retries
            log.exception("overdue scan failed")
        await asyncio.sleep(interval)
