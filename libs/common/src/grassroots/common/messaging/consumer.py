"""The consumer loop: inbox-deduplicated handlers, bounded retries, dead letters, manual commits."""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.session import Database
from grassroots.common.events.base import EventPayload, dead_letter_topic, payload_class
from grassroots.common.events.envelope import Envelope, EnvelopeError
from grassroots.common.messaging import deferred, inbox
from grassroots.common.messaging.kafka import client_options, ensure_topics
from grassroots.common.messaging.link import KafkaLink
from grassroots.common.metrics import CONSUMER_LAG, DEAD_LETTERED, INBOX_DUPLICATES, MESSAGES
from grassroots.common.settings import ServiceSettings
from grassroots.common.tracing import message_span

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]
Handlers = Mapping[type[EventPayload], Handler]


_LINGERING: set[asyncio.Future[Any]] = set()


async def finish_within(coro: Coroutine[Any, Any, Any], seconds: float) -> bool:
    """Runs `coro` for at most `seconds` without waiting on its cancellation (unlike wait_for).

    A step still running then is kept in a set that `cancel_lingering` ends at shutdown.
    """
    task = asyncio.ensure_future(coro)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if task in done and not task.cancelled() and task.exception() is not None:
        log.warning("shutdown step failed", extra={"error": repr(task.exception())})
    if not done:
        _LINGERING.add(task)
        task.add_done_callback(_LINGERING.discard)
    return bool(done)


async def cancel_lingering(seconds: float = 2.0) -> None:
    """Cancels shutdown steps that outlived their grace (e.g. a consumer leaving a dead broker):
    those of the running loop (a consumer on its own loop ends its own, `own_loop`)."""
    loop = asyncio.get_running_loop()
    tasks = [t for t in _LINGERING if not t.done() and t.get_loop() is loop]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=seconds)


def _skipped(ce_type: str) -> str:
    """A type nobody registered is unknown; a registered one this service ignores is unhandled."""
    return "skipped_unhandled" if payload_class(ce_type) is not None else "skipped_unknown"


class _BatchFailed(Exception):
    """A record of the batch failed: the batch is rolled back and replayed one by one."""


class _Infrastructure(Exception):
    """The database is unreachable: retry the record later, never dead-letter it."""


