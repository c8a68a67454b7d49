"""Records every event on the suite's topics (from the beginning), for tests to assert on."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, TopicPartition

from grassroots.common.events.base import TOPICS, dead_letter_topic
from grassroots.common.events.envelope import Envelope, EnvelopeError


class EventRecorder:
    """A background consumer (no group) reading the four topics and their dead-letter topics."""

    def __init__(self, bootstrap: str) -> None:
        self.bootstrap = bootstrap
        self.events: list[Envelope] = []
        self.dead_letters: list[tuple[str, dict[str, bytes]]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    def start(self) -> EventRecorder:
        self._thread.start()
        if not self._ready.wait(30):
            raise TimeoutError("event recorder did not start")
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    async def _run(self) -> None:
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            names = [*TOPICS, *(dead_letter_topic(t) for t in TOPICS)]
            partitions = [
                TopicPartition(topic, p)
                for topic in names
                for p in (consumer.partitions_for_topic(topic) or {0})
            ]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            self._ready.set()
            while not self._stop.is_set():
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    for record in records:
                        self._keep(record)
        finally:
            self._ready.set()
            await consumer.stop()

    def _keep(self, record: object) -> None:
        topic: str = record.topic  # type: ignore[attr-defined]
        headers = dict(record.headers or ())  # type: ignore[attr-defined]
        with self._lock:
            if topic.endswith(".dlt"):
                self.dead_letters.append((topic, headers))
                return
            try:
                envelope = Envelope.from_record(topic, record.value, record.headers)  # type: ignore[attr-defined]
            except EnvelopeError:
                return
            self.events.append(envelope)

    def of_type(self, ce_type: str) -> list[Envelope]:
        """Recorded events of one CloudEvents type, in arrival order."""
        with self._lock:
            return [e for e in self.events if e.type == ce_type]

    def wait_for(self, check: Callable[[EventRecorder], bool], within: float = 30.0) -> None:
        """Blocks until `check(self)` is true, or raises after `within` seconds."""
        deadline = time.monotonic() + within
        while not check(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"events not seen within {within} s")
            time.sleep(0.1)
