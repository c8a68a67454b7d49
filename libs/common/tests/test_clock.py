"""The suite's clock: the wall clock, or shifted by an offset file a test harness writes."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from grassroots.common import clock
from grassroots.common.settings import ServiceSettings


@pytest.fixture
def offset_file(tmp_path):
    path = tmp_path / "clock"
    clock.use_offset_file(str(path))
    yield path
    clock.use_offset_file(None)


def test_without_a_file_the_clock_is_the_wall_clock():
    clock.use_offset_file(None)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=1)
    assert clock.offset() == timedelta(0)


def test_the_offset_file_shifts_now_and_today_and_is_reread_when_it_changes(offset_file):
    assert clock.offset() == timedelta(0)  # no file yet
    offset_file.write_text(str(timedelta(days=30).total_seconds()))
    assert abs(clock.now() - (datetime.now(UTC) + timedelta(days=30))) < timedelta(seconds=1)
    assert clock.today() == (datetime.now(UTC) + timedelta(days=30)).astimezone(clock.CHINA).date()
    offset_file.write_text("86400.5")
    assert clock.offset() == timedelta(days=1, milliseconds=500)


def test_an_empty_file_keeps_the_last_offset(offset_file):
    offset_file.write_text("3600")
    assert clock.offset() == timedelta(hours=1)
    offset_file.write_text("")
    assert clock.offset() == timedelta(hours=1)


def test_prod_refuses_a_shifted_clock():
    with pytest.raises(ValidationError, match="GRASSROOTS_CLOCK_FILE"):
        ServiceSettings(
            env="prod",
            jwt_jwks_url="https://idp.example/jwks",
            database_url="postgresql+asyncpg://db/x",
            clock_file="/tmp/clock",
        )


def test_at_07_30_china_time_today_is_chinas_date_on_a_utc_host(offset_file, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    at = datetime(2026, 12, 2, 7, 30, tzinfo=clock.CHINA)  # 2026-12-01 23:30 UTC
    offset_file.write_text(str((at - datetime.now(UTC)).total_seconds()))
    assert clock.now().astimezone(UTC).date().isoformat() == "2026-12-01"
    assert clock.today().isoformat() == "2026-12-02"
    assert clock.china_date(datetime(2026, 12, 1, 23, 30)).isoformat() == "2026-12-02"
