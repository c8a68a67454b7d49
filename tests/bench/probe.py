"""End-to-end event latency during the load: from a producer's commit to its effect in evaluation.

Runs as its own process (`python -m tests.bench.probe`: a JSON config line on stdin; on stdout a
line with the epoch time the probes start, which the load generator waits for, then the samples)
so that the load generator's busy event loop does not delay its clocks. About once a second,
alternately, one probe:

- completes an admitted demand of a township no other client touches (task-admission), or
- closes a verified grid event of another such township (grid);

and takes two times from the moment the producer's HTTP response arrives (the commit happened
before it, at most the request's own duration earlier; that duration is kept too):

- `broker`: the event read from the broker by a consumer of this process (outbox relay + broker);
- `projected`: evaluation's projection row for that event committed (its `metric_events` row,
  looked up by the event's own key every 10 ms, an index read on a connection of this process to
  evaluation's database): the effect itself, and the end-to-end figure. Evaluation's API reads
  that same row, so a user sees it one `GET /v1/metrics` later (that endpoint's latency is in the
  load table).

The probes overlap when the latency exceeds the interval; each is matched by its own key.
Alongside, raw aiokafka produce→consume latency on the same broker (`pipeline.raw_latency`).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from grassroots.common.events import ADMISSION_TOPIC, GRID_TOPIC, Envelope
from grassroots.common.events.envelope import EnvelopeError
from grassroots.common.messaging.kafka import ensure_topics
from grassroots.common.settings import ServiceSettings
from grassroots.testkit.apps import settings_for
from tests.bench.pipeline import raw_latency

RAW_TOPIC = "bench.raw.latency"
DB_POLL = 0.01
GIVE_UP = 30.0


@dataclass(frozen=True)
class Kind:
    """One kind of probe: the producer call and where its effect shows in evaluation."""

    name: str
    service: str
    path: str
    body: dict[str, Any]
    ce_type: str
    id_field: str
    metric: str
    township: str

    def key(self, ident: str) -> str:
        """The projection row's key (evaluation's `metric_events.key`)."""
        return f"{ident}:{self.township}" if self.id_field == "demand_id" else ident


class BrokerWatch:
    """Reads the producers' topics from their ends; tells when a probe's event arrives."""

    def __init__(self, bootstrap: str) -> None:
        self.consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        self.waiting: dict[tuple[str, str, str], asyncio.Future[float]] = {}
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.consumer.start()
        partitions = [
            TopicPartition(topic, p)
            for topic in (ADMISSION_TOPIC, GRID_TOPIC)
            for p in self.consumer.partitions_for_topic(topic) or {0}
        ]
        self.consumer.assign(partitions)
        await self.consumer.seek_to_end(*partitions)
        for tp in partitions:
            await self.consumer.position(tp)
        self.task = asyncio.create_task(self._read())

    def expect(self, kind: Kind, ident: str) -> asyncio.Future[float]:
        future = asyncio.get_running_loop().create_future()
        self.waiting[(kind.ce_type, kind.id_field, ident)] = future
        return future

    async def _read(self) -> None:
        while True:
            for records in (await self.consumer.getmany(timeout_ms=500)).values():
                now = time.perf_counter()
                for record in records:
                    self._match(record, now)

    def _match(self, record: Any, now: float) -> None:
        try:
            envelope = Envelope.from_record(record.topic, record.value, record.headers)
        except EnvelopeError:
            return
        for (ce_type, field, ident), future in list(self.waiting.items()):
            if envelope.type == ce_type and envelope.data.get(field) == ident:
                del self.waiting[(ce_type, field, ident)]
                future.set_result(now)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
        await self.consumer.stop()


class ProjectionWatch:
    """Polls evaluation's projection rows for the keys of the probes in flight."""

    QUERY = "SELECT key FROM metric_events WHERE metric = $1 AND org = $2 AND key = ANY($3)"

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.waiting: dict[tuple[str, str, str], asyncio.Future[float]] = {}
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.db = await asyncpg.connect(self.dsn)
        self.task = asyncio.create_task(self._poll())

    def expect(self, kind: Kind, ident: str) -> asyncio.Future[float]:
        future = asyncio.get_running_loop().create_future()
        self.waiting[(kind.metric, kind.township, kind.key(ident))] = future
        return future

    async def _poll(self) -> None:
        while True:
            for metric, org in {(m, o) for m, o, _ in self.waiting}:
                keys = [k for m, o, k in self.waiting if (m, o) == (metric, org)]
                rows = await self.db.fetch(self.QUERY, metric, org, keys)
                now = time.perf_counter()
                for row in rows:
                    self.waiting.pop((metric, org, row["key"])).set_result(now)
            await asyncio.sleep(DB_POLL)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
        await self.db.close()


