"""Transactional outbox: events join the caller's transaction; a relay publishes them in key order."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from aiokafka.partitioner import DefaultPartitioner
from sqlalchemy import Row, Table, bindparam, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.db.session import Database
from grassroots.common.events.base import TOPIC_OWNERS, EventPayload
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging import notify
from grassroots.common.messaging.link import KafkaLink
from grassroots.common.metrics import OUTBOX_PENDING, OUTBOX_PUBLISHED
from grassroots.common.tracing import batch_span

log = logging.getLogger(__name__)

SHARDS = 16
OUTBOX_CHANNEL = "grassroots_outbox"  # NOTIFYed by a trigger on every insert into the outbox
# The shards no other relay holds now, each locked for this transaction (one statement).
_OWN_SHARDS = text(
    "SELECT s FROM generate_series(0, :n - 1) AS s WHERE pg_try_advisory_xact_lock(:ns, s)"
)
# The relay's statements, built once: Core on the table (no ORM objects per row), the shard and
# id lists bound as expanding parameters so the compiled statements are reused.
_OUTBOX: Table = OutboxRow.__table__  # type: ignore[assignment]
_PARTITIONER = DefaultPartitioner()
_Pending = Row[*tuple[Any, ...]]  # a row of _PENDING's columns
_UNSENT = (_OUTBOX.c.shard.in_(bindparam("shards", expanding=True)), _OUTBOX.c.sent_at.is_(None))
_PENDING = (
    select(
        _OUTBOX.c.id,
        _OUTBOX.c.topic,
        _OUTBOX.c.key,
        _OUTBOX.c.ce_type,
        _OUTBOX.c.ce_id,
        _OUTBOX.c.headers,
        _OUTBOX.c.payload,
    )
    .where(*_UNSENT)
    .order_by(_OUTBOX.c.id)
    .limit(bindparam("limit"))
)
_BACKLOG = select(func.count()).select_from(_OUTBOX).where(*_UNSENT)
_MARK_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id.in_(bindparam("ids", expanding=True)))
    .values(sent_at=bindparam("now"))
)


def shard_of(key: str) -> int:
    """A stable shard per key: one relay owns a shard at a time, so per-key order holds."""
    return zlib.crc32(key.encode()) % SHARDS


def add_event(session: AsyncSession, payload: EventPayload) -> Envelope:
    """Adds an event to the outbox in the session's transaction (no I/O until flush); its source
    is the service that owns the payload's topic (`TOPIC_OWNERS`)."""
    envelope = Envelope.wrap(payload, TOPIC_OWNERS[payload.topic])
    session.add(
        OutboxRow(
            topic=envelope.topic,
            key=envelope.subject,
            shard=shard_of(envelope.subject),
            ce_id=envelope.id,
            ce_type=envelope.type,
            headers={k: v.decode() for k, v in envelope.headers()},
            payload=envelope.value().decode(),
            created_at=envelope.time,
            attempts=0,
        )
    )
    return envelope


