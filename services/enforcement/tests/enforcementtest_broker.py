"""Broker helpers for the scenario: publish an event as another service would, read a topic."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from grassroots.common.events.base import EventPayload
from grassroots.common.events.envelope import Envelope


async def publish(bootstrap: str, payload: EventPayload, service: str) -> Envelope:
    """Sends one CloudEvent (binary mode) and waits for the ack."""
    envelope = Envelope.wrap(payload, service)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            envelope.topic,
            envelope.value(),
            key=envelope.subject.encode(),
            headers=envelope.headers(),
        )
    finally:
        await producer.stop()
    return envelope


async def read_topic(bootstrap: str, topic: str) -> list[Envelope]:
    """Every event on a topic so far, from the beginning."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not parts:
            return []
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        end = await consumer.end_offsets(parts)
        events: list[Envelope] = []
        while any([await consumer.position(tp) < end[tp] for tp in parts]):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                events += [Envelope.from_record(topic, r.value, r.headers) for r in records]
        return events
    finally:
        await consumer.stop()
