"""Ratings: one per rater/ratee/indicator, replaced until close, only as one's own org."""

from evaluationtest_support import COUNTY, DEPT_A, DEPT_B, TWP_A, TWP_B, token

D2T = "department_rates_township"
T2D = "township_rates_department"
GROUP = "11990101MB000022XD"  # 县委县政府督查室 acting as a 片区协调组


async def _schemes(app, client):
    ev = token(app, "evaluator")
    d2t = {
        "year": 2026,
        "direction": D2T,
        "indicators": [
            {
                "code": "work",
                "name": "部门评价",
                "weight": 70,
                "source": "rating",
                "duty_item_codes": ["T-B-001"],
            },
            {
                "code": "group",
                "name": "协调组评价",
                "weight": 30,
                "source": "rating",
                "duty_item_codes": ["T-B-002"],
                "rater_orgs": [GROUP],
            },
        ],
    }
    t2d = {
        "year": 2026,
        "direction": T2D,
        "indicators": [{"code": "service", "name": "服务基层", "weight": 100, "source": "rating"}],
    }
    for body in (d2t, t2d):
        assert (await client.post("/v1/schemes", json=body, headers=ev)).status_code == 201


def rating(direction, ratee, indicator, score, **extra):
    return {
        "year": 2026,
        "direction": direction,
        "ratee": ratee,
        "indicator": indicator,
        "score": score,
        **extra,
    }


async def test_rate_replace_and_rules(evaluation):
    app, client = evaluation
    await _schemes(app, client)
    twp = token(app, "township_admin", org=TWP_A)
    dept = token(app, "dept_submitter", org=DEPT_A, county=None)
    first = await client.post("/v1/ratings", json=rating(T2D, DEPT_A, "service", 70), headers=twp)
    assert first.status_code == 201 and not first.json()["replaced"]
    second = await client.post("/v1/ratings", json=rating(T2D, DEPT_A, "service", 80), headers=twp)
    assert second.status_code == 200 and second.json()["replaced"]
    refusals = [
        (twp, rating(T2D, DEPT_A, "service", 80, rater=TWP_B), 403, "AUTH-ORG"),
        (twp, rating(D2T, TWP_B, "work", 80), 403, "E-RATING-RATER"),
        (dept, rating(D2T, DEPT_B, "work", 80), 422, "E-RATING-RATEE"),
        (dept, rating(D2T, TWP_A, "nope", 80), 422, "E-RATING-INDICATOR"),
        (dept, rating(D2T, TWP_A, "group", 80), 403, "E-RATING-RATER"),
        (twp, rating(T2D, TWP_A, "service", 80), 422, "E-RATING-SELF"),
        (twp, {**rating(T2D, DEPT_A, "service", 80), "year": 2027}, 422, "E-SCHEME-MISSING"),
    ]
    for headers, body, status, code in refusals:
        response = await client.post("/v1/ratings", json=body, headers=headers)
        assert (response.status_code, response.json()["code"]) == (status, code), body
    bad = await client.post("/v1/ratings", json=rating(T2D, DEPT_A, "service", 101), headers=twp)
    assert bad.status_code == 422
    group = token(app, "evaluator", org=GROUP, county=COUNTY)
    ok = await client.post("/v1/ratings", json=rating(D2T, TWP_A, "group", 95), headers=group)
    assert ok.status_code == 201, ok.text
    auditor = await client.post(
        "/v1/ratings", json=rating(T2D, DEPT_A, "service", 1), headers=token(app, "auditor")
    )
    assert auditor.status_code == 403
