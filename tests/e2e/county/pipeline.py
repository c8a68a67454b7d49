"""Watching the event pipeline: the services' Prometheus counters (public), the recorder, and,
for fault checks only, the consumers' inbox tables; redelivering recorded events."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from aiokafka import AIOKafkaProducer
from prometheus_client.parser import text_string_to_metric_families

from county.context import County
from grassroots.common.events import (
    ADMISSION_TOPIC,
    ENFORCEMENT_TOPIC,
    EVALUATION_TOPIC,
    GRID_TOPIC,
)
from grassroots.common.events.envelope import Envelope
from grassroots.common.services import SERVICE_NAMES

# What each service consumes (DESIGN §2, the services' READMEs).
CONSUMES = {
    "task-admission": (EVALUATION_TOPIC,),
    "grid": (ADMISSION_TOPIC, ENFORCEMENT_TOPIC),
    "enforcement": (ADMISSION_TOPIC, GRID_TOPIC),
    "evaluation": (ADMISSION_TOPIC, GRID_TOPIC, ENFORCEMENT_TOPIC, EVALUATION_TOPIC),
}


def _samples(county: County, service: str, name: str) -> list[tuple[dict[str, str], float]]:
    text = httpx.get(f"{county.suite.urls[service]}/metrics", timeout=10).text
    return [
        (sample.labels, sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    ]


def processed(county: County, service: str) -> Counter[tuple[str, str]]:
    """Messages the service's consumer handled since it started, by (topic, result)."""
    out: Counter[tuple[str, str]] = Counter()
    for labels, value in _samples(county, service, "grassroots_messages_processed_total"):
        out[(labels["topic"], labels["result"])] += int(value)
    return out


@contextmanager
def killed_while_consuming(county: County, service: str) -> Iterator[None]:
    """The writes inside the block are a burst; `service` is killed (SIGKILL) the moment its
    consumer has applied part of it, so it dies in the middle of consuming the burst."""
    start = sum(n for (_, result), n in processed(county, service).items() if result == "applied")
    killed = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            counts = processed(county, service)
            if sum(n for (_, r), n in counts.items() if r == "applied") > start:
                county.suite.kill_service(service)
                killed.set()
                return
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    yield
    watcher.join(60)
    assert killed.is_set(), f"{service} never started consuming the burst"


def outbox_pending(county: County) -> float:
    """Outbox rows not yet published, over the four services."""
    return sum(
        value
        for name in SERVICE_NAMES
        for _, value in _samples(county, name, "grassroots_outbox_pending")
    )


def wait_applied(county: County, service: str, topic: str, at_least: int) -> None:
    """Waits until `service` has applied `at_least` events of `topic`."""
    county.eventually(
        lambda: processed(county, service)[(topic, "applied")] >= at_least,
        f"{service} applied {at_least} events of {topic}",
    )


def inbox(county: County, service: str) -> int:
    """Events the service's consumer group applied (its inbox; a fault check)."""
    rows = county.suite.query(service, "SELECT count(*) FROM inbox")
    return int(rows[0][0])  # type: ignore[call-overload]


def recorded_ids(county: County) -> set[str]:
    return {e.id for e in county.recorder.events}


def wait_evaluation_caught_up(county: County, expected: Counter[str], within: float = 120) -> None:
    """Every outbox drained, the recorder holding at least `expected` of each type, and
    evaluation having applied exactly the events the recorder saw."""

    def caught_up() -> bool:
        if any(len(county.recorder.of_type(t)) < n for t, n in expected.items()):
            return False
        if outbox_pending(county):
            return False
        return inbox(county, "evaluation") == len(recorded_ids(county))

    county.eventually(caught_up, "evaluation applied every recorded event", within)


def redeliver(bootstrap: str, envelopes: list[Envelope]) -> None:
    """Sends each recorded event once more, as its producer did (same key, value, headers)."""

    async def send() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        try:
            for env in envelopes:
                await producer.send_and_wait(
                    env.topic, value=env.value(), key=env.subject.encode(), headers=env.headers()
                )
        finally:
            await producer.stop()

    asyncio.run(send())


def per_topic(counts: Counter[tuple[str, str]]) -> Counter[str]:
    """Messages handled per topic, whatever the result."""
    out: Counter[str] = Counter()
    for (topic, _), n in counts.items():
        out[topic] += n
    return out


def wait_all_consumed(county: County, within: float = 120) -> None:
    """Quiet: outboxes drained, the services that never restarted have handled every recorded
    record of their topics, and evaluation (restarted) has applied every recorded event."""

    def quiet() -> bool:
        if outbox_pending(county):
            return False
        on_topic = Counter(e.topic for e in county.recorder.events)
        for service in ("task-admission", "grid", "enforcement"):
            handled = per_topic(processed(county, service))
            if any(handled[t] < on_topic[t] for t in CONSUMES[service]):
                return False
        return inbox(county, "evaluation") == len(recorded_ids(county))

    county.eventually(quiet, "every consumer caught up", within)
