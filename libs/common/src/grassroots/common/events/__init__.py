"""The published language: every event payload, registered by type, and the envelope."""

from grassroots.common.events import admission, enforcement, evaluation, grid
from grassroots.common.events.base import (
    ADMISSION_TOPIC,
    ENFORCEMENT_TOPIC,
    EVALUATION_TOPIC,
    EVENT_TYPES,
    GRID_TOPIC,
    TOPICS,
    EventPayload,
    dead_letter_topic,
    payload_class,
)
from grassroots.common.events.envelope import Envelope, EnvelopeError

__all__ = [
    "ADMISSION_TOPIC",
    "ENFORCEMENT_TOPIC",
    "EVALUATION_TOPIC",
    "EVENT_TYPES",
    "GRID_TOPIC",
    "TOPICS",
    "Envelope",
    "EnvelopeError",
    "EventPayload",
    "admission",
    "dead_letter_topic",
    "enforcement",
    "evaluation",
    "grid",
    "payload_class",
]
