from datetime import date

import pytest

from grassroots.common.events import EVENT_TYPES, Envelope, EnvelopeError
from grassroots.common.events.admission import DemandSubmitted


def _payload() -> DemandSubmitted:
    return DemandSubmitted(
        demand_id="d-1",
        county="990101000000",
        submitter="11990101MB0000001X",
        kind="task",
        title="组织开展森林防火宣传和巡查",
        target_level="township",
        targets=["990101101000"],
        deadline=date(2026, 12, 31),
        outcome="admitted",
    )


def test_round_trip_through_kafka_binary_mode():
    envelope = Envelope.wrap(_payload(), "task-admission")
    headers = envelope.headers()
    names = [k for k, _ in headers]
    assert names[:6] == ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time"]
    assert dict(headers)["content-type"] == b"application/json"
    assert dict(headers)["ce_type"] == b"demand.submitted.v1"
    assert "森林防火".encode() in envelope.value()  # readable Chinese, no \\u escapes
    back = Envelope.from_record(envelope.topic, envelope.value(), headers)
    assert back == envelope
    assert back.payload() == _payload()
    assert back.subject == "d-1"


@pytest.mark.parametrize(
    ("value", "headers"),
    [
        (b"{}", []),
        (b"not json", Envelope.wrap(_payload(), "x").headers()),
        (b"[1, 2]", Envelope.wrap(_payload(), "x").headers()),
        (b"{}", [("ce_specversion", b"\xff\xfe")]),
    ],
)
def test_unreadable_records_are_refused(value, headers):
    with pytest.raises(EnvelopeError):
        Envelope.from_record("t", value, headers)


def test_every_registered_type_is_versioned_and_has_a_topic():
    assert len(EVENT_TYPES) == 36  # the AsyncAPI document lists each (docs/asyncapi.yaml)
    for ce_type, cls in EVENT_TYPES.items():
        assert ce_type.endswith(".v1")
        assert cls.topic.startswith("grassroots.")
        assert cls.subject_field in cls.model_fields
