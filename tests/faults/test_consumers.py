"""Faults across real processes: a consumer killed mid-batch; poison messages; duplicates."""

import asyncio
import signal
import time

from aiokafka import AIOKafkaProducer

from grassroots.common.events import ADMISSION_TOPIC
from grassroots.dev.demo_catalog import demo_catalog

COUNTY = "990101000000"
# the groups consuming the admission topic: task-admission too (its report_form demands open
# their fillings from its own events)
CONSUMERS = ("task-admission", "grid", "enforcement", "evaluation")


def _inbox(suite, name: str, ce_type: str) -> tuple[int, int]:
    query = "SELECT count(*), count(DISTINCT ce_id) FROM inbox WHERE ce_type = :t"
    total, distinct = suite.query(name, query, t=ce_type)[0]
    return int(total), int(distinct)


def _wait(check, within: float = 90.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.3)


def test_a_consumer_killed_mid_stream_applies_everything_once(grassroots_suite):
    suite = grassroots_suite
    with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
        for n in range(1, 13):
            doc = demo_catalog(version=f"2027.{n:02d}", effective_from=f"2027-{n:02d}-01")
            assert admin.post("/v1/catalog/versions", json=doc).status_code == 201
            if n == 4:
                suite.kill_service("evaluation", signal.SIGKILL)
    suite.start_service("evaluation")
    suite.wait_ready(["evaluation"])
    for name in CONSUMERS:
        _wait(lambda name=name: _inbox(suite, name, "catalog.published.v1")[1] >= 12)
        total, distinct = _inbox(suite, name, "catalog.published.v1")
        assert total == distinct >= 12, name


async def _produce(bootstrap: str, value: bytes, headers: list, times: int = 1) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for _ in range(times):
            await producer.send_and_wait(ADMISSION_TOPIC, value=value, key=b"k", headers=headers)
    finally:
        await producer.stop()


def test_poison_goes_to_each_groups_dead_letters_and_duplicates_apply_once(
    grassroots_suite, event_recorder
):
    suite = grassroots_suite
    asyncio.run(_produce(suite.bootstrap, b"\x00 not an event", [("ce_type", b"?")]))
    event_recorder.wait_for(lambda r: len(r.dead_letters) >= len(CONSUMERS), within=60)
    groups = {h["dlt_consumer_group"].decode() for _, h in event_recorder.dead_letters}
    assert groups == set(CONSUMERS)
    # The consumers carried on: a catalog published after the poison reaches all of them,
    # and the same record delivered three times is applied once.
    with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
        doc = demo_catalog(version="2028.1", effective_from="2028-01-01")
        assert admin.post("/v1/catalog/versions", json=doc).status_code == 201
    event_recorder.wait_for(
        lambda r: any(e.data["version"] == "2028.1" for e in r.of_type("catalog.published.v1"))
    )
    envelope = next(
        e for e in event_recorder.of_type("catalog.published.v1") if e.data["version"] == "2028.1"
    )
    asyncio.run(_produce(suite.bootstrap, envelope.value(), envelope.headers(), times=2))
    for name in CONSUMERS:

        def applied(name: str = name) -> int:
            query = "SELECT count(*) FROM inbox WHERE ce_id = :id"
            return int(suite.query(name, query, id=envelope.id)[0][0])

        _wait(lambda applied=applied: applied() == 1)
        time.sleep(1.0)
        assert applied() == 1, name
