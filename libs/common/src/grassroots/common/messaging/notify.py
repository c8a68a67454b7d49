"""PostgreSQL LISTEN on a connection of its own: a NOTIFY committed by any replica calls back
here at once (the outbox trigger, `db.migrations.create_outbox_notify`, sends one per insert
statement, delivered on commit). Reconnects while the database is away; the callers still poll.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import asyncpg

from grassroots.common.db.session import Database

log = logging.getLogger(__name__)

KEEPALIVE = 30.0  # seconds between checks that the listening connection still answers


def dsn_of(database: Database) -> str:
    """The asyncpg DSN of the database's SQLAlchemy URL (password and query kept)."""
    url = database.engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


async def listen(database: Database, channel: str, wake: Callable[[], None]) -> None:
    """Calls `wake()` for every notification on `channel` until cancelled."""
    failures = 0
    while True:
        try:
            connection = await asyncpg.connect(dsn_of(database), timeout=10)
        except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
            failures += 1
            log.info("listen: cannot connect", extra={"error": repr(exc), "channel": channel})
            await asyncio.sleep(min(10.0, 0.5 * 2**failures))
            continue
        failures = 0

        def on_notify(*_: Any) -> None:
            wake()

        try:
            await connection.add_listener(channel, on_notify)
            wake()  # what was committed while nobody listened
            while True:
                await asyncio.sleep(KEEPALIVE)
                await connection.fetchval("SELECT 1", timeout=10)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
            log.info("listen: connection lost", extra={"error": repr(exc), "channel": channel})
        finally:
            connection.terminate()
