"""Replay reads every record of every partition, also when the last ones came in one batch.

Some brokers (Tansu, the test broker) answer ListOffsets with one past the *first* offset of the
last record batch; a replay bounded by that number alone silently left the batch's tail unread.
"""

import asyncio
from datetime import UTC, date, datetime

from aiokafka import AIOKafkaProducer
from evaluationtest_support import COUNTY, DEPT_A, TWP_A, envelope, store_catalog, token

from grassroots.common.events import ADMISSION_TOPIC
from grassroots.common.events.admission import DemandCompleted
from grassroots.evaluation.main import spec
from grassroots.evaluation.settings import EvaluationSettings
from grassroots.testkit.apps import running_app, settings_for


def _completed(n: int):
    payload = DemandCompleted(
        demand_id=f"d-{n}",
        county=COUNTY,
        submitter=DEPT_A,
        kind="task",
        org=TWP_A,
        deadline=date(2026, 6, 30),
        completed_at=datetime(2026, 6, 10, 2, tzinfo=UTC),
        on_time=True,
    )
    return envelope(payload)


async def _produce_one_then_a_batch(bootstrap: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=200)
    await producer.start()
    try:
        first = _completed(0)
        await producer.send_and_wait(
            ADMISSION_TOPIC, first.value(), key=b"same", headers=first.headers()
        )
        batch = [_completed(n) for n in range(1, 5)]
        sent = [
            await producer.send(ADMISSION_TOPIC, e.value(), key=b"same", headers=e.headers())
            for e in batch
        ]
        await asyncio.gather(*sent)  # one record batch (linger), one partition (one key)
    finally:
        await producer.stop()


async def _completed_count(client, app) -> float:
    page = await client.get(
        "/v1/metrics", params={"org": TWP_A, "year": 2026}, headers=token(app, "evaluator")
    )
    metric = next(
        (m for m in page.json()["metrics"] if m["metric"] == "twp.demands_completed_on_time"),
        None,
    )
    return metric["denominator"] if metric else 0


async def test_replay_reads_the_whole_last_batch(sqlite_url, kafka_broker):
    settings = settings_for(EvaluationSettings, sqlite_url, kafka_broker.bootstrap)
    async with running_app(spec(settings)) as (app, client):
        await store_catalog(app)
        await _produce_one_then_a_batch(kafka_broker.bootstrap)
        for _ in range(150):  # the live consumer applies all five
            if await _completed_count(client, app) == 5:
                break
            await asyncio.sleep(0.2)
        assert await _completed_count(client, app) == 5
        replayed = await client.post("/v1/replay", headers=token(app, "evaluator"))
        assert replayed.status_code == 200, replayed.text
        assert await _completed_count(client, app) == 5
