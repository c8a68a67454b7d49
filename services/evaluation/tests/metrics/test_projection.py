"""Metrics projected in the database, read over the API; duplicates change nothing."""

import re
from datetime import UTC, date, datetime

from evaluationtest_support import (
    COUNTY,
    DEPT_A,
    TWP_A,
    TWP_B,
    deliver,
    deliver_poll,
    envelope,
    token,
)

from grassroots.common.events.admission import DemandAdmitted, FormFillingSubmitted
from grassroots.common.events.grid import GridEventClosed

AT = datetime(2026, 3, 10, 2, tzinfo=UTC)


def closed(i, township, on_time, satisfaction="satisfied", month=3):
    return GridEventClosed(
        grid_event_id=f"g{i}",
        township=township,
        grid_id=None,
        category="c",
        urgency="normal",
        at=AT.replace(month=month),
        resolved=True,
        satisfaction=satisfaction,
        on_time=on_time,
    )


async def test_metrics_per_month_and_year(evaluation):
    app, client = evaluation
    for env in (
        envelope(closed(1, TWP_A, True)),
        envelope(closed(2, TWP_A, False, "dissatisfied")),
        envelope(closed(3, TWP_A, True, month=4)),
        envelope(closed(4, TWP_B, True)),
    ):
        assert await deliver(app, env)
    response = await client.get(
        "/v1/metrics", params={"org": TWP_A, "year": 2026}, headers=token(app, "evaluator")
    )
    assert response.status_code == 200, response.text
    metrics = {m["metric"]: m for m in response.json()["metrics"]}
    on_time = metrics["twp.grid_closed_on_time"]
    assert (on_time["numerator"], on_time["denominator"], on_time["value"]) == (
        2,
        3,
        round(2 / 3, 6),
    )
    assert [(m["month"], m["numerator"], m["denominator"]) for m in on_time["months"]] == [
        (3, 1, 2),
        (4, 1, 1),
    ]
    assert metrics["twp.satisfaction_rate"]["months"][0]["value"] == 0.5


async def test_a_poll_counts_each_fact_once_and_adds_the_rest_in_one_flush(evaluation):
    app, client = evaluation
    first, again = envelope(closed(1, TWP_A, True)), envelope(closed(1, TWP_A, False))
    poll = [
        first,
        again,
        first,
        envelope(closed(2, TWP_A, False)),
        envelope(closed(3, TWP_A, True)),
    ]
    assert await deliver_poll(app, poll) == {e.id for e in poll}  # `first` repeated: claimed once
    later = [envelope(closed(1, TWP_A, False)), envelope(closed(4, TWP_A, True, month=4))]
    assert await deliver_poll(app, later) == {e.id for e in later}
    response = await client.get(
        "/v1/metrics", params={"org": TWP_A, "year": 2026}, headers=token(app, "evaluator")
    )
    on_time = {m["metric"]: m for m in response.json()["metrics"]}["twp.grid_closed_on_time"]
    # g1 counts as its first event said (on time), whichever poll repeats it; g2, g3, g4 once
    assert [(m["month"], m["numerator"], m["denominator"]) for m in on_time["months"]] == [
        (3, 2, 3),
        (4, 1, 1),
    ]


async def test_duplicate_delivery_changes_nothing(evaluation):
    app, client = evaluation
    event = DemandAdmitted(
        demand_id="d1",
        county=COUNTY,
        submitter=DEPT_A,
        kind="task",
        targets=[TWP_A],
        deadline=date(2026, 5, 1),
        funding_yuan=1000,
    )
    first = envelope(event)
    assert await deliver(app, first)
    assert not await deliver(app, first)  # same ce_id: the inbox
    again = envelope(event)  # a new id for the same fact (a re-publication): counted once
    assert await deliver(app, again)
    body = (
        await client.get(
            "/v1/metrics", params={"org": DEPT_A, "year": 2026}, headers=token(app, "auditor")
        )
    ).json()
    funding = next(m for m in body["metrics"] if m["metric"] == "dept.funding_yuan")
    assert funding["numerator"] == 1000 and funding["value"] == 1000


