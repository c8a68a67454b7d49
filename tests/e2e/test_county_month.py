"""A month of the demo county across the four services, through their public APIs only.

Departments send demands of every kind (some admitted, returned, rejected), townships dispatch and
villages complete (on time, late, never); grid events walk the six steps (in time, late,
referred to enforcement and closed through a case); whistles are answered on time and late;
inspection plans are registered under the cap; ratings are given; evaluation is killed mid-month
and restarted; the year is closed. Every metric, score and grade is compared with the test's own
ledger of what it did. The second test delivers every event again and nothing may change.
"""

from collections import Counter
from typing import Any

from county import admission, enforcement, evaluation, grid, pipeline
from county import plan as p
from county.context import County
from county.month import Month
from county.orgs import (
    AGRICULTURE,
    CHENGGUAN,
    CIVIL,
    ECOLOGY,
    EMERGENCY,
    FORESTRY,
    LAND,
    MARKET,
    QINGSHAN,
    SHIMEN,
    TOWNSHIPS,
    VILLAGES,
    units_of_kind,
)
from county.schemes import D2T, INDICATORS, T2D
from county.scoring import expected_results

from grassroots.common.events import EVALUATION_TOPIC
from grassroots.common.services import SERVICE_NAMES

QS_VILLAGES, SM_VILLAGES, CG_VILLAGES = (list(VILLAGES[t]) for t in TOWNSHIPS)
STATE: dict[str, County] = {}  # the month, handed to the redelivery test


