"""Kafka clients built from settings; topics created explicitly (no broker auto-create)."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from grassroots.common.events.base import dead_letter_topic
from grassroots.common.settings import ServiceSettings

log = logging.getLogger(__name__)


def client_options(settings: ServiceSettings) -> dict[str, Any]:
    """Connection and security options shared by producers, consumers and the admin client.

    Consumers keep aiokafka's long request timeout: a JoinGroup waits for the whole rebalance.
    """
    opts: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
        "client_id": f"grassroots-{settings.service_name}",
    }
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        opts["ssl_context"] = ssl.create_default_context(cafile=settings.kafka_ssl_cafile)
    if settings.kafka_security_protocol.startswith("SASL"):
        opts["sasl_mechanism"] = settings.kafka_sasl_mechanism or "PLAIN"
        opts["sasl_plain_username"] = settings.kafka_sasl_username
        opts["sasl_plain_password"] = settings.kafka_sasl_password
    return opts


def make_producer(settings: ServiceSettings) -> AIOKafkaProducer:
    """A producer that waits for all in-sync replicas; idempotence only if configured."""
    return AIOKafkaProducer(
        **client_options(settings),
        acks="all",
        request_timeout_ms=settings.kafka_request_timeout_ms,
        enable_idempotence=settings.kafka_enable_idempotence,
    )


def suite_topics(topics: Iterable[str]) -> list[str]:
    """The topics with their dead-letter companions."""
    names: list[str] = []
    for topic in topics:
        names += [topic, dead_letter_topic(topic)]
    return names


# The topics are the suite's history: evaluation rebuilds from offset 0 and refuses a replay
# when retention deleted the start, so nothing is ever deleted by time or size.
TOPIC_CONFIG = {"retention.ms": "-1", "retention.bytes": "-1", "cleanup.policy": "delete"}


async def ensure_topics(settings: ServiceSettings, topics: Iterable[str]) -> None:
    """Creates the topics (and their dead-letter topics) if missing, with unlimited retention;
    existing ones are kept as they are (deploy/README.md: check their retention on real Kafka)."""
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in suite_topics(topics) if t not in existing]
        if not wanted:
            return
        new = [
            NewTopic(
                t,
                settings.kafka_topic_partitions,
                settings.kafka_replication_factor,
                topic_configs=TOPIC_CONFIG,
            )
            for t in wanted
        ]
        try:
            await admin.create_topics(new)
        except TopicAlreadyExistsError:
            log.info("topics created concurrently by another process")
    finally:
        await admin.close()
