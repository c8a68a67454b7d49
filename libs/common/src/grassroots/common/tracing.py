"""OpenTelemetry hooks: spans for event handling and publication (no-ops until an SDK is set up).

FastAPI traces HTTP requests itself; a deployment that installs and configures the
OpenTelemetry SDK (for example with `opentelemetry-instrument`) gets these spans too.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, nullcontext

from opentelemetry import trace

tracer = trace.get_tracer("grassroots")


def message_attributes(
    topic: str, ce_type: str, ce_id: str, group: str | None = None
) -> dict[str, str]:
    """Semantic-convention attributes of one Kafka message."""
    attributes = {
        "messaging.system": "kafka",
        "messaging.destination.name": topic,
        "cloudevents.event_type": ce_type,
        "cloudevents.event_id": ce_id,
    }
    if group:
        attributes["messaging.consumer.group.name"] = group
    return attributes


_checked = {"at": -1.0, "on": False}


def active() -> bool:
    """Whether an SDK has been set up; until then a span is a no-op not worth its attributes.
    Once set up it stays; until then it is looked up at most once a second (the lookup reads the
    environment)."""
    now = time.monotonic()
    if not _checked["on"] and now - _checked["at"] >= 1.0:
        provider = trace.get_tracer_provider()
        _checked.update(at=now, on=not isinstance(provider, trace.ProxyTracerProvider))
    return bool(_checked["on"])


def message_span(
    name: str, topic: str, ce_type: str, ce_id: str, group: str | None = None
) -> AbstractContextManager[object]:
    """A span around one message's handling, or nothing while tracing is off
    (a consumer passes thousands of messages a second through here)."""
    if not active():
        return nullcontext()
    return tracer.start_as_current_span(
        name, attributes=message_attributes(topic, ce_type, ce_id, group)
    )


def batch_span(name: str, topic: str, count: int) -> AbstractContextManager[object]:
    """A span around one batch of messages sent to a topic, or nothing while tracing is off."""
    if not active():
        return nullcontext()
    attributes: dict[str, str | int] = {
        "messaging.system": "kafka",
        "messaging.destination.name": topic,
        "messaging.batch.message_count": count,
    }
    return tracer.start_as_current_span(name, attributes=attributes)
