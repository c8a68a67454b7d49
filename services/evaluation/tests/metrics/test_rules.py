"""The projection rules, one event type at a time (pure: no database)."""

from datetime import UTC, date, datetime

from grassroots.common.events.admission import (
    ComplaintRuled,
    DemandAdmitted,
    DemandCompleted,
    DemandOverdue,
    DemandRejected,
    DemandReturned,
    DemandSubmitted,
    FormFillingSubmitted,
)
from grassroots.common.events.enforcement import CaseDecided, CaseFiled, CaseOverdue, LogAppended
from grassroots.common.events.grid import GridEventClosed, WhistleAnswered, WhistleOverdue
from grassroots.evaluation.metrics.definitions import METRICS
from grassroots.evaluation.metrics.rules import contributions, period_of, township_of

T = datetime(2026, 3, 31, 20, tzinfo=UTC)  # 2026-04-01 04:00 in China
DEPT = "11990101MB00000006"
TWP = "990101101000"
BASE = {"demand_id": "d1", "county": "990101000000", "submitter": DEPT, "kind": "task"}


def moved(event, time=T):
    return {
        (c.metric, c.org, c.year, c.month, c.key, c.numerator, c.denominator)
        for c in contributions(event, time)
    }


def test_at_least_ten_metrics_both_directions():
    subjects = [m.subject for m in METRICS.values()]
    assert len(METRICS) >= 10
    assert subjects.count("department") >= 5 and subjects.count("township") >= 5


def test_month_is_china_time():
    assert period_of(T) == (2026, 4)
    assert period_of(date(2026, 12, 31)) == (2026, 12)
    assert township_of("990101101201") == TWP and township_of(TWP) == TWP
    assert township_of(DEPT) is None and township_of("990101000000") is None


def test_submitted_counts_once_and_auto_return_as_unclear():
    event = DemandSubmitted(
        **BASE,
        title="t",
        target_level="township",
        targets=[TWP],
        deadline=date(2026, 5, 1),
        outcome="returned",
        reason_codes=["R-UNCLEAR"],
    )
    assert moved(event) == {
        ("dept.returned_unclear", DEPT, 2026, 4, "d1:d", 0, 1),
        ("dept.rejected_negative", DEPT, 2026, 4, "d1:d", 0, 1),
        ("dept.returned_unclear", DEPT, 2026, 4, "d1:n", 1, 0),
    }


def test_returned_and_rejected_by_reason_code():
    returned = DemandReturned(**BASE, targets=[TWP], reason_codes=["R-UNCLEAR"])
    assert moved(returned) == {("dept.returned_unclear", DEPT, 2026, 4, "d1:n", 1, 0)}
    other = DemandReturned(**BASE, targets=[TWP], reason_codes=["R-DEADLINE-SHORT"])
    assert moved(other) == set()
    rejected = DemandRejected(**BASE, targets=[TWP], reason_codes=["R-NEGATIVE-LIST"])
    assert moved(rejected) == {("dept.rejected_negative", DEPT, 2026, 4, "d1:n", 1, 0)}
    for code in ("R-WITHDRAWN", "R-DISGUISED-WITHDRAWN"):
        withdrawn = DemandRejected(**BASE, targets=[TWP], reason_codes=[code])
        assert moved(withdrawn) == {("dept.rejected_negative", DEPT, 2026, 4, "d1:n", 1, 0)}
    unapproved = DemandRejected(**BASE, targets=[TWP], reason_codes=["R-FORM-NOT-APPROVED"])
    assert moved(unapproved) == set()


def test_admitted_funding():
    event = DemandAdmitted(**BASE, targets=[TWP], deadline=date(2026, 5, 1), funding_yuan=5000)
    assert moved(event) == {
        ("dept.demands_funded", DEPT, 2026, 4, "d1", 1, 1),
        ("dept.funding_yuan", DEPT, 2026, 4, "d1", 5000, 0),
    }


def test_complaint_ruled():
    event = ComplaintRuled(
        complaint_id="c1",
        county="990101000000",
        complainant=TWP,
        department=DEPT,
        kind="unclear",
        upheld=True,
    )
    assert moved(event) == {("dept.complaints_upheld", DEPT, 2026, 4, "c1", 1, 1)}


