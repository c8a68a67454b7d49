"""What a running service owns: database, Kafka link, outbox relay, consumer, background loops."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter

from grassroots.common import clock
from grassroots.common.auth.tokens import Authenticator
from grassroots.common.db.session import Database
from grassroots.common.events.base import TOPICS
from grassroots.common.lifecycle.table import Lifecycle
from grassroots.common.messaging.consumer import (
    EventConsumer,
    Handlers,
    cancel_lingering,
    finish_within,
)
from grassroots.common.messaging.link import KafkaLink
from grassroots.common.messaging.outbox import OutboxRelay
from grassroots.common.messaging.own_loop import OwnLoop
from grassroots.common.settings import ServiceSettings

log = logging.getLogger(__name__)

STOP_TIMEOUT = 5.0
OWN_POOL = {"pool_size": 2, "max_overflow": 1}  # a part on a loop of its own: few statements
Background = Callable[["Runtime"], Coroutine[Any, Any, None]]


@dataclass
class ServiceSpec:
    """Everything the app factory needs to know about one service."""

    name: str
    title: str
    description: str
    settings: ServiceSettings
    migrations: Path
    routers: Sequence[APIRouter] = ()
    handlers: Handlers = field(default_factory=dict)
    consumes: Sequence[str] = ()
    background: Sequence[Background] = ()
    openapi_tags: list[dict[str, Any]] = field(default_factory=list)
    lifecycles: Sequence[Lifecycle] = ()  # the state tables, drawn into the service's README
    append_only: Sequence[str] = ()  # tables the app role may only INSERT into and SELECT from
    body_limits: Mapping[str, int] = field(default_factory=dict)  # path prefix -> bytes allowed
    # /readyz: name -> why that part works in a degraded way (None while it works fully)
    degradations: Mapping[str, Callable[[], str | None]] = field(default_factory=dict)
    # the parts ("relay", "consumer") that run on an event loop, thread, pool and Kafka link of
    # their own, so that however busy the HTTP side is they keep up (messaging/own_loop.py)
    own_loops: Sequence[str] = ()


class Runtime:
    """Starts and stops a service's moving parts; the API works even while Kafka is away."""

    def __init__(self, spec: ServiceSpec) -> None:
        settings = spec.settings
        self.spec = spec
        self.settings = settings
        clock.use_offset_file(settings.clock_file)
        self.database = Database(settings.database_url)
        self.authenticator = Authenticator(settings)
        self.link = KafkaLink(settings, TOPICS)
        own = set(spec.own_loops)
        self._loops: dict[str, OwnLoop] = {}
        database, link = self._parts("relay" in own)
        self.relay = OutboxRelay(
            database,
            link,
            settings.service_name,
            batch_size=settings.outbox_batch_size,
            poll_interval=settings.outbox_poll_ms / 1000,
            retention=timedelta(days=settings.outbox_retention_days),
        )
        if "relay" in own:
            self._loops["relay"] = _own_loop("relay", self.relay.run, database, link)
        self.consumer: EventConsumer | None = None
        if spec.consumes and spec.handlers:
            database, link = self._parts("consumer" in own)
            self.consumer = EventConsumer(settings, database, spec.handlers, spec.consumes, link)
            if "consumer" in own:
                self._loops["consumer"] = _own_loop("consumer", self.consumer.run, database, link)
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def _parts(self, own: bool) -> tuple[Database, KafkaLink]:
        """The service's database and Kafka link, or a pool and a link of a part's own."""
        if not own:
            return self.database, self.link
        return Database(self.settings.database_url, **OWN_POOL), KafkaLink(self.settings, TOPICS)

    def wake_relay(self) -> None:
        """Asks the relay to look now (after a commit that added events), on whichever loop."""
        own = self._loops.get("relay")
        if own is None:
            self.relay.wake()
        else:
            own.call_soon(self.relay.wake)

    async def start(self) -> None:
        """Starts the relay, the consumer and the background loops as tasks."""
        if not self.settings.messaging_enabled:
            log.warning("messaging disabled: events stay in the outbox")
        else:
            self._begin("relay", self.relay.run)
            if self.consumer is not None:
                self._begin("consumer", self.consumer.run)
        for loop in self.spec.background:
            name = getattr(loop, "__name__", "background")
            self.tasks[name] = asyncio.create_task(loop(self), name=name)

    def _begin(self, name: str, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        own = self._loops.get(name)
        if own is None:
            self.tasks[name] = asyncio.create_task(work(), name=name)
        else:  # the task here only watches: it ends when the part's own loop does
            own.start()
            self.tasks[name] = asyncio.create_task(own.ended(), name=name)

    async def stop(self) -> None:
        """Stops the parts on loops of their own, cancels the tasks, closes Kafka and the
        database."""
        stopped = await asyncio.gather(*(own.stop(STOP_TIMEOUT) for own in self._loops.values()))
        for name, ok in zip(self._loops, stopped, strict=True):
            if not ok:
                log.warning("a part's own loop did not stop in time", extra={"part": name})
        for task in self.tasks.values():
            task.cancel()
        if self.tasks:
            _, stuck = await asyncio.wait(self.tasks.values(), timeout=STOP_TIMEOUT)
            if stuck:
                log.warning("tasks did not stop in time", extra={"tasks": len(stuck)})
        self.tasks.clear()
        if not await finish_within(self.link.close(), STOP_TIMEOUT):
            log.warning("Kafka producer did not close in time")
        await cancel_lingering()
        await self.database.dispose()

    def dead_tasks(self) -> list[str]:
        """Names of tasks that stopped although they should run forever."""
        return [name for name, task in self.tasks.items() if task.done()]


def _own_loop(
    name: str, work: Callable[[], Coroutine[Any, Any, None]], database: Database, link: KafkaLink
) -> OwnLoop:
    """A part on a loop of its own, which closes the part's Kafka link and pool when it ends."""

    async def close() -> None:
        await finish_within(link.close(), STOP_TIMEOUT)
        await database.dispose()

    return OwnLoop(name, work, close)