def test_a_month_of_the_county(grassroots_suite, event_recorder):
    suite = grassroots_suite
    county = County(suite, event_recorder, Month.after(suite.clock.now()))
    STATE["county"] = county

    # The catalog is published; the county wakes up on the first working day of next month.
    admission.publish_catalog(county)
    county.travel(1)
    for township in TOWNSHIPS:
        grid.build_grids(county, township)
        enforcement.add_officers(county, township)
    evaluation.create_schemes(county)
    straw_plan = evaluation.register_plan(county, ECOLOGY, [CHENGGUAN], "秸秆禁烧专项督查")
    evaluation.approve_plan(county, straw_plan)
    for dept in (FORESTRY, LAND, AGRICULTURE, EMERGENCY):
        evaluation.approve_plan(county, evaluation.register_plan(county, dept, [QINGSHAN], "检查"))
    fifth = evaluation.register_plan(county, MARKET, [QINGSHAN], "市场秩序检查")
    evaluation.refuse_over_cap(county, fifth)
    pipeline.wait_applied(county, "task-admission", EVALUATION_TOPIC, 5)

    # Day 1: the first demands; a litter report closed the same morning.
    forest = admission.submit(county, p.FOREST_PATROL, due=8)
    disputes = admission.submit(county, p.DISPUTES, due=9)
    safety_ledger = admission.submit(county, p.SAFETY_LEDGER, due=7)
    food = admission.submit(county, p.FOOD_IN_DISGUISE, due=8)
    admission.submit(county, p.KINSHIP_CERTIFICATE, due=8)
    grid.walk(county, grid.report(county, QS_VILLAGES[0], "environment", "路边垃圾堆放"))

    # Day 2: 青山镇 dispatches; three demands go back, one is refused; a whistle answered at once;
    # a quarrel in 石门镇 is reported and nobody accepts it today.
    county.travel(2)
    admission.dispatch(county, forest, QINGSHAN, QS_VILLAGES)
    admission.receive(county, forest, SHIMEN)
    short = admission.submit(county, p.SHORT_NOTICE, due=3)
    vague_fire = admission.submit(county, p.VAGUE_FIRE_PUBLICITY, due=9)
    farmland = admission.submit(county, p.FARMLAND_NO_SUPPORT, due=10)
    admission.submit(county, p.UNREGISTERED_INSPECTION, due=9)
    first_whistle = grid.blow_whistle(county, QINGSHAN, [FORESTRY, LAND], hours=24)
    grid.answer(county, first_whistle, FORESTRY)
    grid.answer(county, first_whistle, LAND)
    quarrel = grid.report(county, SM_VILLAGES[0], "dispute", "邻里宅基地纠纷")

    # Day 3: the quarrel is accepted late; corrected demands come back; a meeting is reviewed;
    # a broken lamp is assigned to a worker who will be slow.
    county.travel(3)
    grid.await_overdue(county, quarrel, "accepted")
    grid.walk(county, quarrel, satisfaction="dissatisfied")
    admission.resubmit(county, short, p.SHORT_NOTICE_FIXED, due=9)
    admission.resubmit(county, farmland, p.FARMLAND_FUNDED, due=10)
    admission.withdraw(county, vague_fire, FORESTRY)
    admission.submit(county, p.UNAPPROVED_FORM, due=9)
    meeting = admission.submit(county, p.SAFETY_MEETING, due=8)
    admission.review(county, meeting, p.SAFETY_MEETING, "approve")
    lamp = grid.report(county, QS_VILLAGES[1], "road_facility", "路灯损坏")
    grid.step(county, lamp, "accept", {})
    grid.assign_to_worker(county, lamp)

    # Day 4: an inspection under its plan; a whistle with four hours; a house built on farmland
    # is referred to enforcement, prosecuted, and the grid closes the event after the case.
    county.travel(4)
    vague_straw = admission.submit(county, p.VAGUE_STRAW_BAN, due=10)
    inspection = admission.submit(county, p.under_plan(p.STRAW_INSPECTION, straw_plan), due=9)
    second_whistle = grid.blow_whistle(county, SHIMEN, [LAND, ECOLOGY], hours=4)
    grid.answer(county, second_whistle, LAND)
    house = grid.report(county, QS_VILLAGES[0], "illegal_building", "村民违法占用耕地建房")
    grid.refer(county, house, "ZF-012")
    enforcement.prosecute(county, QINGSHAN, enforcement.case_of(county, house), fine=1000)
    grid.await_handled_by_case(county, house)
    grid.close(county, house)

    # Day 5: 生态环境局 reports late; 青山镇 and its villages finish the forest patrol; 城关
    # closes two events; complaints are ruled.
    county.travel(5)
    grid.answer(county, second_whistle, ECOLOGY, late=True)
    admission.resubmit(county, vague_straw, p.STRAW_BAN_CLEAR, due=10)
    for org in (*QS_VILLAGES, QINGSHAN):
        admission.complete(county, forest, org)
    pothole = grid.report(county, CG_VILLAGES[0], "road_facility", "道路坑洼")
    grid.walk(county, pothole, satisfaction=None, resolved=False)
    stall = grid.report(county, CG_VILLAGES[1], "food_drug", "流动摊贩占道经营")
    grid.walk(county, stall, satisfaction="basically_satisfied")
    for org, dept, kind, demand, upheld in (
        (QINGSHAN, MARKET, "bypassed_platform", food, True),
        (SM_VILLAGES[0], CIVIL, "unclear", None, False),
        (CHENGGUAN, AGRICULTURE, "out_of_list", None, True),
    ):
        admission.rule(county, admission.complain(county, org, dept, kind, demand), dept, upheld)

    # Day 6: village work, reviews that refuse and return, completions in time.
    county.travel(6)
    survey = admission.submit(county, p.LOW_INCOME_SURVEY, due=11)
    certificate = admission.submit(county, p.PLANTING_CERTIFICATE, due=12)
    admission.review(county, certificate, p.PLANTING_CERTIFICATE, "reject")
    visit = admission.submit(county, p.FIELD_VISIT, due=12)
    admission.review(county, visit, p.FIELD_VISIT, "return")
    admission.submit(county, p.DUPLICATE_FIELDS, due=12)
    for demand, orgs in (
        (safety_ledger, (QINGSHAN, CHENGGUAN)),
        (meeting, (QINGSHAN, SHIMEN)),
        (short, (QINGSHAN,)),
    ):
        for org in orgs:
            admission.complete(county, demand, org)

    # Day 7: 编办 publishes next year's lists and a burst of reports and completions follows;
    # evaluation is killed (SIGKILL) in the middle of consuming it; the county keeps working.
    county.travel(7)
    with pipeline.killed_while_consuming(county, "evaluation"):
        admission.publish_next_year(county)
        burst = [grid.report(county, v, "environment", "河道漂浮垃圾") for v in SM_VILLAGES * 3]
        admission.complete(county, inspection, CHENGGUAN)
        admission.dispatch(county, disputes, SHIMEN, SM_VILLAGES[:1])
        grid.blow_whistle(county, CHENGGUAN, [MARKET], hours=24)  # never answered
    for org in (SM_VILLAGES[0], SHIMEN):
        admission.complete(county, disputes, org)
    for n, event in enumerate(burst):
        grid.walk(county, event, satisfaction="dissatisfied" if n == 0 else "satisfied")
    grid.await_overdue(county, lamp, "handled")
    grid.handle(county, lamp)
    grid.close(county, lamp, satisfaction="basically_satisfied")
    fire = grid.report(county, SM_VILLAGES[1], "environment", "农户露天焚烧秸秆")
    grid.refer(county, fire, "ZF-001")
    enforcement.prosecute(county, SHIMEN, enforcement.case_of(county, fire), fine=800)
    grid.await_handled_by_case(county, fire)
    grid.close(county, fire)
    suite.start_service("evaluation")
    suite.wait_ready(["evaluation"])

    # Day 8: a village finishes its survey; a four-hour whistle; penalties on the spot and a
    # filing refused as late; townships and departments rate each other.
    county.travel(8)
    admission.receive(county, survey, SM_VILLAGES[0])
    admission.complete(county, survey, SM_VILLAGES[0])
    fourth_whistle = grid.blow_whistle(county, QINGSHAN, [FORESTRY, MARKET], hours=4)
    grid.answer(county, fourth_whistle, MARKET)
    enforcement.on_the_spot(county, CHENGGUAN, "ZF-011", fine=100)
    enforcement.filing_refused_as_late(county, CHENGGUAN, "ZF-012")
    for rater, ratee, score in (
        (QINGSHAN, FORESTRY, 90),
        (SHIMEN, FORESTRY, 80),
        (QINGSHAN, LAND, 70),
        (CHENGGUAN, MARKET, 60),
    ):
        evaluation.rate(county, rater, ratee, "service", score)

    # Day 9: late answers and completions after the scans flagged them; a verification fails.
    county.travel(9)
    grid.answer(county, fourth_whistle, FORESTRY, late=True)
    admission.complete(county, forest, SHIMEN)
    admission.complete(county, farmland, QINGSHAN)
    manhole = grid.report(county, QS_VILLAGES[0], "public_safety", "井盖缺失")
    grid.step(county, manhole, "accept", {})
    grid.assign_to_worker(county, manhole)
    grid.handle(county, manhole)
    grid.step(county, manhole, "verify", {"passed": False})
    grid.handle(county, manhole)
    grid.close(county, manhole, satisfaction="dissatisfied")

    # Day 10 and 12: more ratings (one replaced); the survey's second village finishes late;
    # a report is left open at the month's end.
    county.travel(10)
    for rater, ratee, indicator, score in (
        (QINGSHAN, LAND, "service", 75),
        (FORESTRY, QINGSHAN, "work", 88),
        (AGRICULTURE, SHIMEN, "work", 76),
        (EMERGENCY, CHENGGUAN, "work", 92),
        (AGRICULTURE, CHENGGUAN, "work", 84),
    ):
        evaluation.rate(county, rater, ratee, indicator, score)
    county.travel(12)
    admission.receive(county, survey, SM_VILLAGES[1])
    admission.complete(county, survey, SM_VILLAGES[1])
    grid.report(county, CG_VILLAGES[0], "environment", "绿化带垃圾")

    # The year ends: whatever was never done is overdue; evaluation has seen everything.
    suite.clock.travel_to(county.month.next_year())
    county.ledger.close_month()
    pipeline.wait_evaluation_caught_up(county, county.ledger.expected_events())
    assert not event_recorder.dead_letters
    for org in units_of_kind("township") + units_of_kind("department"):
        assert evaluation.metrics_of(county, org) == county.ledger.metrics(org), org

    evaluation.close_period(county)
    for direction, kind in ((T2D, "department"), (D2T, "township")):
        expected = expected_results(
            direction, INDICATORS[direction], units_of_kind(kind), county.ledger
        )
        published = evaluation.results(county, direction)
        assert set(published) == set(expected)
        for org, want in expected.items():
            got = published[org]
            points = tuple(i["points"] for i in got["indicators"])
            assert (points, got["total"], got["grade"], got["rank"]) == (
                want.points,
                want.total,
                want.grade,
                want.rank,
            ), (direction, org)

    # Every point explained down to the events that made it.
    closed_in_qingshan = {e.id for e in county.events("grid.event.closed.v1", township=QINGSHAN)}
    assert evaluation.explained_events(county, QINGSHAN, D2T, "grid") == closed_in_qingshan
    admitted_forestry = {e.id for e in county.events("demand.admitted.v1", submitter=FORESTRY)}
    assert evaluation.explained_events(county, FORESTRY, T2D, "funding") == admitted_forestry


