"""Replay (重放): rebuild the projections from the start of their history, or refuse.

Sources. `broker`: a fresh consumer with no group (assign + seek_to_beginning) reads each topic
up to the end offsets seen once the projections are locked and cleared. `archive`: evaluation's
own record of every consumed fact (`consumed_events`, written with each fact's effect). `auto`
(the default): the broker when it still holds the whole history, else the archive.

Never losing history: a replay refuses (409, nothing changed) when

- a topic no longer starts at offset 0 (its low watermark is above 0: retention or a deletion
  removed its first records) — `E-REPLAY-HISTORY-LOST`;
- an event the projections applied (the inbox of evaluation's consumer group, for the types it
  has a handler for) is missing from what the replay read — `E-REPLAY-EVENTS-MISSING` (a broker
  that lost its memory and started again at 0, a hole in the archive).

The inbox is read before the end offsets, so every event it names precedes them. Everything
happens in one transaction: readers see the old projection or the new one, never half of it,
and a refusal rolls back to exactly what was there; a live handler waiting on the lock
re-applies nothing, because each fact counts once per (metric, org, key).

Scope: a county's replay clears and rebuilds only the metrics of that county's orgs (its
catalogs' units and every region code inside it); the full one rebuilds everything and also
re-runs the idempotent stores (catalog versions, the witness).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.catalog.regions import county_of as county_of_region
from grassroots.common.codes import Code
from grassroots.common.db.base import utcnow
from grassroots.common.db.session import Database
from grassroots.common.events.base import EventPayload
from grassroots.common.events.envelope import Envelope, EnvelopeError
from grassroots.common.messaging import deferred
from grassroots.common.messaging.consumer import Handler
from grassroots.common.messaging.kafka import client_options, ensure_topics
from grassroots.common.settings import ServiceSettings
from grassroots.evaluation.codes import (
    REPLAY_BROKER_DOWN,
    REPLAY_EVENTS_MISSING,
    REPLAY_HISTORY_LOST,
)
from grassroots.evaluation.metrics import repository as metrics_repo
from grassroots.evaluation.metrics.consumers import on_event
from grassroots.evaluation.replay import archive, repository
from grassroots.evaluation.replay.models import ReplayRunRow
from grassroots.evaluation.replay.projector import BulkProjector

IDLE_LIMIT = 15.0  # seconds without a record while partitions are still short of their end
Source = Literal["auto", "broker", "archive"]


class ReplayIncomplete(Exception):
    """The broker stopped delivering before the end offsets were reached (nothing is changed)."""

    def __init__(self, partitions: list[str]) -> None:
        super().__init__(f"replay stopped short of the end of {', '.join(partitions)}")
        self.partitions = partitions


class ReplayRefused(Exception):
    """The source cannot serve the whole history the projections were built from (nothing is
    changed); `code` is REPLAY_HISTORY_LOST or REPLAY_EVENTS_MISSING."""

    def __init__(self, code: Code, source: str, detail: str, **extra: Any) -> None:
        super().__init__(f"{source}: {detail}")
        self.code = code
        self.source = source
        self.detail = detail
        self.extra = extra


@dataclass
class ReplayReport:
    events_read: int = 0
    applied: int = 0
    duplicates: int = 0
    skipped_unknown: int = 0
    unreadable: int = 0
    skipped_types: Counter[str] = field(default_factory=Counter)
    source: str = "broker"
    county: str | None = None
    fallback: str | None = None  # why `auto` did not read the broker (its refusal or error)


@dataclass(frozen=True)
class Scope:
    """Which orgs' projections a replay rebuilds: one county's (`county`), or all (None)."""

    county: str | None = None
    departments: frozenset[str] = frozenset()

    def __contains__(self, org: object) -> bool:
        if self.county is None:
            return True
        return org in self.departments or (
            isinstance(org, str) and county_of_region(org) == self.county
        )


async def scope_of(session: AsyncSession, county: str | None) -> Scope:
    """The scope of a county's replay: the units of every catalog version it published."""
    if county is None:
        return Scope()
    units = await repository.published_units(session, county)
    return Scope(county=county, departments=frozenset(units))


