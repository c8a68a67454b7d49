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
    # the consumer on an event loop (and pool, and Kafka link) of its own: it keeps up however
    # busy the HTTP side is (messaging/own_loop.py)
    consumer_loop_of_its_own: bool = False


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
        self.relay = OutboxRelay(
            self.database,
            self.link,
            settings.service_name,
            batch_size=settings.outbox_batch_size,
            poll_interval=settings.outbox_poll_ms / 1000,
            retention=timedelta(days=settings.outbox_retention_days),
        )
        self.consumer: EventConsumer | None = None
        self._own: OwnLoop | None = None
        if spec.consumes and spec.handlers:
            database, link = self.database, self.link
            if spec.consumer_loop_of_its_own:
                database = Database(settings.database_url, pool_size=2, max_overflow=1)
                link = KafkaLink(settings, TOPICS)
            consumer = EventConsumer(settings, database, spec.handlers, spec.consumes, link)
            self.consumer = consumer
            if spec.consumer_loop_of_its_own:

                async def close() -> None:
                    await finish_within(link.close(), STOP_TIMEOUT)
                    await database.dispose()

                self._own = OwnLoop("consumer", consumer.run, close)
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def wake_relay(self) -> None:
        self.relay.wake()

    async def start(self) -> None:
        """Starts the relay, the consumer and the background loops as tasks."""
        if not self.settings.messaging_enabled:
            log.warning("messaging disabled: events stay in the outbox")
        else:
            self.tasks["relay"] = asyncio.create_task(self.relay.run(), name="outbox-relay")
            if self._own is not None:
                self._own.start()
                self.tasks["consumer"] = asyncio.create_task(self._own.ended(), name="consumer")
            elif self.consumer is not None:
                self.tasks["consumer"] = asyncio.create_task(self.consumer.run(), name="consumer")
        for loop in self.spec.background:
            name = getattr(loop, "__name__", "background")
            self.tasks[name] = asyncio.create_task(loop(self), name=name)

    async def stop(self) -> None:
        """Cancels the tasks, closes Kafka and the database."""
        if self._own is not None and not await self._own.stop(STOP_TIMEOUT):
            log.warning("the consumer's own loop did not stop in time")
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
