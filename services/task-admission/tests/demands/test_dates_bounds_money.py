"""China's date, the deadline horizon and money in fen (issue 16, items 3–5)."""

import time
from datetime import UTC, date, datetime

from sqlalchemy import select

from grassroots.common import clock
from grassroots.common.calendar import add_working_days, is_working_day, working_days_between
from grassroots.task_admission.demands.models import Demand
from grassroots.task_admission.demands.rules import (
    AdmissionPolicy,
    CheckContext,
    deadline_horizon,
    rule_deadline,
)

# Monday 16 November 2026, 07:30 in China = Sunday 15 November, 23:30 UTC
MORNING = datetime(2026, 11, 15, 23, 30, tzinfo=UTC)
CHINA_DAY = date(2026, 11, 16)


async def test_deadlines_count_from_chinas_date_at_0730(api, monkeypatch):
    _, client, h = api
    monkeypatch.setattr(clock, "now", lambda: MORNING)
    assert clock.today() == CHINA_DAY != MORNING.date()
    # 4 working days from China's Monday (5 from the UTC Sunday): short of the minimum of 5
    short = add_working_days(CHINA_DAY, 4)
    response = await client.post(
        "/v1/demands", json=h.basic_task(deadline=short.isoformat()), headers=h.dept()
    )
    assert response.status_code == 201, response.text
    reasons = {r["code"]: r["message"] for r in response.json()["decision"]["reasons"]}
    assert "4 个工作日" in reasons["R-DEADLINE-TOO-SHORT"]
    # the deadline itself is not past on China's Monday
    on_the_day = await client.post(
        "/v1/demands",
        json=h.basic_task(
            deadline=CHINA_DAY.isoformat(), urgent=True, urgent_reason="汛期抢险需立即组织排查"
        ),
        headers=h.dept(),
    )
    codes = {r["code"] for r in on_the_day.json()["decision"]["reasons"]}
    assert "R-DEADLINE-PAST" not in codes and "R-URGENT-REVIEW" in codes


async def test_a_far_deadline_is_refused_quickly_with_its_code(api):
    _, client, h = api
    started = time.monotonic()
    response = await client.post(
        "/v1/demands", json=h.basic_task(deadline="9999-12-31"), headers=h.dept()
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "E-DEADLINE-HORIZON"
    assert response.json()["path"] == "deadline"
    listed = await client.get("/v1/demands", headers=h.dept())
    assert listed.json()["items"] == []


async def test_the_last_deadline_of_the_horizon_is_admitted(api):
    _, client, h = api
    last = deadline_horizon(clock.today(), AdmissionPolicy())
    admitted = await client.post(
        "/v1/demands", json=h.basic_task(deadline=last.isoformat()), headers=h.dept()
    )
    assert admitted.status_code == 201 and admitted.json()["status"] == "admitted"
    later = date.fromordinal(last.toordinal() + 1).isoformat()
    refused = await client.post("/v1/demands", json=h.basic_task(deadline=later), headers=h.dept())
    assert refused.status_code == 422 and refused.json()["code"] == "E-DEADLINE-HORIZON"


def test_working_days_over_a_long_legal_range_are_counted_right():
    today = date(2026, 1, 5)
    policy = AdmissionPolicy(min_deadline_working_days=60, max_deadline_years=3)
    deadline = add_working_days(today, 59)
    ctx = CheckContext(catalog=None, matches=[], today=today, policy=policy)  # type: ignore[arg-type]

    class Draft:
        urgent, urgent_reason = False, None

    Draft.deadline = deadline  # type: ignore[attr-defined]
    (reason,) = rule_deadline(Draft, ctx)  # type: ignore[arg-type]
    assert "仅 59 个工作日" in reason.message
    far = deadline_horizon(today, policy)
    counted = sum(
        is_working_day(date.fromordinal(n))
        for n in range(today.toordinal() + 1, far.toordinal() + 1)
    )
    assert add_working_days(today, counted) <= far
    assert working_days_between(today, far) == counted and 700 < counted < 800


async def test_funding_with_more_than_two_decimals_is_refused(api):
    _, client, h = api
    body = h.basic_task(support={"funding_yuan": 500.001})
    response = await client.post("/v1/demands", json=body, headers=h.dept())
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "E-AMOUNT-PRECISION"
    assert response.json()["path"] == "support.funding_yuan"


async def test_funding_is_stored_in_fen_and_shown_in_yuan(api):
    app, client, h = api
    body = h.basic_task(support={"funding_yuan": 1234567.89})
    created = await client.post("/v1/demands", json=body, headers=h.dept())
    assert created.status_code == 201, created.text
    assert created.json()["support"]["funding_yuan"] == 1234567.89
    small = await client.post(
        "/v1/demands", json=h.basic_task(support={"funding_yuan": 0.1}), headers=h.dept()
    )
    assert small.json()["support"]["funding_yuan"] == 0.1
    async with app.state.database.sessions() as session:
        fen = dict((await session.execute(select(Demand.id, Demand.funding_fen))).all())
    assert fen == {created.json()["id"]: 123456789, small.json()["id"]: 10}
