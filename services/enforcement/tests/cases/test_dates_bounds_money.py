"""China's date, bounded dates and money in fen (issue 16, items 3–5)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from enforcementtest_factories import Actors, ago, open_case
from pydantic import ValidationError
from sqlalchemy import select

from grassroots.common import clock
from grassroots.common.calendar import add_working_days
from grassroots.enforcement.cases.models import Case
from grassroots.enforcement.cases.scans import scan_overdue
from grassroots.enforcement.policy import DEFAULT_POLICY, Policy


def china(day: date, at: time = time(7, 30)) -> datetime:
    return datetime.combine(day, at, tzinfo=clock.CHINA)


async def test_filing_due_counts_from_chinas_date_at_0730(enforcement, monkeypatch):
    app, client = enforcement
    tuesday = date(2026, 11, 17)  # 07:30 in China is Monday 23:30 UTC
    monkeypatch.setattr(clock, "now", lambda: china(tuesday).astimezone(UTC))
    case = await open_case(
        client, Actors(app), discovered_at=china(tuesday).isoformat(), act_date=None
    )
    assert case["deadlines"]["filing_due"] == str(add_working_days(tuesday, 15))


async def test_the_overdue_scan_uses_chinas_date(enforcement):
    app, client = enforcement
    discovered = date(2026, 10, 13)
    case = await open_case(
        client, Actors(app), discovered_at=china(discovered, time(10)).isoformat(), act_date=None
    )
    due = add_working_days(discovered, 15)
    assert case["deadlines"]["filing_due"] == str(due)
    # 07:30 on the due day: not yet passed; 07:30 the day after (still the due day in UTC): passed
    # (the scan loop passes `utcnow()`: aware UTC)
    on_the_day = china(due).astimezone(UTC)
    assert await scan_overdue(app.state.database, on_the_day, DEFAULT_POLICY) == []
    after = china(due + timedelta(days=1)).astimezone(UTC)
    assert after.date() == due
    assert await scan_overdue(app.state.database, after, DEFAULT_POLICY) == [(case["id"], "filing")]


async def test_limitation_counts_from_chinas_date_of_discovery(staffed):
    _, client, actors, officers = staffed
    act = date(2024, 11, 10)  # two years: the limitation ends on 2026-11-10
    discovered = china(date(2026, 11, 11))  # 2026-11-10 23:30 UTC
    case = await open_case(client, actors, discovered_at=discovered.isoformat(), act_date=str(act))
    filed = await client.post(
        f"/v1/cases/{case['id']}/file",
        json={"officers": officers, "at": (discovered + timedelta(hours=2)).isoformat()},
        headers=actors.supervisor,
    )
    assert filed.status_code == 422 and filed.json()["code"] == "E-LIMITATION", filed.text


async def test_dates_outside_the_horizon_are_refused(staffed):
    _, client, actors, officers = staffed
    body = {
        "township": actors.township,
        "item_code": "ZF-001",
        "source": "inspection",
        "facts": "x",
        "discovered_at": ago(1).isoformat(),
        "act_date": "0001-01-01",
    }
    ancient = await client.post("/v1/cases", json=body, headers=actors.supervisor)
    assert ancient.status_code == 422 and ancient.json()["code"] == "E-DATE-RANGE"
    assert ancient.json()["path"] == "act_date"
    served = await _served(client, actors, officers, fine=100)
    far = await client.post(
        f"/v1/cases/{served}/execute",
        json={"paid_yuan": 100, "paid_on": "9999-12-31"},
        headers=actors.officer(),
    )
    assert far.status_code == 422 and far.json()["code"] == "E-DATE-RANGE", far.text


def test_policy_limits_are_bounded():
    with pytest.raises(ValidationError):
        Policy(filing_working_days=10**9)
    with pytest.raises(ValidationError):
        Policy(filing_extensions_max=10**6)


async def _served(client, actors, officers, fine: float | str) -> str:
    case = await open_case(
        client,
        actors,
        procedure="simplified",
        officers=officers,
        item_code="ZF-011",
        discovered_at=ago(3).isoformat(),
        act_date=None,
    )
    decided = await client.post(
        f"/v1/cases/{case['id']}/decide",
        json={"fine_yuan": fine, "party_present": False, "at": ago(2.9).isoformat()},
        headers=actors.supervisor,
    )
    assert decided.status_code == 200, decided.text
    served = await client.post(
        f"/v1/cases/{case['id']}/serve", json={"at": ago(2.8).isoformat()}, headers=actors.officer()
    )
    assert served.status_code == 200, served.text
    return str(case["id"])


async def test_amounts_with_more_than_two_decimals_are_refused(staffed):
    _, client, actors, officers = staffed
    case = await open_case(
        client,
        actors,
        procedure="simplified",
        officers=officers,
        item_code="ZF-011",
        discovered_at=ago(3).isoformat(),
        act_date=None,
    )
    decided = await client.post(
        f"/v1/cases/{case['id']}/decide",
        json={"fine_yuan": 500.001, "party_present": False, "at": ago(2.9).isoformat()},
        headers=actors.supervisor,
    )
    assert decided.status_code == 422, decided.text
    assert decided.json()["code"] == "E-AMOUNT-PRECISION"
    assert decided.json()["path"] == "fine_yuan"
    served = await _served(client, actors, officers, fine=100)
    paid = await client.post(
        f"/v1/cases/{served}/execute", json={"paid_yuan": 100.005}, headers=actors.officer()
    )
    assert paid.status_code == 422 and paid.json()["code"] == "E-AMOUNT-PRECISION"


async def test_amounts_are_kept_in_fen_and_compared_exactly(staffed):
    app, client, actors, officers = staffed
    served = await _served(client, actors, officers, fine=100.1)
    short = await client.post(
        f"/v1/cases/{served}/execute", json={"paid_yuan": 100.09}, headers=actors.officer()
    )
    assert short.status_code == 422 and short.json()["code"] == "E-PAYMENT-SHORT"
    assert "应缴 100.1 元,实缴 100.09 元" in short.json()["detail"]
    paid = await client.post(
        f"/v1/cases/{served}/execute", json={"paid_yuan": 100.1}, headers=actors.officer()
    )
    assert paid.status_code == 200, paid.text
    body = paid.json()
    assert (body["fine_yuan"], body["paid_yuan"], body["surcharge_yuan"]) == (100.1, 100.1, 0)
    assert (body["fine_min"], body["fine_max"]) == (100, 500)
    async with app.state.database.sessions() as session:
        row = await session.scalar(select(Case).where(Case.id == served))
    assert row is not None and (row.fine_fen, row.paid_fen, row.surcharge_fen) == (10010, 10010, 0)