async def probe(
    kind: Kind,
    ident: str,
    client: httpx.AsyncClient,
    watches: tuple[BrokerWatch, ProjectionWatch],
) -> dict[str, Any]:
    """One probe: the producer call, then the two arrival times (seconds after its response)."""
    on_broker, projected = watches[0].expect(kind, ident), watches[1].expect(kind, ident)
    sent = time.perf_counter()
    response = await client.post(kind.path.format(id=ident), json=kind.body)
    committed = time.perf_counter()
    sample: dict[str, Any] = {"kind": kind.name, "id": ident, "request": committed - sent}
    if response.status_code != 200:
        sample["error"] = f"{response.status_code} {response.text[:400]}"
        return sample
    try:
        broker, effect = await asyncio.wait_for(asyncio.gather(on_broker, projected), GIVE_UP)
    except TimeoutError:
        sample["error"] = f"effect not seen within {GIVE_UP:.0f} s"
        return sample
    sample.update(broker=broker - committed, projected=effect - committed)
    return sample


def _kinds(config: dict[str, Any]) -> list[Kind]:
    return [
        Kind(
            "demand completion (task-admission)",
            "task-admission",
            "/v1/demands/{id}/completion",
            {"org": config["demand_township"], "summary": "已完成"},
            "demand.completed.v1",
            "demand_id",
            "twp.demands_completed_on_time",
            config["demand_township"],
        ),
        Kind(
            "grid event close (grid)",
            "grid",
            "/v1/grid-events/{id}/close",
            {"resolved": True, "satisfaction": "satisfied"},
            "grid.event.closed.v1",
            "grid_event_id",
            "twp.grid_closed_on_time",
            config["grid_township"],
        ),
    ]


async def run(config: dict[str, Any], start: float) -> dict[str, Any]:
    """A probe every `interval` from `start` (epoch s) for `seconds`; raw latency alongside."""
    until = start + config["seconds"]
    settings = settings_for(ServiceSettings, "sqlite://", config["bootstrap"])
    await ensure_topics(settings, [RAW_TOPIC])
    raw = asyncio.create_task(raw_latency(config["bootstrap"], RAW_TOPIC, start, until))
    clients = {
        name: httpx.AsyncClient(base_url=url, headers=config["headers"][name], timeout=60)
        for name, url in config["urls"].items()
    }
    watches = BrokerWatch(config["bootstrap"]), ProjectionWatch(config["evaluation_dsn"])
    for watch in watches:
        await watch.start()
    kinds = _kinds(config)
    material = [list(config["demands"]), list(config["events"])]
    probes: list[asyncio.Task[dict[str, Any]]] = []
    try:
        await asyncio.sleep(max(0.0, start - time.time()))
        n = 0
        while time.time() < until and material[n % 2]:
            kind = kinds[n % 2]
            ident = material[n % 2].pop()
            probes.append(asyncio.create_task(probe(kind, ident, clients[kind.service], watches)))
            n += 1
            await asyncio.sleep(config["interval"])
        samples = list(await asyncio.gather(*probes))
        raw_samples = await raw
    finally:
        for task in [raw, *probes]:
            task.cancel()
        for watch in watches:
            await watch.stop()
        for client in clients.values():
            await client.aclose()
    return {"samples": samples, "raw": raw_samples}


def main() -> None:
    """Reads the config (one JSON line); prints when the probes start, then the results."""
    config = json.loads(sys.stdin.readline())
    start = time.time() + config["lead"]
    print(json.dumps({"start": start}), flush=True)
    print(json.dumps(asyncio.run(run(config, start))), flush=True)


if __name__ == "__main__":
    main()
