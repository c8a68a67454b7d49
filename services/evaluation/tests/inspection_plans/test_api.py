"""Inspection plans: departments register, the evaluator approves within the caps or refuses."""

from datetime import date

import pytest
from evaluationtest_support import DEPT_A, DEPT_B, TWP_A, TWP_B, token
from sqlalchemy import select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.refusals import Refusal
from grassroots.evaluation.inspection_plans.rules import check_plan, over_cap


def plan(townships=(TWP_A,), start="2026-03-01", end="2026-03-31", title="森林防火专项督查"):
    return {
        "title": title,
        "kind": "inspection",
        "townships": list(townships),
        "window_start": start,
        "window_end": end,
    }


def test_rules():
    check_plan(
        window_start=date(2026, 1, 1),
        window_end=date(2026, 2, 1),
        townships=["t"],
        county_townships={"t"},
    )
    with pytest.raises(Refusal) as caught:
        check_plan(
            window_start=date(2026, 2, 1),
            window_end=date(2026, 1, 1),
            townships=["t"],
            county_townships={"t"},
        )
    assert caught.value.code == "E-PLAN-WINDOW"
    assert over_cap(["a", "b"], {"a": 2, "b": 1}, 2) == ["a"]


async def test_register_approve_refuse_and_cap(evaluation):
    app, client = evaluation
    app.state.settings.policy.inspection_cap_per_township = 1
    dept = token(app, "dept_submitter", org=DEPT_A, county=None)
    ev = token(app, "evaluator")
    first = await client.post("/v1/inspection-plans", json=plan(), headers=dept)
    assert first.status_code == 201, first.text
    assert first.json()["department"] == DEPT_A and first.json()["status"] == "registered"
    approved = await client.post(f"/v1/inspection-plans/{first.json()['id']}/approve", headers=ev)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    twice = await client.post(f"/v1/inspection-plans/{first.json()['id']}/approve", headers=ev)
    assert twice.status_code == 409 and twice.json()["code"] == "E-PLAN-DECIDED"

    second = await client.post(
        "/v1/inspection-plans",
        json=plan((TWP_A, TWP_B)),
        headers=token(app, "dept_submitter", org=DEPT_B, county=None),
    )
    capped = await client.post(f"/v1/inspection-plans/{second.json()['id']}/approve", headers=ev)
    assert capped.status_code == 409 and capped.json()["code"] == "E-PLAN-CAP"
    assert capped.json()["townships"] == [TWP_A]
    no_reason = await client.post(
        f"/v1/inspection-plans/{second.json()['id']}/refuse", json={}, headers=ev
    )
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "E-PLAN-REASON"
    refused = await client.post(
        f"/v1/inspection-plans/{second.json()['id']}/refuse",
        json={"reason": "青山镇本年度检查已满"},
        headers=ev,
    )
    assert refused.json()["status"] == "refused"

    async with app.state.database.sessions() as session:
        rows = (await session.scalars(select(OutboxRow))).all()
    assert [r.ce_type for r in rows] == ["inspection.plan.approved.v1"]
    assert rows[0].key == first.json()["id"]

    mine = await client.get("/v1/inspection-plans", headers=dept)
    assert [p["id"] for p in mine.json()] == [first.json()["id"]]
    everything = await client.get(
        "/v1/inspection-plans", params={"year": 2026}, headers=token(app, "auditor")
    )
    assert len(everything.json()) == 2


async def test_refusals(evaluation):
    app, client = evaluation
    dept = token(app, "dept_submitter", org=DEPT_A, county=None)
    bad_window = await client.post(
        "/v1/inspection-plans", json=plan(start="2026-04-01"), headers=dept
    )
    assert bad_window.status_code == 422 and bad_window.json()["code"] == "E-PLAN-WINDOW"
    cross_year = await client.post(
        "/v1/inspection-plans", json=plan(end="2027-01-05"), headers=dept
    )
    assert cross_year.json()["code"] == "E-PLAN-WINDOW"
    unknown = await client.post("/v1/inspection-plans", json=plan(("990101101201",)), headers=dept)
    assert unknown.status_code == 422 and unknown.json()["code"] == "E-PLAN-TOWNSHIP"
    twp = await client.post(
        "/v1/inspection-plans", json=plan(), headers=token(app, "township_admin", org=TWP_A)
    )
    assert twp.status_code == 403
    created = await client.post("/v1/inspection-plans", json=plan(), headers=dept)
    by_dept = await client.post(
        f"/v1/inspection-plans/{created.json()['id']}/approve", headers=dept
    )
    assert by_dept.status_code == 403
    missing = await client.post(
        "/v1/inspection-plans/nope/approve", headers=token(app, "evaluator")
    )
    assert missing.status_code == 404
