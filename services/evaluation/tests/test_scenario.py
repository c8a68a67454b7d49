"""The issue's scenario over the real broker: recorded envelopes of the registered types, each
delivered twice, plus one unknown type; schemes, ratings, close, results to the point against
hand-computed expectations; replay from offset 0 reproduces them."""

import asyncio
from datetime import UTC, date, datetime

from aiokafka import AIOKafkaProducer
from evaluationtest_support import COUNTY, DEPT_A, DEPT_B, TWP_A, TWP_B, envelope, token
from sqlalchemy import func, select

from grassroots.common.db.plumbing import InboxRow
from grassroots.common.events import GRID_TOPIC
from grassroots.common.events.admission import (
    CatalogPublished,
    DemandAdmitted,
    DemandCompleted,
    DemandOverdue,
    DemandReturned,
    DemandSubmitted,
)
from grassroots.common.events.enforcement import CaseDecided
from grassroots.common.events.envelope import Envelope
from grassroots.common.events.grid import (
    GridEventClosed,
    WhistleAnswered,
    WhistleBlown,
    WhistleOverdue,
)
from grassroots.common.metrics import MESSAGES
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.evaluation.main import spec
from grassroots.evaluation.metrics import repository as metrics_repo
from grassroots.evaluation.replay_cli import run as run_cli
from grassroots.evaluation.settings import EvaluationSettings
from grassroots.testkit.apps import eventually, running_app, settings_for

T2D, D2T = "township_rates_department", "department_rates_township"
AT = datetime(2026, 6, 15, 2, tzinfo=UTC)
VILLAGE = "990101101201"


def demand(cls, demand_id, dept, **kw):
    return cls(demand_id=demand_id, county=COUNTY, submitter=dept, kind="task", **kw)


def submitted(demand_id, dept, outcome, codes=()):
    return demand(
        DemandSubmitted,
        demand_id,
        dept,
        title="t",
        target_level="township",
        targets=[TWP_A],
        deadline=date(2026, 7, 1),
        outcome=outcome,
        reason_codes=list(codes),
    )


def grid(i, twp, on_time, satisfaction):
    return GridEventClosed(
        grid_event_id=f"g{i}",
        township=twp,
        grid_id=None,
        category="c",
        urgency="normal",
        at=AT,
        resolved=True,
        on_time=on_time,
        satisfaction=satisfaction,
    )


def whistle_answer(w, dept, on_time):
    return WhistleAnswered(
        whistle_id=w, township=TWP_A, department=dept, answered_at=AT, due_at=AT, on_time=on_time
    )


def case(k, within):
    return CaseDecided(
        case_id=k,
        township=TWP_A,
        item_code="ZF-012",
        decided_at=AT,
        filed_at=AT,
        fine_yuan=100,
        within_limit=within,
    )


def completed(d, org, on_time=True):
    return demand(
        DemandCompleted,
        d,
        DEPT_A,
        org=org,
        deadline=date(2026, 7, 1),
        completed_at=AT,
        on_time=on_time,
    )


def recorded() -> list[Envelope]:
    payloads = [
        CatalogPublished(
            county=COUNTY,
            version="2026.1",
            effective_from=date(2026, 1, 1),
            document=demo_catalog(),
        ),
        # department A: 4 demands, 2 returned as unclear (one automatically, one by review)
        submitted("d1", DEPT_A, "admitted"),
        submitted("d2", DEPT_A, "returned", ["R-UNCLEAR"]),
        submitted("d3", DEPT_A, "needs_review"),
        submitted("d4", DEPT_A, "admitted"),
        demand(DemandReturned, "d3", DEPT_A, targets=[TWP_A], reason_codes=["R-UNCLEAR"]),
        demand(
            DemandAdmitted,
            "d1",
            DEPT_A,
            targets=[TWP_A],
            deadline=date(2026, 7, 1),
            funding_yuan=10000,
        ),
        demand(DemandAdmitted, "d4", DEPT_A, targets=[TWP_A], deadline=date(2026, 7, 1)),
        # department B: 1 demand, admitted with 5000 yuan
        submitted("d5", DEPT_B, "admitted"),
        demand(
            DemandAdmitted,
            "d5",
            DEPT_B,
            targets=[TWP_A],
            deadline=date(2026, 7, 1),
            funding_yuan=5000,
        ),
        # whistles: A on time once, overdue once; B on time
        WhistleBlown(
            whistle_id="w1", township=TWP_A, departments=[DEPT_A, DEPT_B], issue="i", due_at=AT
        ),
        whistle_answer("w1", DEPT_A, True),
        whistle_answer("w1", DEPT_B, True),
        WhistleOverdue(whistle_id="w2", township=TWP_A, department=DEPT_A, due_at=AT),
        # township A: grid 3/4 on time, satisfaction 2/3; cases 1/2; demands 2/3 on time
        grid(1, TWP_A, True, "satisfied"),
        grid(2, TWP_A, True, "basically_satisfied"),
        grid(3, TWP_A, False, "dissatisfied"),
        grid(4, TWP_A, True, None),
        case("k1", True),
        case("k2", False),
        completed("d1", VILLAGE),
        completed("d1", TWP_A),
        demand(DemandOverdue, "d3", DEPT_A, org=TWP_A, deadline=date(2026, 7, 1)),
        # township B: grid 0/1, satisfaction 1/1, demands 0/1
        grid(5, TWP_B, False, "satisfied"),
        demand(DemandOverdue, "d1", DEPT_A, org=TWP_B, deadline=date(2026, 7, 1)),
    ]
    envs = [envelope(p, AT) for p in payloads]
    mystery = Envelope(
        id="mystery-1",
        type="grid.mystery.v1",
        source="/grassroots/grid",
        subject="x",
        time=AT,
        data={"x": 1},
        topic=GRID_TOPIC,
    )
    return [*envs, mystery]


