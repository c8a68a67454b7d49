"""Units nobody rated (issue 16): no data is no score, never full marks.

In a ratings-only period the departments no township rated used to get the policy default (100)
and rank above the two that were rated. Now they have no score (无数据), no total and no rank;
an indicator without data is skipped (the others' weights scaled to the whole) or, declared
`exclude`, leaves the unit out of the result.
"""

from evaluationtest_support import DEPT_A, DEPT_B, TWP_A, TWP_B, token

from grassroots.evaluation.periods.rules import score_period

T2D = "township_rates_department"
THRESHOLDS = {"优秀": 90.0, "良好": 80.0, "一般": 60.0}


async def _rate(app, client, rater, ratee, indicator, score):
    response = await client.post(
        "/v1/ratings",
        json={
            "year": 2026,
            "direction": T2D,
            "ratee": ratee,
            "indicator": indicator,
            "score": score,
        },
        headers=token(app, "township_admin", org=rater),
    )
    assert response.status_code == 201, response.text


async def test_unrated_departments_have_no_score_and_no_rank(evaluation):
    app, client = evaluation
    ev = token(app, "evaluator")
    scheme = {
        "year": 2026,
        "direction": T2D,
        "indicators": [{"code": "service", "name": "服务基层", "weight": 100, "source": "rating"}],
    }
    assert (await client.post("/v1/schemes", json=scheme, headers=ev)).status_code == 201
    await _rate(app, client, TWP_A, DEPT_A, "service", 70)
    await _rate(app, client, TWP_B, DEPT_A, "service", 80)
    await _rate(app, client, TWP_A, DEPT_B, "service", 90)
    closed = await client.post("/v1/periods/2026/close", json={"direction": T2D}, headers=ev)
    assert closed.status_code == 200, closed.text

    results = (
        await client.get("/v1/results", params={"year": 2026, "direction": T2D}, headers=ev)
    ).json()
    assert len(results) > 2
    # the two rated departments rank first and second, on their ratings
    assert [(r["org"], r["total"], r["grade"], r["rank"]) for r in results[:2]] == [
        (DEPT_B, 90, "优秀", 1),
        (DEPT_A, 75, "一般", 2),
    ]
    # every other department: no data — no score, no total, no rank, never 100
    for other in results[2:]:
        assert (other["total"], other["grade"], other["rank"]) == (None, "无数据", None)
        assert [(i["raw"], i["score"], i["points"]) for i in other["indicators"]] == [
            (None, None, None)
        ]
    explained = await client.get(
        f"/v1/results/{results[-1]['org']}/explain",
        params={"year": 2026, "direction": T2D},
        headers=ev,
    )
    assert explained.status_code == 200
    assert (
        explained.json()["total"] is None and "无数据" in explained.json()["indicators"][0]["how"]
    )


def _scheme(no_data=None):
    rating = {"code": "service", "name": "服务", "weight": 40, "source": "rating"}
    if no_data:
        rating["no_data"] = no_data
    metric = {
        "code": "whistle",
        "name": "吹哨按时",
        "weight": 60,
        "source": "metric",
        "metric": "dept.whistle_on_time",
    }
    return [metric, rating]


METRICS = {("A", "dept.whistle_on_time"): (1, 2), ("B", "dept.whistle_on_time"): (2, 2)}
RATINGS = {("A", "service"): [90]}


def _score(indicators, default="skip"):
    results = score_period(
        orgs=["A", "B", "C"],
        indicators=indicators,
        metrics=METRICS,
        ratings=RATINGS,
        thresholds=THRESHOLDS,
        lowest_grade="较差",
        no_data=default,
    )
    return {r.org: (r.total, r.grade, r.rank) for r in results}


def test_skip_ranks_on_the_indicators_with_data():
    # A: 50 × 60% = 30 + 90 × 40% = 36 → 66; B: 100 × 60% = 60, no rating → 60 / 60% = 100;
    # C: nothing at all → left out
    assert _score(_scheme()) == {
        "A": (66, "一般", 2),
        "B": (100, "优秀", 1),
        "C": (None, "无数据", None),
    }


def test_exclude_leaves_the_unit_out_of_the_result():
    expected = {"A": (66, "一般", 1), "B": (None, "无数据", None), "C": (None, "无数据", None)}
    assert _score(_scheme("exclude")) == expected
    assert _score(_scheme(), default="exclude") == expected  # the policy's default
    # declared skip wins over the default; the metric indicator takes the default (exclude),
    # and C, without the metric, is out
    assert _score(_scheme("skip"), default="exclude") == {
        "A": (66, "一般", 2),
        "B": (100, "优秀", 1),
        "C": (None, "无数据", None),
    }


def test_a_sum_without_any_event_is_no_data():
    funding = {
        "code": "funding",
        "name": "经费",
        "weight": 100,
        "source": "metric",
        "metric": "dept.funding_yuan",
        "normalisation": "relative",
    }
    results = score_period(
        orgs=["A", "B", "C"],
        indicators=[funding],
        metrics={("A", "dept.funding_yuan"): (3000, 1), ("B", "dept.funding_yuan"): (0, 1)},
        ratings={},
        thresholds=THRESHOLDS,
        lowest_grade="较差",
    )
    by_org = {r.org: (r.total, r.rank) for r in results}
    assert by_org == {"A": (100, 1), "B": (0, 2), "C": (None, None)}
