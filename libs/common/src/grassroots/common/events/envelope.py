"""CloudEvents 1.0 in Kafka binary mode: the record value is the JSON data, attributes are headers."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from grassroots.common import clock
from grassroots.common.events.base import EventPayload, payload_class

CE_HEADERS = ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time")


class EnvelopeError(ValueError):
    """A record that is not a readable CloudEvent (missing header, bad JSON)."""


@dataclass(frozen=True)
class Envelope:
    """One event: CloudEvents attributes plus the JSON data."""

    id: str
    type: str
    source: str
    subject: str
    time: datetime
    data: dict[str, Any]
    topic: str

    @classmethod
    def wrap(cls, payload: EventPayload, service: str, time: datetime | None = None) -> Envelope:
        """A new envelope for a payload produced by `service`."""
        return cls(
            id=str(uuid.uuid4()),
            type=payload.ce_type(),
            source=f"/grassroots/{service}",
            subject=payload.subject,
            time=time or clock.now(),
            data=payload.model_dump(mode="json"),
            topic=payload.topic,
        )

    def payload(self) -> EventPayload:
        """The typed payload; raises KeyError for an unknown type, ValidationError for bad data."""
        cls = payload_class(self.type)
        if cls is None:
            raise KeyError(self.type)
        return cls.model_validate(self.data)

    def headers(self) -> list[tuple[str, bytes]]:
        """The Kafka record headers (binary content mode)."""
        values = {
            "ce_specversion": "1.0",
            "ce_id": self.id,
            "ce_source": self.source,
            "ce_type": self.type,
            "ce_subject": self.subject,
            "ce_time": self.time.isoformat(),
            "content-type": "application/json",
        }
        return [(k, v.encode()) for k, v in values.items()]

    def value(self) -> bytes:
        """The record value: the data as UTF-8 JSON (Chinese kept readable)."""
        return json.dumps(self.data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_record(
        cls, topic: str, value: bytes | None, headers: list[tuple[str, bytes]] | tuple[Any, ...]
    ) -> Envelope:
        """Reads a Kafka record; raises EnvelopeError if it is not a CloudEvent of ours."""
        attrs: dict[str, str] = {}
        for name, raw in headers or ():
            try:
                attrs[name] = raw.decode() if raw is not None else ""
            except UnicodeDecodeError as exc:
                raise EnvelopeError(f"header {name} is not UTF-8") from exc
        missing = [h for h in CE_HEADERS if not attrs.get(h)]
        if missing:
            raise EnvelopeError(f"missing CloudEvents headers: {', '.join(missing)}")
        if attrs["ce_specversion"] != "1.0":
            raise EnvelopeError(f"unsupported specversion {attrs['ce_specversion']}")
        try:
            data = json.loads((value or b"").decode())
            time = datetime.fromisoformat(attrs["ce_time"])
        except ValueError as exc:  # UnicodeDecodeError included
            raise EnvelopeError(f"unreadable record: {exc}") from exc
        if not isinstance(data, dict):
            raise EnvelopeError("record value is not a JSON object")
        return cls(
            id=attrs["ce_id"],
            type=attrs["ce_type"],
            source=attrs["ce_source"],
            subject=attrs["ce_subject"],
            time=time,
            data=data,
            topic=topic,
        )