def _plain(handler: Handler) -> Handler:
    return archive.plain(handler)


async def apply_envelope(
    session: AsyncSession,
    handlers: Mapping[str, Handler],
    envelope: Envelope,
    seen: set[str],
    report: ReplayReport,
    projector: BulkProjector,
    scope: Scope | None = None,
) -> None:
    """Applies one event once by ce_id (counted in the report); in a county's scope only its
    orgs' metric contributions."""
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
    inner = _plain(handler)
    if inner is on_event:
        await projector.add(session, payload, envelope, orgs=scope)
    elif scope is None or scope.county is None:
        await inner(session, payload, envelope)
    report.applied += 1


async def apply_record(
    session: AsyncSession,
    handlers: Mapping[str, Handler],
    record: Any,
    seen: set[str],
    report: ReplayReport,
    projector: BulkProjector,
    scope: Scope | None = None,
) -> None:
    """Reads one broker record and applies it (see `apply_envelope`)."""
    report.events_read += 1
    try:
        envelope = Envelope.from_record(record.topic, record.value, record.headers)
    except EnvelopeError:
        report.unreadable += 1
        return
    await apply_envelope(session, handlers, envelope, seen, report, projector, scope)


def relevant_types(handlers: Mapping[type[EventPayload], Handler]) -> set[str]:
    """The event types this service really handles: those whose handler archives them (the
    registered types it ignores are neither archived nor required)."""
    return {cls.ce_type() for cls, h in handlers.items() if archive.is_archived(h)}


def missing_from(applied: Mapping[str, set[str]], read: set[str]) -> dict[str, int]:
    """topic → how many applied events the replay did not read."""
    gaps = {topic: len(ids - read) for topic, ids in applied.items()}
    return {topic: n for topic, n in sorted(gaps.items()) if n}


async def _lock_and_clear(session: AsyncSession, scope: Scope) -> None:
    await metrics_repo.lock_for_rebuild(session)
    if scope.county is None:
        await metrics_repo.clear(session, None)
        return
    orgs = sorted(o for o in await metrics_repo.projected_orgs(session) if o in scope)
    await metrics_repo.clear(session, orgs)


LowWatermarks = Callable[[AIOKafkaConsumer, list[TopicPartition]], Awaitable[dict[Any, int]]]


async def low_watermarks(
    consumer: AIOKafkaConsumer, partitions: list[TopicPartition]
) -> dict[Any, int]:
    """The first offset each partition still holds (ListOffsets, earliest)."""
    return dict(await consumer.beginning_offsets(partitions))


@dataclass
class _Run:
    """What one replay needs, whatever it reads from."""

    database: Database
    settings: ServiceSettings
    by_type: dict[str, Handler]
    types: set[str]
    topics: list[str]
    started_by: str
    scope: Scope

    async def finish(self, session: AsyncSession, report: ReplayReport, projector: Any) -> None:
        await projector.finish(session)
        await deferred.flush(session)  # what a plain handler left for the end, as live
        session.add(
            ReplayRunRow(
                started_by=self.started_by,
                finished_at=utcnow(),
                events_read=report.events_read,
                applied=report.applied,
                duplicates=report.duplicates,
                skipped_unknown=report.skipped_unknown,
                skipped_types=dict(report.skipped_types),
                source=report.source,
                county=report.county,
            )
        )