def test_whistles_count_once_per_department_by_due_month():
    due = datetime(2026, 2, 1, tzinfo=UTC)
    answered = WhistleAnswered(
        whistle_id="w1", township=TWP, department=DEPT, answered_at=T, due_at=due, on_time=False
    )
    overdue = WhistleOverdue(whistle_id="w1", township=TWP, department=DEPT, due_at=due)
    assert (
        moved(answered)
        == moved(overdue)
        == {("dept.whistle_on_time", DEPT, 2026, 2, f"w1:{DEPT}", 0, 1)}
    )


def test_grid_event_closed_feeds_the_three_rates():
    event = GridEventClosed(
        grid_event_id="g1",
        township=TWP,
        grid_id=None,
        category="c",
        urgency="normal",
        at=T,
        resolved=True,
        satisfaction="dissatisfied",
        on_time=False,
        responded_on_time=True,
    )
    assert moved(event) == {
        ("twp.grid_closed_on_time", TWP, 2026, 4, "g1", 0, 1),
        ("twp.response_rate", TWP, 2026, 4, "g1", 1, 1),
        ("twp.resolution_rate", TWP, 2026, 4, "g1", 1, 1),
        ("twp.satisfaction_rate", TWP, 2026, 4, "g1", 0, 1),
    }


def test_cases():
    decided = CaseDecided(
        case_id="k1",
        township=TWP,
        item_code="ZF-1",
        decided_at=T,
        filed_at=T,
        fine_yuan=100,
        within_limit=True,
    )
    filed = CaseFiled(
        case_id="k1", township=TWP, item_code="ZF-1", filed_at=T, discovered_at=T, on_time=False
    )
    assert moved(decided) == {("twp.cases_decided_in_time", TWP, 2026, 4, "k1", 1, 1)}
    assert moved(filed) == {("twp.cases_filed_on_time", TWP, 2026, 4, "k1", 0, 1)}
    assert moved(LogAppended(township=TWP, seq=1, entry_hash="h", kind="patrol")) == set()


def test_a_case_past_its_filing_or_decision_limit_counts_as_a_miss_in_the_month_due():
    def overdue(limit: str) -> CaseOverdue:
        return CaseOverdue(case_id="k2", township=TWP, limit=limit, due=date(2026, 3, 31))

    assert moved(overdue("filing")) == {("twp.cases_filed_on_time", TWP, 2026, 3, "k2", 0, 1)}
    assert moved(overdue("decision")) == {("twp.cases_decided_in_time", TWP, 2026, 3, "k2", 0, 1)}
    assert moved(overdue("service")) == moved(overdue("payment")) == set()


def test_village_completion_counts_for_its_township():
    village = "990101101201"
    done = DemandCompleted(
        **BASE, org=village, deadline=date(2026, 5, 1), completed_at=T, on_time=True
    )
    late = DemandOverdue(**BASE, org=TWP, deadline=date(2026, 5, 1))
    assert moved(done) == {("twp.demands_completed_on_time", TWP, 2026, 5, f"d1:{village}", 1, 1)}
    assert moved(late) == {("twp.demands_completed_on_time", TWP, 2026, 5, f"d1:{TWP}", 0, 1)}
    assert (
        moved(
            DemandCompleted(
                **{**BASE}, org=DEPT, deadline=date(2026, 5, 1), completed_at=T, on_time=True
            )
        )
        == set()
    )


def test_a_moment_counts_in_chinas_month_on_any_host():
    from datetime import UTC, datetime

    from grassroots.evaluation.metrics.rules import period_of

    # 2026-12-01 00:30 in China is still November in UTC
    assert period_of(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == (2026, 12)


def test_fields_typed_by_hand_count_per_filling_of_the_submitting_department():
    event = FormFillingSubmitted(
        filling_id="fl-1",
        demand_id="d1",
        form_code="F-001",
        county="990101000000",
        submitter=DEPT,
        org="990101101201",
        period="2026-Q1",
        fields_asked=6,
        rows=1,
        fields_prefilled=4,
        fields_typed=2,
        fields_shared=0,
        submitted_at=T,
    )
    assert moved(event) == {("dept.form_fields_typed", DEPT, 2026, 4, "fl-1", 2.0, 1.0)}
    definition = METRICS["dept.form_fields_typed"]
    assert (definition.subject, definition.kind, definition.higher_is_better) == (
        "department",
        "mean",
        False,
    )