async def produce_twice(bootstrap: str, envs: list[Envelope]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for _ in range(2):
            for env in envs:
                await producer.send_and_wait(
                    env.topic, value=env.value(), key=env.subject.encode(), headers=env.headers()
                )
    finally:
        await producer.stop()


def skipped_unknown() -> float:
    return MESSAGES.labels("evaluation", GRID_TOPIC, "skipped_unknown")._value.get()


async def _schemes_and_guards(app, client):
    ev = token(app, "evaluator")

    def ind(code, weight, source="metric", metric=None, duty=None, norm="rate"):
        body = {
            "code": code,
            "name": code,
            "weight": weight,
            "source": source,
            "metric": metric,
            "normalisation": norm,
        }
        return {**body, "duty_item_codes": [duty]} if duty else body

    t2d = [
        ind("unclear", 30, metric="dept.returned_unclear"),
        ind("whistle", 30, metric="dept.whistle_on_time"),
        ind("funding", 20, metric="dept.funding_yuan", norm="relative"),
        ind("service", 20, "rating"),
    ]
    d2t = [
        ind("grid", 25, metric="twp.grid_closed_on_time", duty="T-B-001"),
        ind("satisf", 15, metric="twp.satisfaction_rate", duty="T-B-002"),
        ind("cases", 20, metric="twp.cases_decided_in_time", duty="T-B-003"),
        ind("demands", 20, metric="twp.demands_completed_on_time", duty="T-B-004"),
        ind("work", 20, "rating", duty="T-B-005"),
    ]
    refused = {
        "E-SCHEME-WEIGHTS": d2t[:4],
        "E-SCHEME-INDICATOR-CAP": [
            ind(f"i{n}", 100 / 11, "rating", duty="T-B-001") for n in range(11)
        ],
        "E-SCHEME-OUT-OF-DUTY": [ind("x", 100, "rating", duty="T-A-001")],
    }
    for code, indicators in refused.items():
        r = await client.post(
            "/v1/schemes",
            json={"year": 2026, "direction": D2T, "indicators": indicators},
            headers=ev,
        )
        assert r.json()["code"] == code
    last_year = {"year": 2025, "direction": T2D, "indicators": t2d}
    assert (await client.post("/v1/schemes", json=last_year, headers=ev)).status_code == 201
    more = [*t2d[:3], ind("service", 10, "rating"), ind("extra", 10, "rating")]
    r = await client.post(
        "/v1/schemes", json={"year": 2026, "direction": T2D, "indicators": more}, headers=ev
    )
    assert r.json()["code"] == "E-SCHEME-MORE-THAN-LAST-YEAR"
    for direction, indicators in ((T2D, t2d), (D2T, d2t)):
        r = await client.post(
            "/v1/schemes",
            json={"year": 2026, "direction": direction, "indicators": indicators},
            headers=ev,
        )
        assert r.status_code == 201, r.text


async def _rate(app, client, rater, role, direction, ratee, indicator, score):
    r = await client.post(
        "/v1/ratings",
        json={
            "year": 2026,
            "direction": direction,
            "ratee": ratee,
            "indicator": indicator,
            "score": score,
        },
        headers=token(app, role, org=rater, county=None if role == "dept_submitter" else COUNTY),
    )
    assert r.status_code in (200, 201), r.text


async def test_scenario(database_url, kafka_broker):
    settings = settings_for(EvaluationSettings, database_url, kafka_broker.bootstrap)
    envs = recorded()
    unknown_before = skipped_unknown()
    async with running_app(spec(settings)) as (app, client):
        await produce_twice(kafka_broker.bootstrap, envs)

        async def consumed() -> bool:
            async with app.state.database.sessions() as session:
                return (
                    await session.scalar(select(func.count()).select_from(InboxRow))
                    == len(envs) - 1
                )

        await eventually(consumed, within=60)

        async def unknown_counted() -> bool:
            return skipped_unknown() - unknown_before >= 2

        await eventually(unknown_counted, within=30)

        await _schemes_and_guards(app, client)
        for rater, ratee, score in ((TWP_A, DEPT_A, 80), (TWP_B, DEPT_A, 90), (TWP_A, DEPT_B, 70)):
            await _rate(app, client, rater, "township_admin", T2D, ratee, "service", score)
        await _rate(app, client, DEPT_A, "dept_submitter", D2T, TWP_A, "work", 10)  # replaced below
        for rater, ratee, score in ((DEPT_A, TWP_A, 90), (DEPT_B, TWP_A, 80), (DEPT_A, TWP_B, 60)):
            await _rate(app, client, rater, "dept_submitter", D2T, ratee, "work", score)

        ev = token(app, "evaluator")
        for direction in (T2D, D2T):
            r = await client.post(
                "/v1/periods/2026/close", json={"direction": direction}, headers=ev
            )
            assert r.status_code == 200, r.text
        depts = await _results(client, ev, T2D)
        # A: unclear 2/4 → (1−0.5)·100 = 50 → 15; whistle 1/2 → 15; funding 10000 = best → 20;
        #    ratings (80+90)/2 = 85 → 17; total 67 一般, second (and last of the ranked)
        assert _points(depts[DEPT_A]) == [15, 15, 20, 17] and _summary(depts[DEPT_A]) == (
            67,
            "一般",
            2,
        )
        # B: 0/1 → 30; 1/1 → 30; 5000/10000 → 10; rating 70 → 14; total 84 良好, first
        assert _points(depts[DEPT_B]) == [30, 30, 10, 14] and _summary(depts[DEPT_B]) == (
            84,
            "良好",
            1,
        )
        # the 18 others: no data on any indicator → no score, no total, no rank (never full
        # marks: they used to get 80 and rank above A)
        others = {_summary(r) for org, r in depts.items() if org not in (DEPT_A, DEPT_B)}
        assert others == {(None, "无数据", None)} and len(depts) == 20
        twps = await _results(client, ev, D2T)
        # A: grid 3/4 → 18.75; satisfaction 2/3 → 66.67 → 10.0; cases 1/2 → 10;
        #    demands 2/3 → 66.67 → 13.33; ratings 85 → 17; total 69.08 一般, rank 1
        assert _points(twps[TWP_A]) == [18.75, 10.0, 10, 13.33, 17]
        assert _summary(twps[TWP_A]) == (69.08, "一般", 1)
        # B: 0 + 15 + (no cases: no data, weight 20 skipped) + 0 + 12 = 27 over 80 of the weight
        #    → 33.75 较差, rank 2; the 8 others have no data: no total, no rank
        assert _points(twps[TWP_B]) == [0, 15, None, 0, 12] and _summary(twps[TWP_B]) == (
            33.75,
            "较差",
            2,
        )
        assert {_summary(r) for o, r in twps.items() if o not in (TWP_A, TWP_B)} == {
            (None, "无数据", None)
        }

        explained = (
            await client.get(
                f"/v1/results/{TWP_A}/explain", params={"year": 2026, "direction": D2T}, headers=ev
            )
        ).json()
        by_code = {i["code"]: i for i in explained["indicators"]}
        grid_ids = {
            e.id for e in envs if e.type == "grid.event.closed.v1" and e.data["township"] == TWP_A
        }
        assert {e["ce_id"] for e in by_code["grid"]["events"]} == grid_ids
        assert len(by_code["demands"]["events"]) == 3
        assert by_code["work"]["ratings"] == {"count": 2, "scores": [80, 90], "mean": 85}

        async with app.state.database.sessions() as session:
            before = await metrics_repo.snapshot(session)
        replayed = await client.post("/v1/replay", params={"source": "broker"}, headers=ev)
        assert replayed.status_code == 200, replayed.text
        report = replayed.json()
        assert report["source"] == "broker"
        assert report["results_identical"] and report["differences"] == []
        assert report["events_read"] >= 2 * len(envs)  # plus our own period/result events
        assert report["duplicates"] == len(envs) - 1
        assert report["skipped_types"] == {"grid.mystery.v1": 2}
        async with app.state.database.sessions() as session:
            assert await metrics_repo.snapshot(session) == before
        by_cli = await run_cli(settings)  # the command does the same
        assert by_cli["results_identical"] and by_cli["skipped_types"] == {"grid.mystery.v1": 2}
        denied = await client.post("/v1/replay", headers=token(app, "auditor"))
        assert denied.status_code == 403
    await drain_background_tasks()


async def drain_background_tasks() -> None:
    """Lets Kafka clients the runtime left stopping in the background finish while the broker
    still runs (otherwise the event loop's teardown waits on a broker that is gone)."""
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    if pending:
        await asyncio.wait(pending, timeout=30)


async def _results(client, headers, direction):
    r = await client.get(
        "/v1/results", params={"year": 2026, "direction": direction}, headers=headers
    )
    return {row["org"]: row for row in r.json()}


def _points(result):
    return [i["points"] for i in result["indicators"]]


def _summary(result):
    return result["total"], result["grade"], result["rank"]
