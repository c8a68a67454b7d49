"""OpenTelemetry hooks: spans for event handling and publication (no-ops until an SDK is set up).

FastAPI traces HTTP requests itself; a deployment that installs and configures the
OpenTelemetry SDK (for example with `opentelemetry-instrument`) gets these spans too.
"""

from __future__ import annotations

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
