"""Replay codes that fire (503, nothing changed): the broker cannot be reached, or it stops
delivering before the end offsets seen when the replay began."""

import asyncio
import socket

from aiokafka import AIOKafkaProducer
from evaluationtest_support import completed, deliver, store_catalog, token
from sqlalchemy import func, select

from grassroots.common.db.plumbing import InboxRow
from grassroots.common.problems import PROBLEM_JSON
from grassroots.evaluation.main import spec
from grassroots.evaluation.metrics import repository as metrics_repo
from grassroots.evaluation.replay import service as replay_service
from grassroots.evaluation.replay.models import ReplayRunRow
from grassroots.evaluation.settings import EvaluationSettings
from grassroots.testkit.apps import running_app, settings_for


async def state(app):
    """What a replay that fails must leave exactly as it was: the projections, no run recorded."""
    async with app.state.database.sessions() as session:
        metrics = await metrics_repo.snapshot(session)
        runs = await session.scalar(select(func.count()).select_from(ReplayRunRow))
    return metrics, runs


async def applied(app) -> int:
    async with app.state.database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(InboxRow)))


def unused_port() -> int:
    """A local port nothing listens on (bound, read, released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_broker_that_cannot_be_reached_is_503(database_url):
    nowhere = f"127.0.0.1:{unused_port()}"
    settings = settings_for(EvaluationSettings, database_url, nowhere)
    assert settings.messaging_enabled
    async with running_app(spec(settings)) as (app, client):
        await store_catalog(app)
        for n in range(3):
            assert await deliver(app, completed(n))
        before = await state(app)
        assert before[0] and before[1] == 0

        down = await client.post(
            "/v1/replay", params={"source": "broker"}, headers=token(app, "evaluator")
        )
        assert down.status_code == 503, down.text
        assert down.headers["content-type"] == PROBLEM_JSON
        assert down.json()["code"] == "E-REPLAY-BROKER-DOWN"
        assert await state(app) == before

        # the default (auto) rebuilds from evaluation's own archive and says why
        auto = await client.post("/v1/replay", headers=token(app, "evaluator"))
        assert auto.status_code == 200, auto.text
        assert auto.json()["source"] == "archive"
        assert auto.json()["fallback"].startswith("E-REPLAY-BROKER-DOWN: ")
        metrics, runs = await state(app)
        assert metrics == before[0] and runs == 1


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


async def test_a_broker_that_stops_delivering_is_503(database_url, kafka_broker, monkeypatch):
    envs = [completed(n) for n in range(4)]
    settings = settings_for(EvaluationSettings, database_url, kafka_broker.bootstrap)
    async with running_app(spec(settings)) as (app, client):
        await store_catalog(app)
        await produce(kafka_broker.bootstrap, envs)
        for _ in range(300):  # the live consumer applies them all
            if await applied(app) == len(envs):
                break
            await asyncio.sleep(0.1)
        assert await applied(app) == len(envs)
        before = await state(app)
        assert before[0]

        async def whole_history_then_silence(consumer, partitions):
            # every topic starts at 0, but from now on the broker delivers nothing more
            consumer.pause(*partitions)
            return {tp: 0 for tp in partitions}

        app.state.replay_low_watermarks = whole_history_then_silence
        monkeypatch.setattr(replay_service, "IDLE_LIMIT", 1.0)  # not 15 s of silence
        short = await client.post(
            "/v1/replay", params={"source": "broker"}, headers=token(app, "evaluator")
        )
        assert short.status_code == 503, short.text
        assert short.headers["content-type"] == PROBLEM_JSON
        assert short.json()["code"] == "E-REPLAY-INCOMPLETE"
        assert "replay stopped short of the end of" in short.json()["detail"]
        assert await state(app) == before  # the clear was rolled back, no run recorded

        del app.state.replay_low_watermarks  # the broker delivers again: the replay completes
        whole = await client.post(
            "/v1/replay", params={"source": "broker"}, headers=token(app, "evaluator")
        )
        assert whole.status_code == 200, whole.text
        assert whole.json()["results_identical"]
        metrics, runs = await state(app)
        assert metrics == before[0] and runs == 1