def _state_of_the_county(county: County) -> dict[str, Any]:
    """What the redelivery must not change, read through the services' APIs."""
    orgs = units_of_kind("township") + units_of_kind("department")
    state: dict[str, Any] = {org: evaluation.metrics_of(county, org) for org in orgs}
    for township in TOWNSHIPS:
        params = {"township": township, "limit": 500}
        state[f"grid {township}"] = county.call(
            "grid", "township_admin", township, "GET", "/v1/grid-events", params=params
        )["items"]
        state[f"whistles {township}"] = county.call(
            "grid", "township_admin", township, "GET", "/v1/whistles"
        )
        state[f"cases {township}"] = county.call(
            "enforcement",
            "enforcement_supervisor",
            township,
            "GET",
            "/v1/cases",
            params={"township": township},
        )["items"]
    return state


def test_every_event_delivered_again_changes_nothing(grassroots_suite, event_recorder):
    assert "county" in STATE, "runs after the month (test_a_month_of_the_county)"
    county = STATE["county"]
    county.recorder = event_recorder
    pipeline.wait_all_consumed(county)
    before = _state_of_the_county(county)
    inboxes = {name: pipeline.inbox(county, name) for name in SERVICE_NAMES}
    handled = {name: pipeline.processed(county, name) for name in SERVICE_NAMES}
    again = list({e.id: e for e in event_recorder.events}.values())
    sent = Counter(e.topic for e in again)

    pipeline.redeliver(grassroots_suite.bootstrap, again)

    def delta(name: str) -> Counter[tuple[str, str]]:
        return pipeline.processed(county, name) - handled[name]

    for name, topics in pipeline.CONSUMES.items():
        county.eventually(
            lambda name=name, topics=topics: all(
                pipeline.per_topic(delta(name))[t] >= sent[t] for t in topics
            ),
            f"{name} handled the redelivered records",
        )
        results = {result for (_, result), n in delta(name).items() if n}
        assert results <= {"duplicate", "skipped_unhandled"}, (name, delta(name))
    assert sum(n for (_, r), n in delta("evaluation").items() if r == "duplicate") == len(again)
    assert {name: pipeline.inbox(county, name) for name in SERVICE_NAMES} == inboxes
    assert _state_of_the_county(county) == before
    assert not event_recorder.dead_letters
