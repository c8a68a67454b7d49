"""The grid's periodic scan: late event steps and late whistle calls, each claimed once by a
conditional UPDATE (safe with two replicas), every `overdue_scan_seconds`."""

from __future__ import annotations

from grassroots.common.app.periodic import periodic
from grassroots.common.app.runtime import Runtime
from grassroots.common.db.base import utcnow
from grassroots.grid.events.scans import scan_overdue
from grassroots.grid.whistles.scans import scan_whistles_overdue


async def _events(runtime: Runtime) -> int:
    return await scan_overdue(runtime.database, utcnow())


async def _whistles(runtime: Runtime) -> int:
    return await scan_whistles_overdue(runtime.database, utcnow())


overdue_loop = periodic("grid overdue scan", "overdue_scan_seconds", _events, _whistles)
