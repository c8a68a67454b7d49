"""The one way a service runs periodic work (overdue scans, checkpoints, index refresh): a
background loop that runs its passes every `<setting>` seconds, wakes the outbox relay when a pass
wrote events, and outlives a failed pass (logged; the next round retries). Each pass claims what
it marks with a conditional UPDATE in a short transaction of its own (`mark_each`), so two
replicas can run the same loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.session import Database

if TYPE_CHECKING:
    from grassroots.common.app.runtime import Background, Runtime

log = logging.getLogger(__name__)
Pass = Callable[["Runtime"], Awaitable[int]]  # one pass: how many events it wrote
T = TypeVar("T")


async def mark_each(
    database: Database,
    find: Callable[[AsyncSession], Awaitable[Iterable[T]]],
    mark: Callable[[AsyncSession, T], Awaitable[bool]],
) -> list[T]:
    """One scan pass: `find` reads the candidates in one short transaction; `mark` claims each in
    a transaction of its own (a conditional UPDATE or a unique key: a replica that lost the race
    gets False and writes nothing) and writes its event. The candidates it marked."""
    async with database.transaction() as session:
        candidates = list(await find(session))
    marked = []
    for candidate in candidates:
        async with database.transaction() as session:
            if await mark(session, candidate):
                marked.append(candidate)
    return marked


def periodic(
    name: str, interval_setting: str, *passes: Pass, wait_first: bool = False
) -> Background:
    """A background loop named `name` running `passes` every `settings.<interval_setting>`
    seconds (after the first wait when `wait_first`)."""

    async def loop(runtime: Runtime) -> None:
        seconds = float(getattr(runtime.settings, interval_setting))
        if wait_first:
            await asyncio.sleep(seconds)
        while True:
            try:
                written = 0
                for one in passes:
                    written += await one(runtime)
                if written:
                    runtime.wake_relay()
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must outlive a failed pass; the next round retries
                log.exception("%s failed", name)
            await asyncio.sleep(seconds)

    loop.__name__ = name.replace(" ", "_")
    return loop
