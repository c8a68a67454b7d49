"""Event payloads, their registry and the topic names: the published language between services."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

ADMISSION_TOPIC = "grassroots.admission.v1"
GRID_TOPIC = "grassroots.grid.v1"
ENFORCEMENT_TOPIC = "grassroots.enforcement.v1"
EVALUATION_TOPIC = "grassroots.evaluation.v1"
TOPICS = (ADMISSION_TOPIC, GRID_TOPIC, ENFORCEMENT_TOPIC, EVALUATION_TOPIC)
TOPIC_OWNERS = {
    ADMISSION_TOPIC: "task-admission",
    GRID_TOPIC: "grid",
    ENFORCEMENT_TOPIC: "enforcement",
    EVALUATION_TOPIC: "evaluation",
}


def dead_letter_topic(topic: str) -> str:
    """Where a consumer puts a message that keeps failing."""
    return f"{topic}.dlt"


class EventPayload(BaseModel):
    """An immutable, versioned event payload; `subject_field` names the aggregate id (the key)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    topic: ClassVar[str]
    subject_field: ClassVar[str]
    summary: ClassVar[str] = ""

    @classmethod
    def ce_type(cls) -> str:
        """The CloudEvents type, e.g. `demand.admitted.v1`."""
        return f"{cls.event_type}.v{cls.schema_version}"

    @property
    def subject(self) -> str:
        return str(getattr(self, self.subject_field))


EVENT_TYPES: dict[str, type[EventPayload]] = {}
P = TypeVar("P", bound=type[EventPayload])


def register(cls: P) -> P:
    """Adds a payload class to the registry under its CloudEvents type (once)."""
    ce_type = cls.ce_type()
    if ce_type in EVENT_TYPES:
        raise ValueError(f"event type {ce_type} registered twice")
    EVENT_TYPES[ce_type] = cls
    return cls


def payload_class(ce_type: str) -> type[EventPayload] | None:
    """The registered payload class for a CloudEvents type, or None if unknown."""
    return EVENT_TYPES.get(ce_type)


def event_types_of(topic: str) -> list[type[EventPayload]]:
    """Every registered payload class published on a topic, in registration order."""
    return [cls for cls in EVENT_TYPES.values() if cls.topic == topic]


def example_of(cls: type[EventPayload]) -> dict[str, Any]:
    """The payload's first JSON-schema example (used by the AsyncAPI document)."""
    examples = cls.model_json_schema().get("examples") or [{}]
    return dict(examples[0])
