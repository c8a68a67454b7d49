"""Event pipeline (outbox → broker → inbox projection) against raw aiokafka on the same broker.

DESIGN §10: the pipeline should reach ≥ 50 % of raw produce→consume throughput. Both run in this
process against one Tansu broker; the pipeline's figure includes the database on both ends.
`raw_latency` is the per-message counterpart the load benchmark compares its event latency with.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import func, select

from grassroots.common.app.runtime import Runtime, ServiceSpec
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.plumbing import InboxRow
from grassroots.common.events import ADMISSION_TOPIC, Envelope
from grassroots.common.events.admission import DemandReceived
from grassroots.common.messaging.kafka import ensure_topics
from grassroots.common.messaging.outbox import add_event
from grassroots.common.settings import ServiceSettings
from grassroots.dev.broker import Broker
from grassroots.testkit.apps import settings_for
from tests.bench.report import write

N = 10_000
MIGRATIONS = (
    Path(__file__).resolve().parents[2]
    / "services/task-admission/src/grassroots/task_admission/migrations"
)


def _event(i: int) -> DemandReceived:
    return DemandReceived(
        demand_id=f"d-{i % 200}",
        county="990101000000",
        submitter="11990101MB0000001X",
        kind="task",
        org="990101101201",
    )


async def _assigned(consumer: AIOKafkaConsumer) -> None:
    while not consumer.assignment():
        await asyncio.sleep(0.05)


async def raw_baseline(bootstrap: str, topic: str) -> tuple[float, float]:
    """Messages/s produced (batched sends, all acked) and consumed by a joined group member, and
    the process's CPU seconds per message meanwhile."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id="raw-bench",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    await _assigned(consumer)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=2)
    await producer.start()
    envelopes = [Envelope.wrap(_event(i), "bench") for i in range(N)]
    started, cpu = time.perf_counter(), time.process_time()
    acks = [
        await producer.send(topic, env.value(), key=env.subject.encode(), headers=env.headers())
        for env in envelopes
    ]
    seen = 0
    while seen < N:
        for records in (await consumer.getmany(timeout_ms=500, max_records=5000)).values():
            seen += len(records)
    await asyncio.gather(*acks)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    await producer.stop()
    await consumer.stop()
    return N / elapsed, cpu / N


async def raw_latency(
    bootstrap: str, topic: str, start: float, until: float, interval: float = 1.0
) -> list[float]:
    """Seconds from send to receipt of single messages, one every `interval` s from `start` to
    `until` (epoch seconds): an acks=all producer and a joined group consumer polling with
    getmany, as the suite's relay and consumers do. `topic` must exist."""
    run = uuid.uuid4().hex[:8]  # a group and keys of this call's own
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"raw-latency-{run}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    waiting: dict[bytes, asyncio.Future[float]] = {}

    async def receive() -> None:
        while True:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    arrived = waiting.pop(record.key, None)
                    if arrived is not None:
                        arrived.set_result(time.perf_counter())

    reader = asyncio.create_task(receive())
    latencies: list[float] = []
    try:
        await _assigned(consumer)
        await asyncio.sleep(max(0.0, start - time.time()))
        i = 0
        while time.time() < until:
            key = f"{run}-{i}".encode()
            received = waiting[key] = asyncio.get_running_loop().create_future()
            envelope = Envelope.wrap(_event(i), "bench")
            sent = time.perf_counter()
            await producer.send_and_wait(
                topic, envelope.value(), key=key, headers=envelope.headers()
            )
            latencies.append(await asyncio.wait_for(received, 30) - sent)
            i += 1
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - sent)))
    finally:
        reader.cancel()
        await producer.stop()
        await consumer.stop()
    return latencies


async def pipeline(bootstrap: str, directory: Path) -> tuple[float, float]:
    """Messages/s from pending outbox rows through relay, broker and consumer to inbox rows, and
    the process's CPU seconds per message meanwhile (the broker runs in a process of its own)."""
    url = f"sqlite+aiosqlite:///{directory / 'pipeline.db'}"
    settings = settings_for(
        ServiceSettings,
        url,
        bootstrap,
        service_name="bench",
        outbox_poll_ms=20,
        consumer_max_records=2000,
    )
    await upgrade_async(MIGRATIONS, url)

    async def project(session, event, envelope) -> None:
        return None  # the inbox row is the projection's write

    spec = ServiceSpec(
        name="bench",
        title="bench",
        description="",
        settings=settings,
        migrations=MIGRATIONS,
        handlers={DemandReceived: project},
        consumes=[ADMISSION_TOPIC],
    )
    runtime = Runtime(spec)
    for chunk in range(0, N, 10):  # written like API requests: a few events per transaction
        async with runtime.database.transaction() as session:
            for i in range(chunk, chunk + 10):
                add_event(session, _event(i))
    assert runtime.consumer is not None
    consumer_task = asyncio.create_task(runtime.consumer.run())
    while runtime.consumer.consumer is None or not runtime.consumer.consumer.assignment():
        await asyncio.sleep(0.05)
    started = time.perf_counter()  # from pending outbox rows to applied inbox rows
    cpu = time.process_time()
    relay_task = asyncio.create_task(runtime.relay.run())
    while True:
        async with runtime.database.sessions() as session:
            done = await session.scalar(select(func.count()).select_from(InboxRow))
        if (done or 0) >= N:
            break
        await asyncio.sleep(0.05)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    runtime.tasks = {"relay": relay_task, "consumer": consumer_task}
    await runtime.stop()
    return N / elapsed, cpu / N


async def main() -> None:
    broker = Broker().start()
    try:
        settings = settings_for(ServiceSettings, "sqlite://", broker.bootstrap)
        await ensure_topics(settings, [ADMISSION_TOPIC, "bench.raw"])
        raw, raw_cpu = await raw_baseline(broker.bootstrap, "bench.raw")
        with tempfile.TemporaryDirectory() as tmp:
            piped, piped_cpu = await pipeline(broker.bootstrap, Path(tmp))
    finally:
        broker.stop()
    ratio = piped / raw
    write(
        "pipeline",
        [
            {"metric": "raw aiokafka produce→consume", "value": raw, "unit": "msg/s"},
            {
                "metric": "outbox → broker → inbox (SQLite)",
                "value": piped,
                "unit": "msg/s",
                "baseline": f"{raw:.0f} msg/s",
                "ratio": f"{ratio:.2f}",
                "target": "≥ 0.50",
            },
            {"metric": "raw aiokafka CPU per message", "value": raw_cpu * 1e6, "unit": "µs"},
            {
                "metric": "outbox → broker → inbox CPU per message",
                "value": piped_cpu * 1e6,
                "unit": "µs",
                "baseline": f"{raw_cpu * 1e6:.1f} µs",
                "ratio": f"{piped_cpu / raw_cpu:.1f} ×",
            },
        ],
    )


if __name__ == "__main__":
    asyncio.run(main())
