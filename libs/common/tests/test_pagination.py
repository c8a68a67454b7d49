"""Keyset cursors: the pair comes back as it went, the format clients hold is the one written,
and anything else is 422 E-CURSOR."""

import base64
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from grassroots.common import pagination
from grassroots.common.problems import ProblemError

AT = datetime(2026, 3, 2, 8, 0, 0, 123456, tzinfo=UTC)


def _raw(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def test_a_cursor_names_the_last_row_of_a_page():
    china = AT.astimezone(timezone(timedelta(hours=8)))
    for at, id in [(AT, "dm_1"), (china, "fl_" + "f" * 32), (AT, "")]:
        assert pagination.decode(pagination.encode(at, id)) == (at, id)
    assert pagination.decode(None) is None
    assert pagination.decode("") is None


def test_the_format_is_the_one_clients_hold():
    cursor = pagination.encode(AT, "dm_1")
    assert cursor == _raw(["2026-03-02T08:00:00.123456+00:00", "dm_1"])
    assert pagination.decode(_raw(["2026-03-02T08:00:00+08:00", "ge_9"])) == (
        datetime(2026, 3, 2, 8, tzinfo=timezone(timedelta(hours=8))),
        "ge_9",
    )


@pytest.mark.parametrize(
    "cursor",
    [
        "!!",
        "not-a-cursor",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),  # not UTF-8
        _raw(["2026-03-02T08:00:00", "dm_1"]),  # no time zone
        _raw(["2026-03-02T08:00:00+00:00", 7]),  # the id not a string
        _raw(["yesterday", "dm_1"]),
        _raw([1, "dm_1"]),
        _raw(["2026-03-02T08:00:00+00:00"]),
        _raw(12),
        _raw(None),
    ],
)
def test_anything_else_is_422_e_cursor(cursor):
    with pytest.raises(ProblemError) as refused:
        pagination.decode(cursor)
    assert refused.value.status == 422 and str(refused.value.code) == "E-CURSOR"
    assert refused.value.detail
