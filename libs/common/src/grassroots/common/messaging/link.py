"""The service's link to Kafka: a producer started lazily (the API never waits for the broker)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer

from grassroots.common.messaging.kafka import ensure_topics, make_producer
from grassroots.common.settings import ServiceSettings


class KafkaLink:
    """Owns the producer; creates the suite's topics before the first send."""

    def __init__(self, settings: ServiceSettings, topics: Sequence[str]) -> None:
        self.settings = settings
        self.topics = list(topics)
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()
        self._health: tuple[float, bool] = (0.0, False)

    async def producer(self) -> AIOKafkaProducer:
        """The started producer; raises while the broker cannot be reached."""
        if self._producer is not None:
            return self._producer
        async with self._lock:
            if self._producer is None:
                await ensure_topics(self.settings, self.topics)
                producer = make_producer(self.settings)
                try:
                    await producer.start()
                except BaseException:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(producer.stop(), 5.0)
                    raise
                self._producer = producer
        return self._producer

    async def healthy(self, wait: float = 1.5) -> bool:
        """Whether the broker answers a metadata request now (cached for two seconds)."""
        loop = asyncio.get_running_loop()
        checked_at, ok = self._health
        if loop.time() - checked_at < 2.0:
            return ok
        try:
            producer = await asyncio.wait_for(self.producer(), wait)
            ok = bool(await asyncio.wait_for(producer.client.fetch_all_metadata(), wait))
        except Exception:  # noqa: BLE001 - any failure means "not reachable now"
            ok = False
        self._health = (loop.time(), ok)
        return ok

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
