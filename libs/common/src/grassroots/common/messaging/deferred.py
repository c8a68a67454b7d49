"""Work a consumer handler leaves for the end of its transaction, done once for the whole poll.

A handler that writes one row per event costs a database round trip per event; under load each
round trip waits its turn on a busy event loop, and the consumer falls behind. Such a handler
`defer`s its rows instead; the consumer calls `flush` once, after the poll's last handler and
before its commit (the inbox claims, the handlers and the flushed rows commit together).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

Flush = Callable[[AsyncSession, list[Any]], Awaitable[None]]
_KEY = "grassroots.deferred"


def defer(session: AsyncSession, flush: Flush, item: Any) -> None:
    """Keeps `item` for `flush(session, items)` at the end of the session's consumer batch."""
    pending: dict[Flush, list[Any]] = session.info.setdefault(_KEY, {})
    pending.setdefault(flush, []).append(item)


async def flush(session: AsyncSession) -> None:
    """Runs every deferred flush of the session with its items, in the order first deferred."""
    pending: dict[Flush, list[Any]] = session.info.pop(_KEY, {})
    for run, items in pending.items():
        await run(session, items)