def _is_infrastructure(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError | OSError | ConnectionError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


class _CommitOnRevoke(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, owner: EventConsumer) -> None:
        self.owner = owner

    async def on_partitions_revoked(self, revoked: Sequence[TopicPartition]) -> None:
        async with self.owner.batch_lock:  # the batch in flight finishes first
            await self.owner.commit(only=set(revoked))

    async def on_partitions_assigned(self, assigned: Sequence[TopicPartition]) -> None:
        return None


class EventConsumer:
    """Consumes topics for one group and applies registered handlers exactly once per event."""

    def __init__(
        self,
        settings: ServiceSettings,
        database: Database,
        handlers: Handlers,
        topics: Sequence[str],
        link: KafkaLink,
        *,
        group: str | None = None,
    ) -> None:
        self.settings = settings
        self.database = database
        self.handlers = {cls.ce_type(): h for cls, h in handlers.items()}
        self.topics = list(topics)
        self.link = link
        self.group = group or settings.group
        self.batch_lock = asyncio.Lock()
        self.consumer: AIOKafkaConsumer | None = None
        self.connected = False
        self._done: dict[TopicPartition, int] = {}
        self._positions: dict[TopicPartition, int] = {}

    async def run(self) -> None:
        """Consumes until cancelled; reconnects with backoff when the broker is away."""
        failures = 0
        while True:
            try:
                await self._consume()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the loop must outlive broker outages
                failures += 1
                self.connected = False
                log.warning("consumer restarting", extra={"error": repr(exc), "group": self.group})
                await asyncio.sleep(min(10.0, 0.2 * 2**failures) * random.uniform(0.8, 1.2))

    async def _consume(self) -> None:
        await ensure_topics(self.settings, self.topics)
        consumer = AIOKafkaConsumer(
            **client_options(self.settings),
            group_id=self.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        self.consumer = consumer
        await consumer.start()
        try:
            consumer.subscribe(self.topics, listener=_CommitOnRevoke(self))
            self.connected = True
            while True:
                batch = await consumer.getmany(
                    timeout_ms=500, max_records=self.settings.consumer_max_records
                )
                async with self.batch_lock:
                    await self._process_poll(consumer, batch)
                    await self.commit()
                self._report_lag(consumer)
        finally:
            self.connected = False
            self.consumer = None
            # Stopping in the middle of a JoinGroup waits for the broker's answer (seconds):
            # shutdown never waits long on it; a joined member gets time to leave cleanly.
            grace = 5.0 if consumer.assignment() else 0.5
            if not await finish_within(consumer.stop(), grace):
                log.warning("consumer did not stop in time; left to finish in the background")

    async def _process_poll(
        self, consumer: AIOKafkaConsumer, batch: Mapping[TopicPartition, Sequence[Any]]
    ) -> None:
        """A poll's records (every partition) in one transaction; if one of them fails, each
        partition record by record; while the database is away, back to the first unapplied."""
        if not batch:
            return
        try:
            try:
                await self._apply_batch([r for records in batch.values() for r in records])
            except _BatchFailed:
                # Something needs retries or a dead letter: one record at a time, per partition.
                for tp, records in batch.items():
                    for record in records:
                        await self.process(record)
                        self._done[tp] = self._positions[tp] = record.offset + 1
                return
        except _Infrastructure:
            for tp, records in batch.items():
                first = records[0].offset
                consumer.seek(tp, max(first, self._positions.get(tp, first)))
            await asyncio.sleep(1.0)  # retried on the next poll
            return
        for tp, records in batch.items():
            self._done[tp] = self._positions[tp] = records[-1].offset + 1

    async def _apply_batch(self, records: Sequence[Any]) -> None:
        """The fast path: a poll's records applied in one transaction, or not at all."""
        results: Counter[tuple[str, str]] = Counter()
        try:
            known: list[tuple[Any, Envelope, Any, Handler]] = []
            for record in records:
                envelope = Envelope.from_record(record.topic, record.value, record.headers)
                handler = self.handlers.get(envelope.type)
                if handler is None:
                    results[(record.topic, _skipped(envelope.type))] += 1
                else:
                    known.append((record, envelope, envelope.payload(), handler))
            async with self.database.transaction() as session:
                deliveries = [(env, rec.partition, rec.offset) for rec, env, _, _ in known]
                fresh = await inbox.claim_many(session, self.group, deliveries)
                for record, envelope, payload, handler in known:
                    if envelope.id in fresh:
                        fresh.discard(envelope.id)  # a repeat inside the batch is a duplicate
                        with message_span(
                            "process", record.topic, envelope.type, envelope.id, self.group
                        ):
                            await handler(session, payload, envelope)
                        results[(record.topic, "applied")] += 1
                    else:
                        results[(record.topic, "duplicate")] += 1
                await deferred.flush(session)
        except Exception as exc:  # sorted out record by record
            if _is_infrastructure(exc):
                raise _Infrastructure() from exc
            raise _BatchFailed() from exc
        service = self.settings.service_name
        for (topic, result), count in results.items():
            if result == "duplicate":
                INBOX_DUPLICATES.labels(service, topic).inc(count)
            MESSAGES.labels(service, topic, result).inc(count)

    async def commit(self, only: set[TopicPartition] | None = None) -> None:
        """Commits the offsets of what has been applied (after the database commit)."""
        if self.consumer is None:
            return
        assigned = self.consumer.assignment()  # a revoked partition's offsets are not ours now
        offsets = {
            tp: off
            for tp, off in self._done.items()
            if tp in assigned and (only is None or tp in only)
        }
        if not offsets:
            return
        try:
            await self.consumer.commit(offsets)
        except CommitFailedError:
            log.info("commit failed after a rebalance; the inbox absorbs the redelivery")
        except KafkaError as exc:
            log.warning("offset commit failed", extra={"error": repr(exc)})
        for tp in offsets:
            self._done.pop(tp, None)

    async def process(self, record: Any) -> str:
        """Applies one record; returns the result counted in the metrics."""
        service = self.settings.service_name
        try:
            envelope = Envelope.from_record(record.topic, record.value, record.headers)
        except EnvelopeError as exc:
            return await self._dead_letter(record, exc, attempts=1)
        handler = self.handlers.get(envelope.type)
        if handler is None:
            result = _skipped(envelope.type)
            MESSAGES.labels(service, record.topic, result).inc()
            return result
        last: Exception | None = None
        for attempt in range(1, self.settings.consumer_max_attempts + 1):
            try:
                result = await self._apply(handler, envelope, record)
            except ValidationError as exc:
                return await self._dead_letter(record, exc, attempts=attempt)
            except Exception as exc:
                if _is_infrastructure(exc):
                    raise _Infrastructure() from exc
                last = exc
                base = self.settings.consumer_retry_base_ms / 1000
                await asyncio.sleep(base * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
                continue
            if result == "duplicate":
                INBOX_DUPLICATES.labels(service, record.topic).inc()
            MESSAGES.labels(service, record.topic, result).inc()
            return result
        assert last is not None
        return await self._dead_letter(record, last, attempts=self.settings.consumer_max_attempts)

    async def _apply(self, handler: Handler, envelope: Envelope, record: Any) -> str:
        payload = envelope.payload()
        async with self.database.transaction() as session:
            if not await inbox.claim(
                session, self.group, envelope, record.partition, record.offset
            ):
                return "duplicate"
            await handler(session, payload, envelope)
            await deferred.flush(session)
        return "applied"

    async def _dead_letter(self, record: Any, error: BaseException, attempts: int) -> str:
        extra = {
            "dlt_original_topic": record.topic,
            "dlt_original_partition": str(record.partition),
            "dlt_original_offset": str(record.offset),
            "dlt_consumer_group": self.group,
            "dlt_error": f"{type(error).__name__}: {error}"[:4000],
            "dlt_attempts": str(attempts),
        }
        headers = list(record.headers or ()) + [(k, v.encode()) for k, v in extra.items()]
        producer = await self.link.producer()
        await producer.send_and_wait(
            dead_letter_topic(record.topic), value=record.value, key=record.key, headers=headers
        )
        DEAD_LETTERED.labels(self.settings.service_name, record.topic).inc()
        MESSAGES.labels(self.settings.service_name, record.topic, "dead_lettered").inc()
        log.warning("message dead-lettered", extra=extra)
        return "dead_lettered"

    def _report_lag(self, consumer: AIOKafkaConsumer) -> None:
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            if high is None:
                continue
            position = self._positions.get(tp, high)
            CONSUMER_LAG.labels(self.settings.service_name, tp.topic, str(tp.partition)).set(
                max(0, high - position)
            )
