"""A coroutine on an event loop of its own, in a thread of its own.

A service whose consumer must keep up while its HTTP side is busy (evaluation: every write of
the suite reaches it, and its dashboards read all day) runs the consumer here. Neither waits
for the other's callbacks; they share only the database (each with its own pool) and the GIL.
Whatever the coroutine uses (its database, its Kafka link) must be made for this loop alone.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from grassroots.common.messaging.consumer import cancel_lingering

log = logging.getLogger(__name__)

Work = Callable[[], Coroutine[Any, Any, None]]


class OwnLoop:
    """Runs `main()` on a new event loop in a daemon thread; `close()` runs there after it."""

    def __init__(self, name: str, main: Work, close: Work) -> None:
        self.name = name
        self._main, self._close = main, close
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._started = threading.Event()
        self._ended = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._started.wait()

    async def ended(self) -> None:
        """Returns when the loop's work has ended (for a task of the calling loop to await)."""
        calling = asyncio.get_running_loop()
        done = asyncio.Event()
        watcher = threading.Thread(
            target=lambda: (self._ended.wait(), calling.call_soon_threadsafe(done.set)),
            name=f"{self.name}-watch",
            daemon=True,
        )
        watcher.start()
        await done.wait()

    async def stop(self, within: float) -> bool:
        """Cancels the work, runs `close()` on its loop; False if that took longer than `within`."""
        if not self._started.is_set():  # never started (messaging disabled): nothing ran on
            await self._close()  # a loop of its own, so its pool and link close here
            return True
        loop, task = self._loop, self._task
        if loop is not None and task is not None and not loop.is_closed():
            loop.call_soon_threadsafe(task.cancel)
        return await asyncio.to_thread(self._ended.wait, within)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._task = loop.create_task(self._main(), name=self.name)
        self._started.set()
        try:
            loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("work on its own loop failed", extra={"loop": self.name})
        finally:
            try:
                loop.run_until_complete(self._close())
                loop.run_until_complete(cancel_lingering())
            except Exception:
                log.exception("closing its own loop failed", extra={"loop": self.name})
            finally:
                loop.close()
                self._ended.set()
