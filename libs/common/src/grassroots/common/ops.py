"""`grassroots-ops`: operations on dead letters and the outbox.

  grassroots-ops dlt list TOPIC [--group G]               what a dead-letter topic holds
  grassroots-ops dlt republish TOPIC --group G            send a group's dead letters back
  grassroots-ops outbox republish SERVICE [--since-id N] [--topic T]
                                                          mark kept outbox rows unsent again

Kafka settings come from the same environment as the services (KAFKA_BOOTSTRAP_SERVERS, …).
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from grassroots.common.db.session import Database
from grassroots.common.events.base import dead_letter_topic
from grassroots.common.messaging.kafka import client_options
from grassroots.common.messaging.outbox import republish
from grassroots.common.services import service
from grassroots.common.settings import ServiceSettings, SuiteSettings

REPUBLISHER_GROUP = "grassroots-dlt-republisher"


@dataclass(frozen=True)
class DeadLetter:
    offset: int
    original_topic: str
    group: str
    ce_type: str
    ce_id: str
    error: str


async def dead_letters(
    settings: ServiceSettings, topic: str, *, group: str | None, republish_to_origin: bool
) -> list[DeadLetter]:
    """Reads a topic's dead letters (from the republisher's last position); optionally resends."""
    dlt = topic if topic.endswith(".dlt") else dead_letter_topic(topic)
    consumer = AIOKafkaConsumer(
        dlt,
        **client_options(settings),
        # One position per failed group: republishing one group's letters must not skip another's.
        group_id=f"{REPUBLISHER_GROUP}.{group}" if republish_to_origin else None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = AIOKafkaProducer(**client_options(settings), acks="all")
    await consumer.start()
    await producer.start()
    found: list[DeadLetter] = []
    try:
        while batch := await consumer.getmany(timeout_ms=3000):
            for records in batch.values():
                for record in records:
                    headers = {k: (v or b"").decode("utf-8", "replace") for k, v in record.headers}
                    if group is not None and headers.get("dlt_consumer_group") != group:
                        continue
                    letter = DeadLetter(
                        offset=record.offset,
                        original_topic=headers.get("dlt_original_topic", ""),
                        group=headers.get("dlt_consumer_group", ""),
                        ce_type=headers.get("ce_type", ""),
                        ce_id=headers.get("ce_id", ""),
                        error=headers.get("dlt_error", ""),
                    )
                    found.append(letter)
                    if republish_to_origin and letter.original_topic:
                        kept = [(k, v) for k, v in record.headers if not k.startswith("dlt_")]
                        await producer.send_and_wait(
                            letter.original_topic, record.value, key=record.key, headers=kept
                        )
            if republish_to_origin:
                await consumer.commit()
    finally:
        await consumer.stop()
        await producer.stop()
    return found


async def republish_outbox(name: str, since_id: int, topic: str | None) -> int:
    """Marks a service's kept outbox rows unsent; its relay publishes them again (same ce_id)."""
    database = Database(service(name).spec().settings.database_url)
    try:
        async with database.transaction() as session:
            return await republish(session, since_id=since_id, topic=topic)
    finally:
        await database.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="grassroots-ops",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="area", required=True)
    dlt = sub.add_parser("dlt").add_subparsers(dest="action", required=True)
    for action in ("list", "republish"):
        cmd = dlt.add_parser(action)
        cmd.add_argument("topic", help="a topic or its .dlt")
        cmd.add_argument("--group", required=action == "republish")
    outbox = sub.add_parser("outbox").add_subparsers(dest="action", required=True)
    again = outbox.add_parser("republish")
    again.add_argument("service")
    again.add_argument("--since-id", type=int, default=0)
    again.add_argument("--topic", default=None)
    args = parser.parse_args(argv)
    if args.area == "dlt":
        letters = asyncio.run(
            dead_letters(
                SuiteSettings(),
                args.topic,
                group=args.group,
                republish_to_origin=args.action == "republish",
            )
        )
        for letter in letters:
            print(
                f"{letter.offset}\t{letter.group}\t{letter.ce_type}\t{letter.ce_id}\t{letter.error[:160]}"
            )
        print(
            f"{len(letters)} dead letter(s){' re-published' if args.action == 'republish' else ''}"
        )
    else:
        count = asyncio.run(republish_outbox(args.service, args.since_id, args.topic))
        print(f"{count} outbox row(s) marked for re-publication")


if __name__ == "__main__":
    main()
