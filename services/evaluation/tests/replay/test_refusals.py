"""Replay never loses history (issue 15): it refuses with 409 and a stable code, changing
nothing, when the broker no longer holds what the projections were built from — and rebuilds
from evaluation's own archive when the broker cannot.

Tansu (the test broker) does not implement DeleteRecords (the admin client's `delete_records`
closes the connection), so a topic truncated at its start is tested through a fake of the
low-watermark reader (`app.state.replay_low_watermarks`).
"""

import asyncio
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from evaluationtest_support import (
    COUNTY,
    TWP_A,
    TWP_B,
    completed,
    deliver,
    store_catalog,
    token,
)
from sqlalchemy import func, insert, select

from grassroots.common.db.plumbing import InboxRow
from grassroots.common.events import ADMISSION_TOPIC
from grassroots.dev.broker import Broker
from grassroots.evaluation.main import spec
from grassroots.evaluation.metrics import repository as metrics_repo
from grassroots.evaluation.metrics.models import MetricValueRow
from grassroots.evaluation.replay.models import ReplayRunRow
from grassroots.evaluation.replay_cli import run as run_cli
from grassroots.evaluation.settings import EvaluationSettings
from grassroots.testkit.apps import running_app, settings_for

OTHER_TWP = "990102101000"  # a township of another county


async def produce(bootstrap: str, envs) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for env in envs:
            await producer.send_and_wait(
                env.topic, env.value(), key=env.subject.encode(), headers=env.headers()
            )
    finally:
        await producer.stop()


async def applied_count(app) -> int:
    async with app.state.database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(InboxRow)))


async def wait_applied(app, n: int) -> None:
    for _ in range(300):
        if await applied_count(app) >= n:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the live consumer applied {await applied_count(app)} of {n}")


async def state(app):
    """What a refused replay must leave exactly as it was."""
    async with app.state.database.sessions() as session:
        metrics = await metrics_repo.snapshot(session)
        runs = await session.scalar(select(func.count()).select_from(ReplayRunRow))
    return metrics, runs


async def replay(client, app, role="evaluator", **params):
    headers = token(app, role, county=None) if role == "service" else token(app, role)
    return await client.post("/v1/replay", params=params, headers=headers)


async def _consumed_live(database_url, bootstrap, envs):
    """An app that consumed `envs` from the broker; returns the state it built."""
    settings = settings_for(EvaluationSettings, database_url, bootstrap)
    async with running_app(spec(settings)) as (app, _):
        await store_catalog(app)
        await produce(bootstrap, envs)
        await wait_applied(app, len(envs))
        return await state(app)


async def test_a_broker_that_lost_its_memory_is_refused(database_url, kafka_broker, tmp_path):
    envs = [completed(n) for n in range(6)]
    built = await _consumed_live(database_url, kafka_broker.bootstrap, envs)
    assert built[0]  # something was projected
    fresh = Broker(log_path=tmp_path / "fresh.log").start()  # the broker came back empty
    try:
        settings = settings_for(EvaluationSettings, database_url, fresh.bootstrap)
        async with running_app(spec(settings)) as (app, client):
            refused = await replay(client, app, source="broker")
            assert refused.status_code == 409, refused.text
            assert refused.headers["content-type"].startswith("application/problem+json")
            body = refused.json()
            assert body["code"] == "E-REPLAY-EVENTS-MISSING" and body["source"] == "broker"
            assert body["missing"] == {ADMISSION_TOPIC: len(envs)}
            assert await state(app) == built  # nothing changed, no run recorded
            # the default (auto) rebuilds from evaluation's own archive instead
            rebuilt = await replay(client, app)
            assert rebuilt.status_code == 200, rebuilt.text
            assert rebuilt.json()["source"] == "archive" and rebuilt.json()["results_identical"]
            assert rebuilt.json()["applied"] >= len(envs)
            metrics, runs = await state(app)
            assert metrics == built[0] and runs == 1
    finally:
        fresh.stop()