async def test_only_own_metrics_for_ratees(evaluation):
    app, client = evaluation
    own = await client.get(
        "/v1/metrics",
        params={"org": TWP_A, "year": 2026},
        headers=token(app, "township_admin", org=TWP_A),
    )
    assert own.status_code == 200
    other = await client.get(
        "/v1/metrics",
        params={"org": TWP_B, "year": 2026},
        headers=token(app, "township_admin", org=TWP_A),
    )
    assert other.status_code == 403 and other.json()["code"] == "AUTH-SCOPE"


async def test_monthly_ranking_of_a_rate(evaluation):
    app, client = evaluation
    for env in (
        envelope(closed(1, TWP_A, True)),
        envelope(closed(2, TWP_A, False)),
        envelope(closed(3, TWP_B, True)),
        envelope(closed(4, TWP_B, False, month=4)),
    ):
        await deliver(app, env)
    params = {"metric": "twp.grid_closed_on_time", "year": 2026, "month": 3}
    body = (
        await client.get("/v1/metrics/ranking", params=params, headers=token(app, "auditor"))
    ).json()
    rows = body["rows"]
    assert [(r["org"], r["value"], r["rank"]) for r in rows[:2]] == [
        (TWP_B, 1.0, 1),
        (TWP_A, 0.5, 2),
    ]
    assert len(rows) == 10 and all(r["rank"] is None for r in rows[2:])
    year = (
        await client.get(
            "/v1/metrics/ranking",
            params={"metric": "twp.grid_closed_on_time", "year": 2026},
            headers=token(app, "evaluator"),
        )
    ).json()["rows"]
    assert [(r["org"], r["value"], r["rank"]) for r in year[:2]] == [
        (TWP_A, 0.5, 1),
        (TWP_B, 0.5, 1),
    ]
    denied = await client.get(
        "/v1/metrics/ranking", params=params, headers=token(app, "township_admin", org=TWP_A)
    )
    assert denied.status_code == 403
    unknown = await client.get(
        "/v1/metrics/ranking", params={**params, "metric": "x"}, headers=token(app, "auditor")
    )
    assert unknown.status_code == 404


async def test_definitions(evaluation):
    app, client = evaluation
    body = (
        await client.get("/v1/metrics/definitions", headers=token(app, "township_admin", org=TWP_A))
    ).json()
    codes = {m["code"]: m for m in body}
    assert len(codes) >= 10 and codes["twp.satisfaction_rate"]["name"] == "满意率"
    assert codes["dept.returned_unclear"]["higher_is_better"] is False
    for metric in body:  # a person reads the 口径 in Chinese; English stays in `definition`
        zh = metric["definition_zh"]
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"\b[a-z]{3,}\b", zh), zh


def submitted(n: int, typed: int) -> FormFillingSubmitted:
    return FormFillingSubmitted(
        filling_id=f"fl-{n}",
        demand_id="d-form",
        form_code="F-001",
        county=COUNTY,
        submitter=DEPT_A,
        org=TWP_A,
        period="2026-Q1",
        fields_asked=6,
        rows=1,
        fields_prefilled=6 - typed,
        fields_typed=typed,
        fields_shared=0,
        submitted_at=AT,
    )


async def test_fields_typed_by_hand_per_filling_of_a_department(evaluation):
    app, client = evaluation
    first = envelope(submitted(1, 2))
    for env in (first, envelope(submitted(2, 4)), first):  # a redelivery counts once
        await deliver(app, env)
    response = await client.get(
        "/v1/metrics", params={"org": DEPT_A, "year": 2026}, headers=token(app, "evaluator")
    )
    assert response.status_code == 200, response.text
    typed = {m["metric"]: m for m in response.json()["metrics"]}["dept.form_fields_typed"]
    assert (typed["numerator"], typed["denominator"], typed["value"]) == (6, 2, 3.0)
    assert typed["kind"] == "mean"
