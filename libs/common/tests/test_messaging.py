"""Outbox → real broker → inbox: ordering, duplicates, dead letters, unknown types, outages."""

import asyncio
import json
from datetime import date

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import func, select

from grassroots.common.db.plumbing import InboxRow, OutboxRow
from grassroots.common.events import ADMISSION_TOPIC, Envelope, dead_letter_topic
from grassroots.common.events.admission import CatalogPublished, DemandReceived
from grassroots.common.metrics import MESSAGES
from grassroots.testkit.apps import auth, eventually


def _admin(app):
    return auth(app.state.settings, "catalog_admin", org="990101000000")


def _envelope(version: str) -> Envelope:
    event = CatalogPublished(
        county="990101000000", version=version, effective_from=date(2026, 1, 1), document={}
    )
    return Envelope.wrap(event, "test")


async def _produce(bootstrap: str, records: list[tuple[bytes | None, list, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for value, headers, key in records:
            await producer.send_and_wait(ADMISSION_TOPIC, value=value, headers=headers, key=key)
    finally:
        await producer.stop()


async def _read_all(bootstrap: str, topic: str, expected: int) -> list:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    records: list = []
    try:
        deadline = asyncio.get_running_loop().time() + 30
        while len(records) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for recs in batch.values():
                records.extend(recs)
    finally:
        await consumer.stop()
    return records


async def test_outbox_to_broker_to_inbox(probe, kafka_broker, seen_count):
    app, client = probe
    for v in ("1", "2", "3"):
        assert (await client.post("/v1/notes", json={"version": v}, headers=_admin(app))).is_success
    await eventually(lambda: _is(seen_count(app.state.database), 3))
    records = await _read_all(kafka_broker.bootstrap, ADMISSION_TOPIC, 3)
    assert [json.loads(r.value)["version"] for r in records] == ["1", "2", "3"]  # one key, in order
    assert {r.key for r in records} == {b"990101000000"}
    headers = dict(records[0].headers)
    assert headers["ce_type"] == b"catalog.published.v1"
    assert headers["ce_source"] == b"/grassroots/task-admission"  # the owner of the topic
    async with app.state.database.sessions() as session:
        pending = await session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.sent_at.is_(None))
        )
    assert pending == 0


async def test_a_duplicate_delivery_is_applied_once(probe, kafka_broker, seen_count):
    app, _ = probe
    env = _envelope("dup")
    record = (env.value(), env.headers(), env.subject.encode())
    await _produce(kafka_broker.bootstrap, [record, record, record])
    await eventually(lambda: _is(seen_count(app.state.database), 1))
    await asyncio.sleep(1.0)
    assert await seen_count(app.state.database) == 1
    async with app.state.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InboxRow)) == 1


async def test_poison_messages_land_in_the_dead_letter_topic(probe, kafka_broker, seen_count):
    app, _ = probe
    boom, after = _envelope("boom"), _envelope("after")
    await _produce(
        kafka_broker.bootstrap,
        [
            (b"\x00not json", [("ce_type", b"x")], b"k"),
            (boom.value(), boom.headers(), b"k"),
            (after.value(), after.headers(), b"k"),
        ],
    )
    await eventually(lambda: _is(seen_count(app.state.database), 1))  # the consumer carried on
    dead = await _read_all(kafka_broker.bootstrap, dead_letter_topic(ADMISSION_TOPIC), 2)
    assert len(dead) == 2
    garbage, failed = (dict(r.headers) for r in dead)
    assert garbage["dlt_original_topic"] == ADMISSION_TOPIC.encode()
    assert garbage["dlt_attempts"] == b"1"
    assert b"EnvelopeError" in garbage["dlt_error"]
    assert failed["dlt_attempts"] == b"3"
    assert b"handler failure on purpose" in failed["dlt_error"]
    assert failed["dlt_consumer_group"] == b"probe"
    assert {"dlt_original_partition", "dlt_original_offset"} <= {k for k in failed}


async def test_unknown_types_are_skipped_and_counted(probe, kafka_broker, seen_count):
    app, _ = probe
    unknown = _envelope("u")
    headers = [(k, b"something.else.v1" if k == "ce_type" else v) for k, v in unknown.headers()]
    before = MESSAGES.labels("probe", ADMISSION_TOPIC, "skipped_unknown")._value.get()
    after = _envelope("after-unknown")
    await _produce(
        kafka_broker.bootstrap,
        [(unknown.value(), headers, b"k"), (after.value(), after.headers(), b"k")],
    )
    await eventually(lambda: _is(seen_count(app.state.database), 1))
    assert MESSAGES.labels("probe", ADMISSION_TOPIC, "skipped_unknown")._value.get() == before + 1
    # A registered type this service has no handler for is skipped too, counted apart.
    unhandled = Envelope.wrap(
        DemandReceived(demand_id="d", county="990101000000", submitter="x", kind="task", org="o"),
        "test",
    )
    later = _envelope("after-unhandled")
    await _produce(
        kafka_broker.bootstrap,
        [(unhandled.value(), unhandled.headers(), b"k"), (later.value(), later.headers(), b"k")],
    )
    await eventually(lambda: _is(seen_count(app.state.database), 2))
    assert MESSAGES.labels("probe", ADMISSION_TOPIC, "skipped_unhandled")._value.get() >= 1


async def test_broker_outage_the_api_keeps_writing_and_the_outbox_drains(
    probe, kafka_broker, seen_count
):
    app, client = probe
    assert (await client.post("/v1/notes", json={"version": "0"}, headers=_admin(app))).is_success
    await eventually(lambda: _is(seen_count(app.state.database), 1))
    kafka_broker.pause()
    try:
        for v in range(1, 6):
            response = await client.post("/v1/notes", json={"version": str(v)}, headers=_admin(app))
            assert response.status_code == 201
        await asyncio.sleep(2.5)
        ready = await client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
    finally:
        kafka_broker.resume()
    await eventually(lambda: _is(seen_count(app.state.database), 6), within=90)
    ready = (await client.get("/readyz")).json()
    assert ready["status"] in ("ready", "degraded")


async def _is(awaitable, expected) -> bool:
    return await awaitable == expected
