"""Scoring by hand: normalisation, points, total, grade, rank (pure)."""

from grassroots.evaluation.periods.rules import grade_of, normalise, ranks, score_period

THRESHOLDS = {"优秀": 90.0, "良好": 80.0, "一般": 60.0}


def test_normalise_rules():
    assert normalise(normalisation="rate", higher_is_better=True, value=0.75, others=[]) == 75
    assert normalise(normalisation="rate", higher_is_better=False, value=0.2, others=[]) == 80
    assert normalise(normalisation="rate", higher_is_better=True, value=None, others=[]) is None
    assert (
        normalise(
            normalisation="relative",
            higher_is_better=True,
            value=3000,
            others=[3000, 6000],
        )
        == 50
    )
    assert normalise(normalisation="relative", higher_is_better=True, value=0, others=[0]) == 100
    assert (
        normalise(
            normalisation="relative",
            higher_is_better=False,
            value=0.4,
            others=[0.1, 0.4],
        )
        == 25
    )
    assert normalise(normalisation="relative", higher_is_better=False, value=0, others=[0]) == 100


def test_grades_and_ranks():
    assert [grade_of(t, THRESHOLDS, "较差") for t in (95, 90, 89.99, 80, 60, 59.99)] == [
        "优秀",
        "优秀",
        "良好",
        "良好",
        "一般",
        "较差",
    ]
    assert ranks({"a": 90, "b": 95, "c": 90, "d": 10}) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_score_period_by_hand():
    indicators = [
        {
            "code": "grid",
            "name": "按时办结",
            "weight": 50,
            "source": "metric",
            "metric": "twp.grid_closed_on_time",
            "normalisation": "rate",
        },
        {"code": "rate", "name": "部门评价", "weight": 30, "source": "rating"},
        {
            "code": "cases",
            "name": "按期决定",
            "weight": 20,
            "source": "metric",
            "metric": "twp.cases_decided_in_time",
            "normalisation": "relative",
        },
    ]
    metrics = {
        ("A", "twp.grid_closed_on_time"): (3, 4),
        ("B", "twp.grid_closed_on_time"): (1, 1),
        ("A", "twp.cases_decided_in_time"): (1, 2),
        ("B", "twp.cases_decided_in_time"): (2, 2),
    }
    ratings = {("A", "rate"): [80, 90], ("B", "rate"): [70]}
    results = score_period(
        orgs=["A", "B", "C"],
        indicators=indicators,
        metrics=metrics,
        ratings=ratings,
        thresholds=THRESHOLDS,
        lowest_grade="较差",
    )
    by_org = {r.org: r for r in results}
    # A: grid 75 → 37.5; rating mean 85 → 25.5; cases 0.5 vs best 1.0 → 50 → 10; total 73 一般, rank 2 (B 91 > A 73; C has no rank)
    a = by_org["A"]
    assert [(i.raw, i.score, i.points) for i in a.indicators] == [
        (0.75, 75, 37.5),
        (85, 85, 25.5),
        (0.5, 50, 10),
    ]
    assert (a.total, a.grade, a.rank) == (73, "一般", 2)
    # B: 100 → 50; 70 → 21; 100 → 20; total 91 优秀, rank 1
    assert (by_org["B"].total, by_org["B"].grade, by_org["B"].rank) == (91, "优秀", 1)
    # C: no data anywhere → no score on any indicator, no total, no grade, no rank
    assert (by_org["C"].total, by_org["C"].grade, by_org["C"].rank) == (None, "无数据", None)
    assert [(i.score, i.points) for i in by_org["C"].indicators] == [(None, None)] * 3
    assert [r.org for r in results] == ["B", "A", "C"]
    assert a.indicators[1].ratings == (80, 90)
