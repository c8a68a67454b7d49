"""Consumer backlog of the four services' groups: how far each is behind the ends of its topics.

The ends are the high watermarks of fetch responses, read by a consumer of this process that
follows every topic: the broker's ListOffsets (`end_offsets`) can answer one less than the last
offset on Tansu (seen while writing this benchmark), which would make a group look ahead.
"""

from __future__ import annotations

import asyncio
import time
from types import TracebackType

from aiokafka import AIOKafkaConsumer, TopicPartition

from grassroots.common.events import TOPICS
from grassroots.common.services import SERVICE_NAMES, service


class Backlog:
    """Use as `async with Backlog(bootstrap) as backlog: await backlog.caught_up()`."""

    def __init__(self, bootstrap: str) -> None:
        self.bootstrap = bootstrap
        specs = [service(name).spec() for name in SERVICE_NAMES]
        self.groups = {spec.settings.group: spec.consumes for spec in specs}
        self.follower = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        self.readers = {  # not subscribed: they read a group's committed offsets without joining
            group: AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
            for group in self.groups
        }
        self.partitions: list[TopicPartition] = []
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Backlog:
        await self.follower.start()
        for reader in self.readers.values():
            await reader.start()
        self.partitions = [
            TopicPartition(topic, p)
            for topic in TOPICS
            for p in sorted(self.follower.partitions_for_topic(topic) or {0})
        ]
        self.follower.assign(self.partitions)
        await self.follower.seek_to_beginning(*self.partitions)
        self.task = asyncio.create_task(self._follow())
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.task is not None:
            self.task.cancel()
        await self.follower.stop()
        for reader in self.readers.values():
            await reader.stop()

    async def _follow(self) -> None:
        while True:
            await self.follower.getmany(timeout_ms=200, max_records=10_000)

    async def behind(self) -> dict[str, int]:
        """Records each group has still to consume (the follower's own backlog as `follower`)."""
        ends: dict[TopicPartition, int] = {}
        for tp in self.partitions:
            end = self.follower.highwater(tp)
            if end is None or await self.follower.position(tp) < end:
                return {"follower": 1}
            ends[tp] = end
        lags = {}
        for group, topics in self.groups.items():
            reader = self.readers[group]
            lag = 0
            for tp, end in ends.items():
                if tp.topic in topics:
                    lag += max(0, end - (await reader.committed(tp) or 0))
            if lag:
                lags[group] = lag
        return lags

    async def caught_up(self, within: float = 120.0, steady: float = 0.5) -> float:
        """Seconds until no group is behind (twice, `steady` apart); raises after `within`."""
        started = time.perf_counter()
        clear_since: float | None = None
        while True:
            behind = await self.behind()
            now = time.perf_counter()
            if behind:
                clear_since = None
            elif clear_since is None:
                clear_since = now
            elif now - clear_since >= steady:
                return clear_since - started
            if now - started > within:
                raise TimeoutError(f"consumers still behind after {within:.0f} s: {behind}")
            await asyncio.sleep(0.05)
