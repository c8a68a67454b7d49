"""Replay (重放): rebuild every projection from the four topics, from offset 0.

A fresh consumer with no group (assign + seek_to_beginning) reads each topic up to the end
offsets seen once the projections are locked and cleared; every event id is applied once
(the replay deduplicates by ce_id like the inbox does live); unknown types are skipped and
counted. Everything happens in one transaction, so readers see the old projection or the new
one, never half of it; a live handler waiting on the lock re-applies nothing, because each
fact counts once per (metric, org, key).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.base import utcnow
from grassroots.common.db.session import Database
from grassroots.common.events.base import EventPayload
from grassroots.common.events.envelope import Envelope, EnvelopeError
from grassroots.common.messaging.consumer import Handler
from grassroots.common.messaging.kafka import client_options, ensure_topics
from grassroots.common.settings import ServiceSettings
from grassroots.evaluation.metrics import repository as metrics_repo
from grassroots.evaluation.metrics.consumers import on_event
from grassroots.evaluation.replay.models import ReplayRunRow
from grassroots.evaluation.replay.projector import BulkProjector

IDLE_LIMIT = 15.0  # seconds without a record while partitions are still short of their end


class ReplayIncomplete(Exception):
    """The broker stopped delivering before the end offsets were reached (nothing is changed)."""

    def __init__(self, partitions: list[str]) -> None:
        super().__init__(f"replay stopped short of the end of {', '.join(partitions)}")
        self.partitions = partitions


@dataclass
class ReplayReport:
    events_read: int = 0
    applied: int = 0
    duplicates: int = 0
    skipped_unknown: int = 0
    unreadable: int = 0
    skipped_types: Counter[str] = field(default_factory=Counter)


async def apply_record(
    session: AsyncSession,
    handlers: Mapping[str, Handler],
    record: Any,
    seen: set[str],
    report: ReplayReport,
    projector: BulkProjector,
) -> None:
    """Applies one record once by ce_id (counted in the report)."""
    report.events_read += 1
    try:
        envelope = Envelope.from_record(record.topic, record.value, record.headers)
    except EnvelopeError:
        report.unreadable += 1
        return
    handler = handlers.get(envelope.type)
    if handler is None:
        report.skipped_unknown += 1
        report.skipped_types[envelope.type] += 1
        return
    if envelope.id in seen:
        report.duplicates += 1
        return
    try:
        payload = envelope.payload()
    except (KeyError, ValidationError):
        report.unreadable += 1  # the live consumer dead-lettered it: it never counted
        return
    seen.add(envelope.id)
    if handler is on_event:
        await projector.add(session, payload, envelope)
    else:
        await handler(session, payload, envelope)
    report.applied += 1


async def _lock_and_clear(session: AsyncSession) -> None:
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("LOCK TABLE metric_events, metric_values IN EXCLUSIVE MODE"))
    await metrics_repo.clear(session)


async def rebuild(
    *,
    database: Database,
    settings: ServiceSettings,
    handlers: Mapping[type[EventPayload], Handler],
    topics: list[str],
    started_by: str,
) -> ReplayReport:
    """Rebuilds the projections from offset 0 of `topics`; returns what it read and did."""
    by_type = {cls.ce_type(): h for cls, h in handlers.items()}
    await ensure_topics(settings, topics)
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None, enable_auto_commit=False)
    await consumer.start()
    report = ReplayReport()
    try:
        await consumer.topics()  # loads the metadata of every topic
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(consumer.partitions_for_topic(topic) or {0})
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        async with database.transaction() as session:
            await _lock_and_clear(session)
            ends = await consumer.end_offsets(partitions)
            pending = {tp for tp in partitions if ends.get(tp, 0) > 0}
            seen: set[str] = set()
            fetched: set[TopicPartition] = set()
            projector = BulkProjector()
            idle_since = asyncio.get_running_loop().time()
            while pending:
                batch = await consumer.getmany(*pending, timeout_ms=500, max_records=5000)
                now = asyncio.get_running_loop().time()
                if batch:
                    idle_since = now
                elif now - idle_since > IDLE_LIMIT:
                    # Rolls the transaction back: the old projections stay as they were.
                    raise ReplayIncomplete(sorted(f"{tp.topic}/{tp.partition}" for tp in pending))
                for tp, records in batch.items():
                    if tp not in fetched:  # ListOffsets may name one past the first offset of
                        # the last record batch (Tansu): the first fetch's high watermark is the
                        # true end then. Later fetches are not followed: the replay is bounded.
                        fetched.add(tp)
                        ends[tp] = max(ends[tp], consumer.highwater(tp) or 0)
                    for record in records:
                        if record.offset < ends[tp]:
                            await apply_record(session, by_type, record, seen, report, projector)
                for tp in list(pending):
                    if await consumer.position(tp) >= ends[tp]:
                        pending.discard(tp)
            await projector.finish(session)
            session.add(
                ReplayRunRow(
                    started_by=started_by,
                    finished_at=utcnow(),
                    events_read=report.events_read,
                    applied=report.applied,
                    duplicates=report.duplicates,
                    skipped_unknown=report.skipped_unknown,
                    skipped_types=dict(report.skipped_types),
                )
            )
    finally:
        await consumer.stop()
    return report