async def _from_broker(run: _Run, lows_of: LowWatermarks) -> ReplayReport:
    await ensure_topics(run.settings, run.topics)
    consumer = AIOKafkaConsumer(
        **client_options(run.settings),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    report = ReplayReport(source="broker", county=run.scope.county)
    try:
        await consumer.topics()  # loads the metadata of every topic
        partitions = [
            TopicPartition(topic, p)
            for topic in run.topics
            for p in sorted(consumer.partitions_for_topic(topic) or {0})
        ]
        consumer.assign(partitions)
        # at once, with no await in between: the fetcher must not resolve a position first
        await consumer.seek_to_beginning(*partitions)
        lows = await lows_of(consumer, partitions)
        lost = sorted(f"{tp.topic}/{tp.partition}@{lows[tp]}" for tp in partitions if lows.get(tp))
        if lost:
            raise ReplayRefused(
                REPLAY_HISTORY_LOST,
                "broker",
                f"主题不再从偏移量 0 开始(保留期或删除已丢弃最早的事件): {', '.join(lost)}",
                partitions=lost,
            )
        async with run.database.transaction() as session:
            scope = await scope_of(session, run.scope.county)
            await _lock_and_clear(session, scope)
            applied = await repository.applied_ids(
                session, run.settings.group, run.topics, run.types
            )
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
                            await apply_record(
                                session, run.by_type, record, seen, report, projector, scope
                            )
                for tp in list(pending):
                    if await consumer.position(tp) >= ends[tp]:
                        pending.discard(tp)
            gaps = missing_from(applied, seen)
            if gaps:  # raising rolls back the clear: nothing changes
                raise ReplayRefused(
                    REPLAY_EVENTS_MISSING,
                    "broker",
                    "消息服务缺少已计入考核数据的事件: "
                    + ", ".join(f"{t} 缺 {n} 条" for t, n in gaps.items()),
                    missing=gaps,
                )
            await run.finish(session, report, projector)
    finally:
        await consumer.stop()
    return report


async def _from_archive(run: _Run) -> ReplayReport:
    report = ReplayReport(source="archive", county=run.scope.county)
    async with run.database.transaction() as session:
        scope = await scope_of(session, run.scope.county)
        await _lock_and_clear(session, scope)
        applied = await repository.applied_ids(session, run.settings.group, run.topics, run.types)
        seen: set[str] = set()
        projector = BulkProjector()
        async for envelope in repository.envelopes(session, run.topics):
            report.events_read += 1
            await apply_envelope(session, run.by_type, envelope, seen, report, projector, scope)
        gaps = missing_from(applied, seen)
        if gaps:
            raise ReplayRefused(
                REPLAY_EVENTS_MISSING,
                "archive",
                "本服务的事件存档缺少已计入考核数据的事件: "
                + ", ".join(f"{t} 缺 {n} 条" for t, n in gaps.items()),
                missing=gaps,
            )
        await run.finish(session, report, projector)
    return report


async def rebuild(
    *,
    database: Database,
    settings: ServiceSettings,
    handlers: Mapping[type[EventPayload], Handler],
    topics: list[str],
    started_by: str,
    source: Source = "auto",
    county: str | None = None,
    lows_of: LowWatermarks = low_watermarks,
) -> ReplayReport:
    """Rebuilds the projections (of one county, or all) from the start of `topics`' history;
    returns what it read and did, or raises ReplayRefused / ReplayIncomplete (nothing changed).

    `auto` reads the broker when messaging is enabled and it holds the whole history, else the
    archive; broker errors (OSError, KafkaError) propagate for `broker`, fall back for `auto`.
    """
    run = _Run(
        database=database,
        settings=settings,
        by_type={cls.ce_type(): h for cls, h in handlers.items()},
        types=relevant_types(handlers),
        topics=topics,
        started_by=started_by,
        scope=Scope(county=county),
    )
    if source == "archive" or (source == "auto" and not settings.messaging_enabled):
        return await _from_archive(run)
    if source == "broker":
        return await _from_broker(run, lows_of)
    try:
        return await _from_broker(run, lows_of)
    except (ReplayRefused, OSError, KafkaError) as broker_failed:
        try:
            report = await _from_archive(run)
        except ReplayRefused as refused:
            why = (
                broker_failed.detail
                if isinstance(broker_failed, ReplayRefused)
                else repr(broker_failed)
            )
            raise ReplayRefused(
                refused.code,
                "archive",
                f"{refused.detail}; 消息服务亦不可用: {why}",
                **refused.extra,
                broker=getattr(broker_failed, "code", REPLAY_BROKER_DOWN),
            ) from broker_failed
        code = getattr(broker_failed, "code", REPLAY_BROKER_DOWN)
        detail = (
            broker_failed.detail
            if isinstance(broker_failed, ReplayRefused)
            else repr(broker_failed)
        )
        report.fallback = f"{code}: {detail}"
        return report
