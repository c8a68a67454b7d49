"""The AsyncAPI 3 document of every topic, generated from the event registry."""

from __future__ import annotations

from typing import Any

from grassroots.common.events.base import (
    EVENT_TYPES,
    TOPIC_OWNERS,
    TOPICS,
    dead_letter_topic,
    event_types_of,
)

_HEADERS = {
    "type": "object",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {"type": "string", "description": "unique event id (consumers dedupe on it)"},
        "ce_source": {"type": "string", "description": "/grassroots/<service>"},
        "ce_type": {"type": "string", "description": "<event type>.v<version>"},
        "ce_subject": {"type": "string", "description": "the aggregate id, also the record key"},
        "ce_time": {"type": "string", "format": "date-time"},
        "content-type": {"type": "string", "const": "application/json"},
    },
}


def _message_name(ce_type: str) -> str:
    return ce_type.replace(".", "_")


def build_document() -> dict[str, Any]:
    """AsyncAPI 3.0: channels per topic, one message per registered event type."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for topic in TOPICS:
        channel_id = topic.replace(".", "_")
        refs = {}
        for cls in event_types_of(topic):
            name = _message_name(cls.ce_type())
            schema = cls.model_json_schema(ref_template="#/components/schemas/{model}")
            for def_name, definition in schema.pop("$defs", {}).items():
                schemas[def_name] = definition
            schemas[name] = schema
            messages[name] = {
                "name": cls.ce_type(),
                "title": cls.event_type,
                "summary": cls.summary or (cls.__doc__ or "").strip(),
                "contentType": "application/json",
                "headers": _HEADERS,
                "payload": {"$ref": f"#/components/schemas/{name}"},
                "bindings": {
                    "kafka": {"key": {"type": "string", "description": cls.subject_field}}
                },
            }
            refs[name] = {"$ref": f"#/components/messages/{name}"}
        channels[channel_id] = {
            "address": topic,
            "description": f"Events of {TOPIC_OWNERS[topic]}; dead letters go to "
            f"{dead_letter_topic(topic)} with dlt_* headers.",
            "messages": refs,
        }
        operations[f"publish_{channel_id}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "summary": f"{TOPIC_OWNERS[topic]} publishes through its transactional outbox.",
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Grassroots events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 in Kafka binary mode: the record value is the JSON "
            "data, the attributes are ce_* headers, the key is the aggregate id. At-least-once "
            f"delivery; consumers dedupe on ce_id. {len(EVENT_TYPES)} event types.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
