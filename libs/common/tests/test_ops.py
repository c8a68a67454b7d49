"""grassroots-ops: dead letters listed and sent back to their topic without the dlt_* headers."""

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from grassroots.common.events import ADMISSION_TOPIC, dead_letter_topic
from grassroots.common.messaging.kafka import ensure_topics
from grassroots.common.ops import dead_letters
from grassroots.common.settings import ServiceSettings


async def test_republish_a_groups_dead_letters(kafka_broker):
    settings = ServiceSettings(
        kafka_bootstrap_servers=kafka_broker.bootstrap, kafka_topic_partitions=1
    )
    await ensure_topics(settings, [ADMISSION_TOPIC])
    producer = AIOKafkaProducer(bootstrap_servers=kafka_broker.bootstrap)
    await producer.start()
    for group in ("grid", "evaluation"):
        headers = [
            ("ce_id", f"id-{group}".encode()),
            ("ce_type", b"demand.admitted.v1"),
            ("dlt_original_topic", ADMISSION_TOPIC.encode()),
            ("dlt_consumer_group", group.encode()),
            ("dlt_error", b"boom"),
        ]
        await producer.send_and_wait(
            dead_letter_topic(ADMISSION_TOPIC), b"{}", key=b"k", headers=headers
        )
    await producer.stop()

    listed = await dead_letters(settings, ADMISSION_TOPIC, group=None, republish_to_origin=False)
    assert {d.group for d in listed} == {"grid", "evaluation"}
    sent = await dead_letters(settings, ADMISSION_TOPIC, group="grid", republish_to_origin=True)
    assert [d.ce_id for d in sent] == ["id-grid"]
    again = await dead_letters(settings, ADMISSION_TOPIC, group="grid", republish_to_origin=True)
    assert again == []  # the republisher's committed position moved past them

    consumer = AIOKafkaConsumer(
        ADMISSION_TOPIC,
        bootstrap_servers=kafka_broker.bootstrap,
        auto_offset_reset="earliest",
        group_id=None,
    )
    await consumer.start()
    records = []
    while not records:
        for recs in (await consumer.getmany(timeout_ms=1000)).values():
            records += recs
    await consumer.stop()
    headers = dict(records[0].headers)
    assert headers["ce_id"] == b"id-grid" and "dlt_error" not in headers