async def test_a_topic_truncated_at_its_start_is_refused(database_url, kafka_broker):
    envs = [completed(n) for n in range(4)]
    settings = settings_for(EvaluationSettings, database_url, kafka_broker.bootstrap)
    async with running_app(spec(settings)) as (app, client):
        await store_catalog(app)
        await produce(kafka_broker.bootstrap, envs)
        await wait_applied(app, len(envs))
        before = await state(app)

        async def truncated(consumer, partitions):
            return {tp: 3 if tp.topic == ADMISSION_TOPIC else 0 for tp in partitions}

        app.state.replay_low_watermarks = truncated
        refused = await replay(client, app, source="broker")
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "E-REPLAY-HISTORY-LOST"
        assert any(p.startswith(ADMISSION_TOPIC) for p in refused.json()["partitions"])
        assert await state(app) == before
        rebuilt = await replay(client, app)  # auto: from the archive
        assert rebuilt.status_code == 200 and rebuilt.json()["source"] == "archive"
        assert (await state(app))[0] == before[0]
        del app.state.replay_low_watermarks
        from_broker = await replay(client, app)  # the whole history again: from the broker
        assert from_broker.status_code == 200 and from_broker.json()["source"] == "broker"


async def test_an_event_missing_from_the_broker_is_refused(database_url, kafka_broker):
    envs = [completed(n) for n in range(4)]
    settings = settings_for(EvaluationSettings, database_url, kafka_broker.bootstrap)
    async with running_app(spec(settings)) as (app, client):
        await store_catalog(app)
        await produce(kafka_broker.bootstrap, envs)
        await wait_applied(app, len(envs))
        assert await deliver(app, completed(99))  # applied, but the broker does not hold it
        before = await state(app)
        refused = await replay(client, app, source="broker")
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "E-REPLAY-EVENTS-MISSING"
        assert refused.json()["missing"] == {ADMISSION_TOPIC: 1}
        assert await state(app) == before


async def test_history_in_neither_broker_nor_archive_is_refused(evaluation):
    app, client = evaluation  # no broker: auto reads the archive
    for n in range(3):
        await deliver(app, completed(n))
    async with app.state.database.transaction() as session:  # applied before the archive existed
        await session.execute(
            insert(InboxRow).values(
                consumer_group=app.state.settings.group,
                ce_id="from-before-the-archive",
                ce_type="demand.completed.v1",
                topic=ADMISSION_TOPIC,
                partition=0,
                offset=0,
                handled_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
    before = await state(app)
    refused = await replay(client, app)
    assert refused.status_code == 409, refused.text
    assert (refused.json()["code"], refused.json()["source"]) == (
        "E-REPLAY-EVENTS-MISSING",
        "archive",
    )
    assert await state(app) == before
    no_broker = await replay(client, app, source="broker")
    assert no_broker.status_code == 409 and no_broker.json()["code"] == "E-REPLAY-NO-BROKER"


async def test_an_evaluator_rebuilds_only_their_county(evaluation):
    app, client = evaluation
    for n in range(3):
        await deliver(app, completed(n))
        await deliver(app, completed(n, OTHER_TWP))
    async with app.state.database.transaction() as session:  # drift to be rebuilt away
        for org in (TWP_B, "990102102000"):
            await session.execute(
                insert(MetricValueRow).values(
                    org=org,
                    year=2026,
                    month=6,
                    metric="twp.response_rate",
                    numerator=7,
                    denominator=7,
                )
            )

    async def orgs() -> set[str]:
        async with app.state.database.sessions() as session:
            return set(await session.scalars(select(MetricValueRow.org).distinct()))

    assert await orgs() == {TWP_A, TWP_B, OTHER_TWP, "990102102000"}
    other = await replay(client, app, county="990102000000")
    assert other.status_code == 403 and other.json()["code"] == "AUTH-SCOPE"
    own = await replay(client, app)
    assert own.status_code == 200, own.text
    assert own.json()["county"] == COUNTY
    assert await orgs() == {TWP_A, OTHER_TWP, "990102102000"}  # the other county untouched
    # every county at once is the CLI's, never an HTTP caller's (no `service` grant)
    assert (await replay(client, app, role="service")).status_code == 403
    everything = await run_cli(app.state.settings)
    assert everything["county"] is None
    assert await orgs() == {TWP_A, OTHER_TWP}
    async with app.state.database.sessions() as session:
        runs = (await session.scalars(select(ReplayRunRow.county).order_by(ReplayRunRow.id))).all()
    assert list(runs) == [COUNTY, None]
    auditor = await replay(client, app, role="auditor")
    assert auditor.status_code == 403