class OutboxRelay:
    """Publishes pending outbox rows, a batch per partition at a time, each after the ack of the
    one before it (`_send_in_key_order`)."""

    def __init__(
        self,
        database: Database,
        link: KafkaLink,
        service: str,
        *,
        batch_size: int = 500,
        poll_interval: float = 0.2,
        retention: timedelta = timedelta(days=7),
    ) -> None:
        self.database = database
        self.link = link
        self.service = service
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.retention = retention
        self.last_error: str | None = None
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Asks the relay to look now (called after a commit that added events)."""
        self._wake.set()

    async def run(self) -> None:
        """Loops until cancelled, backing off while the broker is unreachable; on PostgreSQL a
        commit of any replica wakes it (`notify.listen`), elsewhere the commits of this one."""
        listener = None
        if self.database.dialect == "postgresql":
            listener = asyncio.create_task(notify.listen(self.database, OUTBOX_CHANNEL, self.wake))
        try:
            await self._loop()
        finally:
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listener

    async def _loop(self) -> None:
        failures = 0
        purge_due = 0.0
        loop = asyncio.get_running_loop()
        while True:
            self._wake.clear()  # a commit from here on wakes the wait below
            try:
                published = await self.publish_pending()
                failures = 0 if self.last_error is None else failures + 1
                if loop.time() >= purge_due:
                    await self.purge_sent()
                    purge_due = loop.time() + 3600
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the relay must outlive any failure
                failures += 1
                self.last_error = repr(exc)
                log.warning("outbox relay failed", extra={"error": repr(exc)})
                published = 0
            if published and not failures:
                continue
            delay = self.poll_interval if not failures else min(10.0, 0.2 * 2**failures)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay * random.uniform(0.8, 1.2))

    async def publish_pending(self) -> int:
        """One pass: the oldest pending rows (at most a batch) of the shards this relay owns now;
        returns how many records were acknowledged."""
        self.last_error = None
        if self.database.dialect == "postgresql":
            # Several replicas: an advisory lock per shard makes one relay the owner of each shard
            # for the pass (a key lives in one shard, so its records go out in order).
            async with self.database.transaction() as session:
                owned = list(await session.scalars(_OWN_SHARDS, {"ns": 0x6772, "n": SHARDS}))
                if not owned:
                    return 0
                rows = await self._pending(session, owned)
                return await self._publish(session, rows)
        # SQLite runs one relay; reading and marking in separate transactions keeps writers free.
        async with self.database.sessions() as session:
            rows = await self._pending(session, list(range(SHARDS)))
        async with self.database.transaction() as session:
            return await self._publish(session, rows)

    async def _pending(self, session: AsyncSession, shards: list[int]) -> Sequence[_Pending]:
        rows = (await session.execute(_PENDING, {"shards": shards, "limit": self.batch_size})).all()
        pending = len(rows)
        if pending == self.batch_size:  # a backlog: count it (the gauge is its size)
            pending = int(await session.scalar(_BACKLOG, {"shards": shards}) or 0)
        OUTBOX_PENDING.labels(self.service).set(pending)
        return rows

    async def _publish(self, session: AsyncSession, rows: Sequence[_Pending]) -> int:
        if not rows:
            return 0
        sent_ids, failed = await self._send_in_key_order(rows)
        if sent_ids:
            await session.execute(_MARK_SENT, {"ids": sent_ids, "now": utcnow()})
        for row_id, error in failed.items():
            await session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == row_id)
                .values(attempts=OutboxRow.attempts + 1, last_error=error[:2000])
            )
        if failed:
            self.last_error = next(iter(failed.values()))
        return len(sent_ids)

    async def _send_in_key_order(
        self, rows: Sequence[_Pending]
    ) -> tuple[list[int], dict[int, str]]:
        """Publishes the rows one batch per partition at a time, in id order: the broker stores a
        batch whole or not at all, and a partition's next batch waits for the ack of the one
        before, so a key's records arrive in order and a failure holds back only the later
        records of its partition. Keys go to the partitions `send` would choose (murmur2)."""
        producer = await self.link.producer()
        partitions: dict[str, list[int]] = {}
        by_partition: dict[tuple[str, int], list[_Pending]] = defaultdict(list)
        for row in rows:
            if row.topic not in partitions:
                partitions[row.topic] = sorted(await producer.partitions_for(row.topic))
            choices = partitions[row.topic]
            by_partition[(row.topic, _PARTITIONER(row.key.encode(), choices, choices))].append(row)
        sent: list[int] = []
        failed: dict[int, str] = {}
        published: Counter[str] = Counter()

        async def send_partition(topic: str, partition: int, queue: list[_Pending]) -> None:
            while queue:
                batch = producer.create_batch()
                taken = 0  # a batch always takes its first record, then as many as fit
                for row in queue:
                    headers = [(k, v.encode()) for k, v in row.headers.items()]
                    value, key = row.payload.encode(), row.key.encode()
                    if batch.append(key=key, value=value, timestamp=None, headers=headers) is None:
                        break
                    taken += 1
                batch.close()
                part, queue = queue[:taken], queue[taken:]
                try:
                    with batch_span("publish", topic, taken):
                        await (await producer.send_batch(batch, topic, partition=partition))
                except Exception as exc:  # noqa: BLE001 - kept on the rows, retried later
                    failed.update((row.id, repr(exc)) for row in part)
                    return  # the partition's later records wait: order per key holds
                sent.extend(row.id for row in part)
                published[topic] += taken

        await asyncio.gather(*(send_partition(t, p, q) for (t, p), q in by_partition.items()))
        for topic, count in published.items():
            OUTBOX_PUBLISHED.labels(self.service, topic).inc(count)
        return sent, failed

    async def purge_sent(self) -> int:
        """Deletes rows sent longer ago than the retention (kept until then for re-publication)."""
        cutoff = utcnow() - self.retention
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(OutboxRow).where(OutboxRow.sent_at.is_not(None), OutboxRow.sent_at < cutoff)
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def republish(session: AsyncSession, *, since_id: int = 0, topic: str | None = None) -> int:
    """Marks kept rows unsent again so the relay re-publishes them (consumers dedupe by ce_id)."""
    stmt = update(OutboxRow).where(OutboxRow.id >= since_id).values(sent_at=None)
    if topic:
        stmt = stmt.where(OutboxRow.topic == topic)
    result = await session.execute(stmt)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def decode_payload(row: OutboxRow) -> dict[str, object]:
    """The JSON data of an outbox row (for tests and re-publication tools)."""
    return dict(json.loads(row.payload))
